import { expect, test, type Page } from "@playwright/test";
import { accounts, expectAccessible, signIn as signInOnly } from "./helpers";
import { pdfPages } from "./pdf-text";

// Every council that submitted to a published wave gets its benchmark report. The demo
// publishes last year's wave, which both demo respondents' councils submitted to.
const LAST_YEAR = String(new Date().getUTCFullYear() - 1);
const THIS_YEAR = String(new Date().getUTCFullYear());
const REPORT = `/surveys/${LAST_YEAR}/report`;
const SCREENS = "test-results/screens";
/** Signs in and waits for the landing page, so the session cookie is set before the next request. */
async function signIn(page: Page, email: string) {
  await signInOnly(page, email);
  await page.waitForURL(/\/(surveys|waves)$/);
}

const SECTION_HEADINGS = ["Summary", "Where your council stands", "Trust in both directions", "Question by question", "Over time"];

async function expectReport(page: Page, council: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Benchmark report: ${LAST_YEAR} survey for ${council}`);
  for (const heading of SECTION_HEADINGS) await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  await expect(page.getByTestId("report-headline")).toHaveText(
    /^Your council .+; among all \d+ councils that answered, your gap is in the (lowest quarter|middle half|highest quarter)\.$/,
  );
  // Never a rank, a minimum or a maximum.
  await expect(page.locator("main")).not.toContainText(/\b(rank|ranking|minimum|maximum|min|max|league table)\b/i);
}

test("a demo respondent opens the report from Your surveys: axe clean, fits 320 px, prints on at most 4 A4 pages", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, accounts.leeds.email);
  await page.getByRole("link", { name: new RegExp(`^Benchmark report ?: ${LAST_YEAR} survey$`) }).click();
  await expect(page).toHaveURL(REPORT);
  await expectReport(page, accounts.leeds.council);
  // Comparator groups under 10 councils show [c] and the report says what is still available.
  await expect(page.locator("main")).toContainText("[c] fewer than 10 councils");
  await expect(page.locator("main")).toContainText("the comparison with all councils is still available");
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/report-1280.png`, fullPage: true });

  await page.setViewportSize({ width: 320, height: 800 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    "no sideways scrolling at 320 px",
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/report-320.png`, fullPage: true });

  const pages = await pdfPages(new Uint8Array(await page.pdf({ format: "A4" })));
  expect(pages.length, "printed pages").toBeLessThanOrEqual(4);
  const text = pages.join(" ");
  for (const heading of SECTION_HEADINGS) expect(text, `printed "${heading}"`).toContain(heading);
  // No navigation and no link addresses on paper.
  expect(text).not.toContain("Your surveys");
  expect(text).not.toMatch(/\(\/surveys|https?:\/\//);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the other demo respondent opens the report from the wave's page, and its JSON twin", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, accounts.cardiff.email);
    await page.goto(`/surveys/${LAST_YEAR}`);
    await page.getByRole("link", { name: "Open the benchmark report" }).click();
    await expect(page).toHaveURL(REPORT);
    await expectReport(page, accounts.cardiff.council);
    // Without JavaScript the page says how to print instead of showing a button that cannot work.
    await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
    await expect(page.getByText("use your browser's Print command")).toBeVisible();
    // axe runs on this page in the JavaScript test above; with JavaScript off it hung past 2 minutes
    // on the loaded CI machine (frame.evaluate), so it is not repeated here.

    const response = await page.request.get(`${REPORT}.json`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      council: { gssCode: string };
      measures: Record<string, { groups: Record<string, object> }>;
      trend: unknown[];
    };
    expect(Object.keys(body).sort()).toEqual(["council", "k", "measures", "trend", "wave"]);
    expect(body.council.gssCode).toBe("W06000015");
    expect(Object.keys(body.measures)).toEqual(["PRESC", "BURDEN", "TECH", "LTC", "PCT", "GAP", "HEADLINE_GAP"]);
    // Cardiff's type and nation have fewer than 10 councils in the demo: exactly {suppressed: true}.
    expect(body.measures.GAP!.groups.type).toEqual({ suppressed: true });
    expect(body.trend.length).toBeGreaterThanOrEqual(1);
  });
});

test("another council's report is unreachable (404, audited), and so is a wave without one", async ({ page, browser }) => {
  await signIn(page, accounts.leeds.email);
  for (const path of [
    `${REPORT}?council=W06000015`,
    `${REPORT}.json?gss=W06000015`,
    `${REPORT}?councilId=1`,
    `/surveys/${THIS_YEAR}/report`,
    "/surveys/no-such-wave/report.json",
  ]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Cardiff");
  }
  // A respondent cannot reach the admin's preview either.
  expect((await page.request.get(`/admin/waves/${LAST_YEAR}/report?council=W06000015`)).status()).toBe(403);

  const admin = await browser.newPage();
  await signIn(admin, accounts.admin.email);
  await admin.goto("/admin/audit?action=access.other-council-refused");
  await expect(admin.locator("main table")).toContainText("Refused: another council's page");
  await expect(admin.locator("main table")).toContainText("Benchmark report: ");
  await admin.close();
});

test("admins preview a council's report from the wave's admin page; staff get 403 on previews", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, accounts.admin.email);
  await page.goto(`/admin/waves/${LAST_YEAR}`);
  await page.getByLabel("Preview a council's report").selectOption({ label: accounts.cardiff.council });
  await page.getByRole("button", { name: "Preview report" }).click();
  await expect(page).toHaveURL(`/admin/waves/${LAST_YEAR}/report?council=W06000015`);
  await expect(page.getByText(`Preview for admins: ${accounts.cardiff.council}`)).toBeVisible();
  await expectAccessible(page);
  expect((await page.request.get(`/admin/waves/${LAST_YEAR}/report?council=X99999999`)).status()).toBe(404);

  const staff = await browser.newPage();
  await signIn(staff, accounts.staff.email);
  for (const path of [`/admin/waves/${LAST_YEAR}/report?council=W06000015`, `/admin/waves/${LAST_YEAR}/report?council=E08000035`]) {
    expect((await staff.request.get(path)).status(), path).toBe(403);
  }
  expect((await staff.request.get(REPORT)).status()).toBe(403);
  await staff.close();
});
