import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { auditEventName } from "../app/domain/audit-events";
import { accounts, expectAccessible, signIn } from "./helpers";

// Admin wave management and the historical import upload. The e2e
// database is shared with the other spec files: these tests make waves of their own and never
// change the demo waves.
const SCREENS = "test-results/screens";
const WAVE = "e2e-admin-wave";
const HISTORIC = "e2e-historic";
const FIXTURES = path.resolve("e2e/fixtures");

async function signedIn(page: Page, email: string) {
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function summaryValue(page: Page, key: string) {
  return page
    .getByTestId("wave-summary")
    .locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: key }) })
    .locator("dd");
}

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

test.describe.configure({ mode: "serial" });

test("an admin creates a wave, opens it, changes its deadline, closes and publishes it", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  await page.getByRole("link", { name: "Manage waves" }).click();
  await expect(page).toHaveURL(/\/admin\/waves$/);
  await expect(page.getByRole("heading", { level: 1, name: "Manage waves" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-waves-list.png`, fullPage: true });

  await page.getByRole("link", { name: "Create a wave" }).click();
  await expect(page).toHaveTitle("Create a wave – LocalTrust");
  await expectAccessible(page);

  // Nothing filled in: every field is named in the error summary, and the title says Error.
  await page.getByRole("button", { name: "Create draft wave" }).click();
  await expect(page).toHaveTitle("Error: Create a wave – LocalTrust");
  const summary = page.locator(".govuk-error-summary");
  for (const message of ["Enter a title", "Enter a slug", "Enter the date the wave opens", "Enter the deadline"])
    await expect(summary.getByRole("link", { name: message })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-wave-new-errors.png`, fullPage: true });

  // A taken slug, a bad slug and an impossible date are refused.
  await page.getByLabel("Title").fill("E2E admin wave");
  await page.getByLabel("Slug").fill("2026");
  await fillDate(page, "When does it open?", "1", "3", "2031");
  await fillDate(page, "What is the deadline?", "30", "2", "2031");
  await page.getByRole("button", { name: "Create draft wave" }).click();
  await expect(summary.getByRole("link", { name: "The deadline must be a real date" })).toBeVisible();
  await page.getByLabel("Slug").fill("Not A Slug");
  await fillDate(page, "What is the deadline?", "30", "4", "2031");
  await page.getByRole("button", { name: "Create draft wave" }).click();
  await expect(summary.getByRole("link", { name: /Slug must be lowercase letters/ })).toBeVisible();
  await page.getByLabel("Slug").fill("2026");
  await page.getByRole("button", { name: "Create draft wave" }).click();
  await expect(summary.getByRole("link", { name: "There is already a wave with the slug 2026" })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("E2E admin wave");
  await expectAccessible(page);

  await page.getByLabel("Slug").fill(WAVE);
  await page.getByRole("button", { name: "Create draft wave" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/waves/${WAVE}\\?done=created$`));
  await expect(page.getByRole("alert").filter({ hasText: "created as a draft" })).toBeVisible();
  await expect(await summaryValue(page, "Status")).toHaveText("Draft");
  await expect(await summaryValue(page, "Deadline")).toHaveText("30 April 2031");
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-wave-draft.png`, fullPage: true });

  await page.getByRole("button", { name: "Open the wave" }).click();
  await expect(page).toHaveURL(/done=open$/);
  await expect(await summaryValue(page, "Status")).toHaveText("Open");

  // The deadline: an impossible one is refused with nothing changed, a real one is saved.
  await fillDate(page, "New deadline", "15", "2", "2031");
  await page.getByRole("button", { name: "Change deadline" }).click();
  await expect(page).toHaveTitle("Error: Manage E2E admin wave – LocalTrust");
  await expect(summary.getByRole("link", { name: "The deadline must be on or after the day the wave opens" })).toBeVisible();
  await expect(await summaryValue(page, "Deadline")).toHaveText("30 April 2031");
  await expectAccessible(page);
  await fillDate(page, "New deadline", "31", "5", "2031");
  await page.getByRole("button", { name: "Change deadline" }).click();
  await expect(page).toHaveURL(/done=deadline$/);
  await expect(await summaryValue(page, "Deadline")).toHaveText("31 May 2031");
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-wave-open.png`, fullPage: true });

  // An impossible move: a second tab still offers "Close the wave" after the first closed it.
  const stale = await page.context().newPage();
  await stale.goto(`/admin/waves/${WAVE}`);
  await page.getByRole("button", { name: "Close the wave" }).click();
  await expect(page).toHaveURL(/done=close$/);
  await expect(await summaryValue(page, "Status")).toHaveText("Closed");
  await stale.getByRole("button", { name: "Close the wave" }).click();
  await expect(stale).toHaveTitle("Error: Manage E2E admin wave – LocalTrust");
  await expect(stale.locator(".govuk-error-summary").getByRole("link", { name: "Only an open wave can be closed. This wave is closed." })).toBeVisible();
  await expect(await summaryValue(stale, "Status")).toHaveText("Closed");
  await expectAccessible(stale);
  await stale.screenshot({ path: `${SCREENS}/admin-wave-impossible-move.png`, fullPage: true });
  await stale.close();

  // Publishing an open wave is refused by the server too, whatever the form says.
  const refused = await page.request.post(`/admin/waves/${WAVE}`, { form: { _intent: "open" }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);

  // Publishing is final: a post from the wave's page leads to the confirmation page and changes nothing.
  const unconfirmed = await page.request.post(`/admin/waves/${WAVE}`, { form: { _intent: "publish" }, maxRedirects: 0 });
  expect(unconfirmed.status()).toBe(302);
  expect(unconfirmed.headers()["location"]).toBe(`/admin/waves/${WAVE}/publish`);
  const forged = await page.request.post(`/admin/waves/${WAVE}/publish`, { form: { _intent: "publish" }, maxRedirects: 0 });
  expect(forged.status()).toBe(400);
  await page.reload();
  await expect(await summaryValue(page, "Status")).toHaveText("Closed");

  // The button leads to a page that says what will happen; Cancel changes nothing.
  await page.getByRole("button", { name: "Publish the wave" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/waves/${WAVE}/publish$`));
  await expect(page.getByRole("heading", { level: 1, name: "Are you sure you want to publish this wave?" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("released as open data");
  await expect(page.getByRole("main")).toContainText("groups of at least 10 councils");
  await expect(page.getByRole("main")).toContainText("benchmark report");
  await expect(page.getByRole("main")).toContainText("the wave cannot be reopened");
  await expect(page.getByText("Publishing cannot be undone.")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-wave-publish-confirm.png`, fullPage: true });
  // The demo has no closed wave, so the reflow crawl never reaches this page: check it here at 320 px.
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: `${SCREENS}/admin-wave-publish-confirm-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/waves/${WAVE}$`));
  await expect(await summaryValue(page, "Status")).toHaveText("Closed");
  await page.getByRole("button", { name: "Publish the wave" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/waves/${WAVE}/publish$`));
  await page.getByRole("main").getByRole("button", { name: "Publish the wave" }).click();
  await expect(page).toHaveURL(/done=publish$/);
  await expect(await summaryValue(page, "Status")).toHaveText("Published");
  // Final: no status or deadline change is offered (a snapshot, a revised release and report
  // previews still are).
  for (const name of ["Open the wave", "Close the wave", "Publish the wave", "Reopen the wave", "Change deadline"]) {
    await expect(page.getByRole("main").getByRole("button", { name })).toHaveCount(0);
  }
  await expect(page.getByText("A published wave is final")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-wave-published.png`, fullPage: true });

  // Every change is in the audit log.
  for (const action of ["wave.created", "wave.opened", "wave.deadline-changed", "wave.closed", "wave.published"]) {
    await page.goto(`/admin/audit?action=${action}`);
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "E2E admin wave" }) })
      .first();
    await expect(row.getByRole("cell", { name: auditEventName(action), exact: true })).toBeVisible();
  }
  // The published wave's entry says what changed.
  await page.goto("/admin/audit?action=wave.published");
  await expect(
    page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "E2E admin wave" }) })
      .first(),
  ).toContainText("closed → published");
  await page.goto(`/admin/waves/${WAVE}/publish`);
  await expect(page).toHaveURL(new RegExp(`/admin/waves/${WAVE}$`));
  await page.goto("/admin/waves");
  const row = page.getByRole("row", { name: /E2E admin wave/ });
  await expect(row.getByText("Published", { exact: true })).toBeVisible();
});

test("an admin uploads historical responses: a bad file lists its lines and imports nothing, a good one imports", async ({ page }) => {
  await signedIn(page, accounts.admin.email);
  await page.getByRole("link", { name: "Import responses" }).click();
  await expect(page).toHaveURL(/\/admin\/import$/);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Import responses" }).click();
  await expect(page).toHaveTitle("Error: Import historical responses – LocalTrust");
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter the wave’s slug" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Select a CSV file" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Wave slug").fill(HISTORIC);
  // Fieldwork in the future of the demo waves: this wave does not become a point of their trends.
  await fillDate(page, "When did fieldwork start?", "1", "10", "2040");
  await fillDate(page, "When did fieldwork end?", "1", "12", "2040");
  await page.getByLabel("CSV file").setInputFiles(path.join(FIXTURES, "historical-responses-bad.csv"));
  await page.getByRole("button", { name: "Import responses" }).click();
  await expect(page).toHaveTitle("Error: Import historical responses – LocalTrust");
  await expect(summary.getByRole("link", { name: /^Line 3: PRESC1/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: /^Line 4: gss_code "LEEDS"/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: /^Line 5: LTC1/ })).toBeVisible();
  await expect(page.locator("#file-error")).toContainText("The file has 3 problems: nothing was imported");
  await expect(page.getByLabel("Wave slug")).toHaveValue(HISTORIC);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-import-errors.png`, fullPage: true });
  expect((await page.request.get(`/admin/waves/${HISTORIC}`)).status()).toBe(404);

  // A file with many bad lines: the summary lists 50 and counts the rest.
  const header = "gss_code,PRESC1";
  const lines = Array.from({ length: 60 }, (_, i) => `E10000016,${i + 6}`);
  await page.getByLabel("CSV file").setInputFiles({ name: "many.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...lines].join("\n")) });
  await page.getByRole("button", { name: "Import responses" }).click();
  await expect(summary.getByRole("listitem")).toHaveCount(51);
  await expect(summary.getByRole("link", { name: /^And \d+ more problems not listed: fix these and check the file again$/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("CSV file").setInputFiles(path.join(FIXTURES, "historical-responses.csv"));
  await page.getByRole("button", { name: "Import responses" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/import\\?wave=${HISTORIC}&imported=4$`));
  await expect(page).toHaveTitle("Import historical responses – LocalTrust");
  await expect(page.getByRole("alert").filter({ hasText: `4 responses imported into ${HISTORIC} survey (imported)` })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-import-done.png`, fullPage: true });

  await page.getByRole("link", { name: "Manage the wave" }).click();
  await expect(await summaryValue(page, "Status")).toHaveText("Closed");
  await expect(await summaryValue(page, "Responses")).toHaveText("4 submitted, 0 in progress");

  // The same file again: every council already has a response, so nothing is imported.
  await page.goto("/admin/import");
  await page.getByLabel("Wave slug").fill(HISTORIC);
  await page.getByLabel("CSV file").setInputFiles(path.join(FIXTURES, "historical-responses.csv"));
  await page.getByRole("button", { name: "Import responses" }).click();
  await expect(summary.getByRole("link", { name: new RegExp(`^Line 2: E10000016 \\(.+\\) already has a response in wave ${HISTORIC}$`) })).toBeVisible();
  await page.goto("/admin/audit?action=responses.imported");
  await expect(page.getByRole("cell", { name: "Responses imported", exact: true })).toHaveCount(1);
});

test("staff get 403 on the wave management and import pages, loader and action, and have no menu entry", async ({ page }) => {
  await signedIn(page, accounts.staff.email);
  await expect(page.getByRole("link", { name: "Manage waves" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import responses" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import councils" })).toHaveCount(0);
  for (const url of [
    "/admin/waves",
    "/admin/waves/new",
    "/admin/waves/2026",
    `/admin/waves/${WAVE}`,
    "/admin/import",
    "/admin/import/template.csv",
    "/admin/councils/import",
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), `GET ${url}`).toBe(403);
  }
  await expect(page.getByRole("heading", { level: 1, name: "You do not have permission to see this page" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/admin-import-staff-403.png`, fullPage: true });
  const posts: [string, Parameters<Page["request"]["post"]>[1]][] = [
    ["/admin/waves/new", { form: { title: "Staff wave", slug: "staff-wave", instrumentVersion: "1" } }],
    ["/admin/waves/2026", { form: { _intent: "close" } }],
    ["/admin/import", { multipart: { wave: "staff-import", file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("gss_code\nE10000016\n") } } }],
    ["/admin/councils/import", { multipart: { _intent: "import", csv: "gss_code,name,type,region,nation\nE06000099,Staffshire,UA,North East,England\n" } }],
  ];
  for (const [url, options] of posts) expect((await page.request.post(url, { ...options, maxRedirects: 0 })).status(), `POST ${url}`).toBe(403);
  await page.goto("/waves");
  await expect(page.getByRole("row", { name: /2026 survey/ }).getByText("Open")).toBeVisible();
  await expect(page.getByRole("link", { name: "staff-wave" })).toHaveCount(0);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin creates and opens a wave, and sees errors, without JavaScript", async ({ page }) => {
    await signedIn(page, accounts.admin.email);
    await page.goto("/admin/waves/new");
    await page.getByLabel("Title").fill("No-JS wave");
    await page.getByLabel("Slug").fill("e2e-nojs-wave");
    await fillDate(page, "When does it open?", "1", "9", "2031");
    await page.getByRole("button", { name: "Create draft wave" }).click();
    await expect(page).toHaveTitle("Error: Create a wave – LocalTrust");
    await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter the deadline" })).toBeVisible();
    await fillDate(page, "What is the deadline?", "31", "10", "2031");
    await page.getByRole("button", { name: "Create draft wave" }).click();
    await expect(page).toHaveURL(/\/admin\/waves\/e2e-nojs-wave\?done=created$/);
    await page.getByRole("button", { name: "Open the wave" }).click();
    await expect(await summaryValue(page, "Status")).toHaveText("Open");
    // Closed again, so the respondents' survey lists of the other spec files see no extra open wave.
    await page.getByRole("button", { name: "Close the wave" }).click();
    await expect(await summaryValue(page, "Status")).toHaveText("Closed");
    await page.goto("/admin/import");
    await page.getByLabel("Wave slug").fill("e2e-nojs-wave");
    await page.getByLabel("CSV file").setInputFiles(path.join(FIXTURES, "historical-responses-bad.csv"));
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect(page.locator(".govuk-error-summary").getByRole("link", { name: /^Line 3: PRESC1/ })).toBeVisible();
  });
});
