import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn } from "./helpers";

const WAVE = String(new Date().getUTCFullYear());
const SCREENS = "test-results/screens";

async function signedIn(page: Page, email: string) {
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(path) };
}

test("staff open the open wave's dashboard from the waves list and see every part", async ({ page }) => {
  // Twelve charts, axe and a full-page screenshot: 78 s at load average 13 on 2 cores (passes alone
  // with more time; at 60 s it timed out only under load).
  test.setTimeout(120_000);
  await signedIn(page, accounts.staff.email);
  await page.getByRole("link", { name: `${WAVE} survey` }).click();
  await expect(page).toHaveURL(new RegExp(`/waves/${WAVE}$`));
  await expect(page.getByRole("heading", { level: 1, name: `${WAVE} survey` })).toBeVisible();
  for (const heading of ["Responses", "Indices", "The trust gap", "Headline trust (0 to 10)", "Answers to each question", "Breakdowns", "Technology readiness and the trust gap", "Trends across waves"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading, exact: true })).toBeVisible();
  }
  for (const caption of ["Response rate by council type", "Response rate by region", "Response rate by nation", "Index scores", "Trust gap statistics", "Mean index scores by council type"]) {
    await expect(page.getByRole("table", { name: caption, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("columnheader", { name: "Reliability (α)" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "W⁺ (sum of ranks of positive gaps)" })).toBeVisible();
  // Every chart is an image with a title and description, and has a data table behind a details.
  const charts = page.locator("svg[role=img]");
  expect(await charts.count()).toBeGreaterThanOrEqual(12);
  for (const id of ["chart-index-means", "chart-index-distribution", "chart-gap", "chart-oecd", "chart-items-A", "chart-items-C", "chart-items-E", "chart-scatter", "chart-trends"]) {
    await expect(page.locator(`[data-chart=${id}] svg[role=img] title`)).toHaveCount(1);
    await expect(page.locator(`[data-chart=${id}] details table`)).toHaveCount(1);
  }
  await expect(page.getByText("[c]").first()).toBeVisible();
  await expect(page.getByText("fewer than 5 responses").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/dashboard-staff.png`, fullPage: true });
  // Councils are never named on the dashboard.
  await expect(page.getByText("Leeds City Council")).toHaveCount(0);
});

test("filtering by a council type with fewer than 5 responses shows [c] instead of figures", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  await page.goto(`/waves/${WAVE}`);
  await page.getByLabel("Council type", { exact: true }).selectOption("NID");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/type=NID/);
  await expect(page.getByTestId("group-suppressed")).toContainText("[c] Fewer than 5 councils");
  const indexTable = page.getByRole("table", { name: "Index scores", exact: true });
  await expect(indexTable.getByRole("cell", { name: /^\d/ })).toHaveCount(0);
  await expect(indexTable.getByText("[c]").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Trust gap statistics", exact: true }).getByRole("cell", { name: /^\d/ })).toHaveCount(0);
  await expect(page.locator("[data-chart=chart-scatter]")).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/dashboard-suppressed.png`, fullPage: true });
  // The JSON agrees.
  const json = await (await page.request.get(`/api/waves/${WAVE}/summary.json?type=NID`)).json();
  expect(json.responses).toEqual({ suppressed: true });
});

test("the wave filter switches wave and keeps the other filters, without JavaScript too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signedIn(page, accounts.staff.email);
  await page.goto(`/waves/${WAVE}?nation=England`);
  await page.getByLabel("Wave", { exact: true }).selectOption(String(Number(WAVE) - 1));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/waves/${Number(WAVE) - 1}\\?nation=England$`));
  await expect(page.getByTestId("active-filters")).toContainText("nation England");
  await expect(page.getByRole("table", { name: "Index scores", exact: true })).toBeVisible();
  await context.close();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("the dashboard and its charts render and the filter form works", async ({ page }) => {
    await signedIn(page, accounts.staff.email);
    await page.goto(`/waves/${WAVE}`);
    await expect(page.locator("[data-chart=chart-gap] svg[role=img]")).toBeVisible();
    await page.getByLabel("Nation", { exact: true }).selectOption("England");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/nation=England/);
    // A filtered view is one group: its breakdowns are the whole wave's tables (decision 034).
    await expect(page.getByRole("table", { name: "Index scores", exact: true })).toBeVisible();
    await expect(page.getByTestId("breakdowns-whole-wave")).toBeVisible();
    // axe needs JavaScript; the same pages are checked with it in the other tests.
    await page.screenshot({ path: `${SCREENS}/dashboard-no-js.png`, fullPage: true });
  });
});

test("staff see the tracker and download the chase list, CSV and XLSX aggregates, but not microdata", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  await page.goto(`/waves/${WAVE}/tracker`);
  await expect(page.getByRole("heading", { level: 1, name: "Response tracker" })).toBeVisible();
  for (const status of ["Submitted", "In progress", "Not started", "Not invited"]) await expect(page.getByRole("rowheader", { name: status, exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/tracker.png`, fullPage: true });
  const chase = await download(page, /chase list/);
  expect(chase.name).toBe(`chase-list-${WAVE}.csv`);
  expect(chase.bytes.toString("utf8")).not.toContain("Submitted");

  await page.goto(`/waves/${WAVE}`);
  const csv = await download(page, "Download the aggregate tables (CSV)");
  expect(csv.name).toMatch(/aggregates\.csv$/);
  const text = csv.bytes.toString("utf8");
  expect(text).toContain("index,n,mean,ci95_low");
  expect(text).toContain("[c]");
  const xlsx = await download(page, "Download the aggregate tables (Excel)");
  expect(xlsx.name).toMatch(/aggregates\.xlsx$/);
  expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");

  await expect(page.getByRole("link", { name: /microdata/ })).toHaveCount(0);
  expect((await page.request.get(`/waves/${WAVE}/microdata.csv`)).status()).toBe(403);
  expect((await page.request.get(`/waves/${WAVE}/codebook.csv`)).status()).toBe(403);
  const api = await page.request.get(`/api/waves/${WAVE}/summary.json`);
  expect(api.status()).toBe(200);
  expect(Object.keys(await api.json())).toEqual(expect.arrayContaining(["wave", "instrumentVersion", "k", "filters", "responses", "indices", "gaps", "items", "breakdowns"]));
});

