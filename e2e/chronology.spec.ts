import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_COUNCILS } from "../cli/seed/demo-councils";
import { sqlAll } from "./database";
import { accounts, expectAccessible, signIn, signOut } from "./helpers";

// Waves in time order (decisions 053–054): an older wave imported after the demo's two
// waves were created takes its place by fieldwork in the waves list, the dashboard trend, the XLSX
// trend sheet and the CSV export, and the open wave's prefill offer still comes from the council's
// latest earlier submitted wave. Also the import pages' check, errors and the register preview at
// 1280 and 320 px. The import adds a closed wave "2019" to the shared e2e database; it changes no
// demo wave's responses.
const SCREENS = "test-results/screens";
const YEAR = new Date().getUTCFullYear();
const [LAST, THIS] = [String(YEAR - 1), String(YEAR)];
const OLDER = "2019";
const LEEDS = "E08000035";
const CARDIFF = "W06000015";

test.describe.configure({ mode: "serial" });

async function signedIn(page: Page, email: string) {
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function fillDate(page: Page, legend: string, [day, month, year]: [string, string, string]) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    `no sideways scrolling at 320 px on ${page.url()}`,
  ).toBeLessThanOrEqual(0);
}

/** Screenshots at 1280 and 320 px (no sideways scrolling at 320), then back to 1280. */
async function screens(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll(page);
  await page.screenshot({ path: `${SCREENS}/${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A CSV of the 2019 wave built from the instrument's template: Leeds and eleven other councils (not Cardiff), answers varying by row. */
function olderWaveCsv(header: string[], councils: string[]): string {
  const rows = councils.map((gss, i) =>
    header.map((id) => {
      if (id === "gss_code") return gss;
      if (/^(PRESC|BURDEN)[1-6]$|^(LTC|PCT)[2-6]$/.test(id)) return String(1 + ((i + id.length) % 5));
      if (/^TECH[1-7]$/.test(id)) return String((i + Number(id.slice(4))) % 5);
      if (id === "TECH8") return "certified";
      if (id === "LTC1" || id === "PCT1") return String((i * 3 + id.length) % 11);
      return "";
    }),
  );
  return [header, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

test("an admin checks and imports an older wave with its fieldwork dates; a bad file shows every problem at once", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  const template = await page.request.get("/admin/import/template.csv");
  expect(template.status()).toBe(200);
  expect(template.headers()["content-disposition"]).toContain("localtrust-responses-template-v1.csv");
  const header = (await template.text()).trim().split(",");
  expect(header.slice(0, 3)).toEqual(["gss_code", "PRESC1", "PRESC2"]);

  await page.goto("/admin/import");
  await page.getByLabel("Wave slug").fill(OLDER);
  await fillDate(page, "When did fieldwork start?", ["1", "10", "2019"]);
  await fillDate(page, "When did fieldwork end?", ["1", "12", "2019"]);

  // One pass: an unknown GSS code and an invalid value on different lines, and a bad column.
  const bad = olderWaveCsv([...header, "NOPE"], [LEEDS, "E06000099", "E06000047"]).replace(/\n(E06000047,)\d/, "\n$19");
  await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check the file" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Line 1: column NOPE is not an item of instrument version 1" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Line 3: there is no council with GSS code E06000099" })).toBeVisible();
  await expect(summary.getByRole("link", { name: /^Line 4: PRESC1/ })).toBeVisible();
  await expect(page.locator("#file-error")).toContainText("The file has 3 problems: nothing was imported");
  await expectAccessible(page);
  await screens(page, "import-responses-errors");

  const councils = [
    LEEDS,
    ...DEMO_COUNCILS.map((c) => c.gssCode)
      .filter((g) => g !== LEEDS && g !== CARDIFF)
      .slice(0, 11),
  ];
  await page.getByLabel("CSV file").setInputFiles({ name: "older.csv", mimeType: "text/csv", buffer: Buffer.from(olderWaveCsv(header, councils)) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "The file has no problems" })).toBeVisible();
  await expect(page.getByText("12 submitted responses, one per council")).toBeVisible();
  await expect(page.getByText("1 October 2019 to 1 December 2019")).toBeVisible();
  await expect(page.getByText("Leeds City Council")).toBeVisible();
  await expectAccessible(page);
  await screens(page, "import-responses-check");
  expect((await page.request.get(`/admin/waves/${OLDER}`)).status(), "a check writes nothing").toBe(404);

  await page.getByRole("button", { name: "Import 12 responses" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/import\\?wave=${OLDER}&imported=12$`));
  await expect(page.getByRole("alert").filter({ hasText: `12 responses imported into ${OLDER} survey (imported)` })).toBeVisible();
});

