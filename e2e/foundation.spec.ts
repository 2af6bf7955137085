import { expect, test } from "@playwright/test";
import { accounts, expectAccessible, signIn, visit } from "./helpers";

test("the health check reports the database and current migrations", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: expect.stringMatching(/^(sqlite|postgres)$/), migrations: "current" });
});

test("a signed-out visitor is sent to the sign-in page, which is accessible", async ({ page }) => {
  await page.goto("/waves");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fwaves/);
  await expect(page.getByRole("heading", { name: "Sign in to LocalTrust" })).toBeVisible();
  await expect(page.getByText("Demo data", { exact: false }).first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/sign-in.png", fullPage: true });
});

test("a wrong password shows the error summary without saying whether the account exists", async ({ page }) => {
  await signIn(page, accounts.staff.email, "not-the-password-at-all");
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
  await expectAccessible(page);
  await signIn(page, "nobody@nowhere.example", "not-the-password-at-all");
  await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
});

test("an empty sign-in form names both missing fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your email address");
  await expect(page.getByRole("alert")).toContainText("Enter your password");
  await expectAccessible(page);
});

test("the admin signs in and lands on the waves list", async ({ page }) => {
  await signIn(page, accounts.admin.email);
  await expect(page).toHaveURL(/\/waves$/);
  await expect(page.getByRole("heading", { name: "Survey waves" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${accounts.admin.name}`)).toBeVisible();
  await expectAccessible(page);
});

test("staff sign in and land on the waves list with an open and a published wave", async ({ page }) => {
  await signIn(page, accounts.staff.email);
  await expect(page).toHaveURL(/\/waves$/);
  // .first(): other spec files (admin-waves) add waves of their own to the shared e2e database.
  await expect(page.getByRole("cell", { name: "Open" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Published" }).first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/waves.png", fullPage: true });
});

for (const who of ["leeds", "cardiff"] as const) {
  test(`the ${who} respondent signs in, lands on their council's surveys and cannot open a staff page`, async ({ page }) => {
    const account = accounts[who];
    await signIn(page, account.email);
    await expect(page).toHaveURL(/\/surveys$/);
    await expect(page.getByText(`Signed in as ${account.name} for ${account.council}`)).toBeVisible();
    await expect(page.getByText("Not started").first()).toBeVisible();
    await expectAccessible(page);
    if (who === "leeds") await page.screenshot({ path: "test-results/screens/surveys.png", fullPage: true });
    const staffPage = await page.goto("/waves");
    expect(staffPage?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    await expectAccessible(page);
  });
}

test("signing out ends the session", async ({ page }) => {
  await signIn(page, accounts.staff.email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/waves");
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown address shows the page-not-found page with a 404", async ({ page }) => {
  const response = await visit(page, "/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the accessibility statement and privacy notice are real pages linked from the footer", async ({ page }) => {
  await visit(page, "/login");
  await page.getByRole("link", { name: "Accessibility statement" }).click();
  await expect(page.getByRole("heading", { name: "Accessibility statement for LocalTrust" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Privacy notice" }).click();
  await expect(page.getByRole("heading", { name: "Privacy notice" })).toBeVisible();
  await expectAccessible(page);
});

test("a form body the service does not read is refused with 415 before it reaches any action", async ({ request }) => {
  for (const headers of [{ "Content-Type": "multipart/form-data; boundary=zzz" }, { "Content-Type": "application/json" }, { "Content-Type": "text/plain" }]) {
    const response = await request.post("/login", { headers, data: "not a form" });
    expect(response.status(), headers["Content-Type"]).toBe(415);
    expect(await response.text()).not.toMatch(/node_modules|build\/index\.js|\bat async\b/);
  }
});
