import { expect, test, type Page } from "@playwright/test";
import { openDatabase } from "../db/connection";
import { markWavePublished } from "../app/services/wave-admin.server";
import { e2eDatabaseUrl, sqlOne } from "./database";
import { accounts, expectAccessible, signIn as signInOnly } from "./helpers";

// Right after a wave is published, until its benchmark figures are stored, a council's report is
// "being prepared": 503 with Retry-After and a page that says so (decision 070). Publishing is
// one call whose first step moves the wave to published; here that step runs alone, from this
// process on the server's database (the way the command-line tools write to it), so the state
// holds until the admin finishes publishing from the page the app offers for it.

const WAVE = "2041-preparing";
const TITLE = `${WAVE} survey (imported)`;
const REPORT = `/surveys/${WAVE}/report`;
const SCREENS = "test-results/screens";
// Leeds (the demo respondent's council) and ten more councils of the register, all answering.
const COUNCILS = [
  "E08000035",
  "E10000016",
  "E08000019",
  "E10000017",
  "E08000025",
  "E08000026",
  "E08000021",
  "E06000014",
  "E08000024",
  "E10000003",
  "E08000003",
];

async function signIn(page: Page, email: string) {
  await signInOnly(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

test("a report answers 503 'being prepared' with Retry-After until publishing finishes, then 200", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // A context of its own (axe needs one), signed in as the admin beside the respondent.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, accounts.admin.email);
  // A closed wave Leeds answered, imported as an admin does (fieldwork after the demo's waves: no trend changes).
  await admin.goto("/admin/import");
  await admin.getByLabel("Wave slug").fill(WAVE);
  await fillDate(admin, "When did fieldwork start?", "1", "10", "2041");
  await fillDate(admin, "When did fieldwork end?", "1", "12", "2041");
  const csv = [
    "gss_code,PRESC1,PRESC2,PRESC3,PRESC4,PRESC5,PRESC6,LTC1,PCT1",
    ...COUNCILS.map(
      (gss, i) =>
        `${gss},${Array(6)
          .fill((i % 5) + 1)
          .join(",")},${i % 11},${(i + 4) % 11}`,
    ),
  ];
  await admin.getByLabel("CSV file").setInputFiles({ name: "preparing.csv", mimeType: "text/csv", buffer: Buffer.from(csv.join("\n") + "\n") });
  await admin.getByRole("button", { name: "Import responses" }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin/import\\?wave=${WAVE}&imported=${COUNCILS.length}$`));

  // Publishing's first step alone: the wave is published, its figures not yet stored.
  const adminRow = await sqlOne<{ id: number }>("select id from users where email = ?", [accounts.admin.email]);
  const handle = openDatabase(e2eDatabaseUrl(), { poolSize: 1 });
  try {
    const actor = { userId: Number(adminRow!.id), email: accounts.admin.email, role: "admin", councilId: null };
    expect(await markWavePublished(handle.db, { actor, clientAddress: "127.0.0.1" }, WAVE)).toEqual({ ok: true, slug: WAVE });
  } finally {
    await handle.close();
  }

  await signIn(page, accounts.leeds.email);
  const preparing = await page.goto(REPORT);
  expect(preparing?.status()).toBe(503);
  expect(preparing?.headers()["retry-after"]).toBe("60");
  expect(preparing?.headers()["cache-control"]).toBe("private, no-store");
  await expect(page).toHaveTitle("Your benchmark report is being prepared – LocalTrust");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your benchmark report is being prepared");
  await expect(page.locator("main")).toContainText(`The ${TITLE} has just been published and its figures are being prepared. Try again in a minute.`);
  await expect(page.locator("#main-content").getByRole("link", { name: "Your surveys" })).toHaveAttribute("href", "/surveys");
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/report-being-prepared.png`, fullPage: true });
  // The JSON twin says the same.
  const json = await page.request.get(`${REPORT}.json`);
  expect(json.status()).toBe(503);
  expect(json.headers()["retry-after"]).toBe("60");

  // The admin is told publishing did not finish, and finishes it.
  await admin.goto(`/admin/waves/${WAVE}`);
  await expect(admin.locator(".govuk-warning-text")).toContainText(
    "Publishing did not finish: its open data is not released and councils' benchmark reports are not ready.",
  );
  await admin.getByRole("link", { name: "Finish publishing" }).click();
  await expect(admin).toHaveURL(`/admin/waves/${WAVE}/publish`);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Finish publishing this wave");
  await expectAccessible(admin);
  await admin.screenshot({ path: `${SCREENS}/admin-wave-finish-publishing.png`, fullPage: true });
  await admin.getByRole("button", { name: "Finish publishing" }).click();
  await expect(admin).toHaveURL(`/admin/waves/${WAVE}?done=publish`);
  await expect(admin.locator(".govuk-warning-text")).toHaveCount(0);
  await adminContext.close();

  const ready = await page.goto(REPORT);
  expect(ready?.status()).toBe(200);
  expect(ready?.headers()["retry-after"]).toBeUndefined();
  expect(ready?.headers()["cache-control"]).toBe("private, no-store");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Benchmark report: ${TITLE} for ${accounts.leeds.council}`);
  expect((await page.request.get(`/data/${WAVE}`)).status()).toBe(200);
});