test("an admin downloads the microdata and the codebook", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  await page.goto(`/waves/${WAVE}`);
  await expectAccessible(page);
  const micro = await download(page, /Download the microdata/);
  const lines = micro.bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toContain("gss_code,council,type,region,nation,reference,submitted_at,PRESC1");
  expect(lines.length).toBeGreaterThan(5);
  const codebook = await download(page, /Download the codebook/);
  expect(codebook.bytes.toString("utf8")).toContain("PRESC5");
});

test("a respondent gets 403 on the dashboard, tracker, API and every export", async ({ page }) => {
  await signedIn(page, accounts.leeds.email);
  for (const path of [`/waves/${WAVE}`, `/waves/${WAVE}/tracker`, `/waves/${WAVE}/tracker.csv`, `/api/waves/${WAVE}/summary.json`, `/waves/${WAVE}/aggregates.csv`, `/waves/${WAVE}/aggregates.xlsx`, `/waves/${WAVE}/microdata.csv`, `/waves/${WAVE}/codebook.csv`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(403);
  }
  const response = await page.goto(`/waves/${WAVE}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
});

test("the dashboard shows its snapshot's time, and its loader data carries nothing per council (issue 13)", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  await page.goto(`/waves/${WAVE}`);
  await expect(page.getByTestId("figures-as-at")).toContainText(/Figures as at \d{1,2} \w+ \d{4} at \d\d:\d\d, \d+ responses/);
  for (const query of ["", "?region=London", "?nation=Wales", "?type=LBO"]) {
    const data = await page.request.get(`/waves/${WAVE}${query}${query ? "&" : "?"}_data=${encodeURIComponent("routes/waves.$slug._index")}`);
    expect(data.status()).toBe(200);
    const text = await data.text();
    for (const forbidden of ['"bars"', '"points"', '"cells"', '"min"', '"max"', "council_id"]) expect(text, `${query} ${forbidden}`).not.toContain(forbidden);
    const body = JSON.parse(text) as { summary: { snapshot: unknown }; charts: { indexBins: Record<string, { councils: number }[]>; gap: { bands: { councils: number }[] }; techGap: { bands: { councils: number }[] } } | null };
    expect(body.summary.snapshot).toBeTruthy();
    const bins = body.charts ? [...Object.values(body.charts.indexBins).flat(), ...body.charts.gap.bands, ...body.charts.techGap.bands] : [];
    for (const bin of bins) expect(bin.councils === 0 || bin.councils >= 5, `${query} bin of ${bin.councils}`).toBe(true);
  }
  // A combination of filters is not a view we offer (decision 034).
  expect((await page.request.get(`/api/waves/${WAVE}/summary.json?region=London&type=LBO`)).status()).toBe(400);
});

test("a filtered export is named with its filter (issue 17)", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  for (const [query, name] of [
    ["", `localtrust-${WAVE}-aggregates.csv`],
    ["?region=Yorkshire+and+The+Humber", `localtrust-${WAVE}-aggregates-region-yorkshire-and-the-humber.csv`],
    ["?nation=Wales", `localtrust-${WAVE}-aggregates-nation-wales.csv`],
  ] as const) {
    const response = await page.request.get(`/waves/${WAVE}/aggregates.csv${query}`);
    expect(response.status(), query).toBe(200);
    expect(response.headers()["content-disposition"]).toBe(`attachment; filename="${name}"`);
  }
  const xlsx = await page.request.get(`/waves/${WAVE}/aggregates.xlsx?type=UA`);
  expect(xlsx.headers()["content-disposition"]).toBe(`attachment; filename="localtrust-${WAVE}-aggregates-type-ua.xlsx"`);
});