test("the waves list, the dashboard trend, the XLSX trend sheet and the CSV export run 2019, last year, this year", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  await page.goto("/waves");
  const names = await page.locator("table tbody tr th, table tbody tr td:first-child").allInnerTexts();
  const order = [THIS, LAST, OLDER].map((slug) => names.findIndex((n) => n.includes(slug)));
  expect(
    order.every((i) => i >= 0),
    names.join(" | "),
  ).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);

  await page.goto(`/waves/${THIS}`);
  const trend = page.locator("table", { has: page.locator("caption", { hasText: "Index mean by wave" }) });
  // The chart's data table sits in a closed <details>: read its text, not what is shown.
  const heads = (await trend.locator("thead th").allTextContents()).map((t) => t.trim());
  expect(heads).toEqual(["Index", OLDER, LAST, THIS]);
  await expectAccessible(page);

  const xlsx = await page.request.get(`/waves/${THIS}/aggregates.xlsx`);
  expect(xlsx.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("trends");
  expect(sheet, "the XLSX has a trends sheet").toBeTruthy();
  const firstColumn: string[] = [];
  sheet?.eachRow((row) => firstColumn.push(String(row.getCell(1).value)));
  expect(firstColumn.slice(2)).toEqual([OLDER, LAST, THIS]);
  // The 2019 point carries figures (12 councils, k = 5), not "[c]".
  const older = sheet?.getRow(3);
  expect(Number(older?.getCell(2).value)).toBe(12);

  const csv = await (await page.request.get(`/waves/${THIS}/aggregates.csv`)).text();
  const trendLines = csv
    .split(/\r?\n/)
    .slice(csv.split(/\r?\n/).findIndex((l) => l.startsWith("wave,PRESC_n")) + 1)
    .filter((l) => /^\d{4},/.test(l));
  expect(trendLines.map((l) => l.split(",")[0])).toEqual([OLDER, LAST, THIS]);
  fs.mkdirSync(SCREENS, { recursive: true });
});

test("prefill still comes from last year for Leeds (in the 2019 file) and Cardiff (not in it); Closed shows when each wave closed", async ({ page }) => {
  for (const account of [accounts.leeds, accounts.cardiff]) {
    await signedIn(page, account.email);
    await page.goto(`/surveys/${THIS}`);
    await expect(page.getByRole("heading", { name: `Start from your council's answers to the ${LAST} survey` })).toBeVisible();
    await page.goto("/surveys");
    const past = page.locator("table", { has: page.locator("caption", { hasText: "Past surveys" }) });
    const rows = await past.locator("tbody tr").allInnerTexts();
    expect(rows.findIndex((r) => r.includes(`${LAST} survey`))).toBeLessThan(rows.findIndex((r) => r.includes(`${OLDER} survey`)));
    // The 2019 wave closed when its fieldwork ended.
    expect(rows.find((r) => r.includes(`${OLDER} survey`))).toContain("1 December 2019");
    await expectAccessible(page);
    await signOut(page);
  }
});

test("the fieldwork dates page says a dated wave already has them, and staff cannot open it", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  await page.goto(`/admin/waves/${OLDER}`);
  await expect(page.getByTestId("wave-summary")).toContainText("1 October 2019");
  await page.goto(`/admin/waves/${OLDER}/fieldwork`);
  await expect(page.getByText("This wave already has its fieldwork dates: 1 October 2019 to 1 December 2019.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save the fieldwork dates" })).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);
  await signedIn(page, accounts.staff.email);
  expect((await page.request.get(`/admin/waves/${OLDER}/fieldwork`)).status()).toBe(403);
  expect(
    (
      await page.request.post(`/admin/waves/${OLDER}/fieldwork`, {
        form: { "opensOn-day": "1", "opensOn-month": "1", "opensOn-year": "2000" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(403);
});

test("the council register import previews what would be added, updated and retired, and changes nothing until confirmed", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  await page.getByRole("link", { name: "Import councils" }).click();
  await expect(page).toHaveURL(/\/admin\/councils\/import$/);
  await expectAccessible(page);
  const durham = DEMO_COUNCILS.find((c) => c.gssCode === "E06000047");
  const file = [
    "gss_code,name,type,region,nation",
    `E06000047,County Durham Council,${durham?.type},${durham?.region},England`,
    "E06000099,Testshire Council,UA,North East,England",
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await page.getByLabel("This file lists only some councils").check();
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "What importing this file would change" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Councils to add" }).getByText("Testshire Council")).toBeVisible();
  await expect(page.getByRole("region", { name: "Councils to update" }).getByText("Name: Durham County Council to County Durham Council")).toBeVisible();
  await expect(page.getByRole("button", { name: "Import: 1 added, 1 updated, 0 retired" })).toBeVisible();
  await expectAccessible(page);
  await screens(page, "import-councils-preview");

  // The whole register minus Durham, as a full register: the preview retires Durham, nothing changes yet.
  const full = [
    "gss_code,name,type,region,nation",
    ...DEMO_COUNCILS.filter((c) => c.gssCode !== "E06000047").map((c) =>
      [c.gssCode, c.name.includes(",") ? `"${c.name}"` : c.name, c.type, c.region, c.nation].join(","),
    ),
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "full.csv", mimeType: "text/csv", buffer: Buffer.from(full) });
  await expect(page.getByLabel("This file lists only some councils"), "the box keeps its answer after a check").toBeChecked();
  await page.getByLabel("This file lists only some councils").uncheck();
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("region", { name: "Councils to retire" }).getByText("Durham County Council")).toBeVisible();
  await expect(page.getByRole("button", { name: "Import: 0 added, 0 updated, 1 retired" })).toBeVisible();

  const bad = "gss_code,name,type,region,nation\nE0600,Nowhere,UA,North East,England\nE06000098,,XX,North East,Wales\n";
  await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#file-error")).toContainText("nothing changed");
  await expectAccessible(page);
  await screens(page, "import-councils-errors");
  // Checks change nothing: no council added or renamed, no import recorded.
  expect(
    await sqlAll("select cast(count(*) as integer) as n from councils where name in ('Testshire Council', 'County Durham Council') or active = 0"),
  ).toEqual([{ n: 0 }]);
  expect(await sqlAll("select cast(count(*) as integer) as n from audit_log where action = 'councils.imported'")).toEqual([{ n: 0 }]);
});
