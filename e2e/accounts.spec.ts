import fs from "node:fs";
import * as OTPAuth from "otpauth";
import { expect, test } from "@playwright/test";
import { accounts, expectAccessible, signIn, signOut } from "./helpers";

// Accounts end to end in a real browser: an admin invites a staff member, who accepts, enrols TOTP,
// signs out and in again with a code, and is then disabled. Every page is checked with axe.
const PERSON = { email: "new.analyst@localtrust.example", name: "Ada Okafor", password: "tea kettle violet harbour 77" };

test("a person is invited, accepts, enrols a second factor, signs in with it and is disabled", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signIn(page, accounts.admin.email);
  await page.getByRole("link", { name: "Invitations" }).click();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Invite someone" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter an email address");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(PERSON.email);
  await page.getByLabel("Association staff").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("issued-link").textContent())!.trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/invitation-created.png", fullPage: true });

  const context = await browser.newContext();
  const person = await context.newPage();
  await person.goto(link);
  await expect(person.getByRole("heading", { name: "Set up your account" })).toBeVisible();
  await expectAccessible(person);
  await person.getByLabel("Full name").fill(PERSON.name);
  await person.getByLabel("Create a password").fill("unbelievable");
  await person.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(person.getByRole("alert")).toContainText("too common");
  await expectAccessible(person);
  await person.screenshot({ path: "test-results/screens/invite-accept-error.png", fullPage: true });
  await person.getByLabel("Full name").fill(PERSON.name);
  await person.getByLabel("Create a password").fill(PERSON.password);
  await person.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(person).toHaveURL(/\/waves$/);
  await expect(person.getByText(`Signed in as ${PERSON.name}`)).toBeVisible();

  // Staff find "Account security" in the menu; the beta banner asks for feedback.
  await expect(person.getByRole("link", { name: "email your feedback" })).toHaveAttribute("href", /^mailto:/);
  await person.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Account security" }).click();
  await expect(person).toHaveURL(/\/account\/security$/);
  await expect(person.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();
  await expect(person.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectAccessible(person);
  await person.screenshot({ path: "test-results/screens/mfa-enrol.png", fullPage: true });
  const secret = (await person.getByTestId("totp-secret").textContent())!.trim();
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  await person.getByLabel("Code from your app").fill(totp.generate());
  await person.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(person.getByRole("heading", { name: "Two-factor authentication is on" })).toBeVisible();
  await expect(person.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await expectAccessible(person);
  await person.screenshot({ path: "test-results/screens/mfa-recovery-codes.png", fullPage: true });

  await signOut(person);
  await signIn(person, PERSON.email, PERSON.password);
  await expect(person).toHaveURL(/\/login\/verify/);
  await expectAccessible(person);
  await person.getByLabel("Code from your authenticator app").fill("123456");
  await person.getByRole("button", { name: "Continue" }).click();
  await expect(person.getByRole("alert")).toContainText("Enter the code");
  await expectAccessible(person);
  // The enrolment code cannot be used twice: wait for the next 30-second step.
  await person.waitForTimeout(OTPAuth.TOTP.remaining({ period: 30 }) + 500);
  await person.getByLabel("Code from your authenticator app").fill(totp.generate());
  await person.getByRole("button", { name: "Continue" }).click();
  await expect(person).toHaveURL(/\/waves$/);

  await page.getByRole("link", { name: "Users" }).click();
  await expectAccessible(page);
  // 80-odd accounts: a page at a time, found by name or email, role, council and status.
  await expect(page.getByRole("navigation", { name: "Pages of users" })).toBeVisible();
  await page.getByLabel("Name or email address contains").fill("ADA OKAF");
  await page.getByLabel("Role").selectOption("staff");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=ADA\+OKAF&.*role=staff/);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expectAccessible(page);
  await page.getByRole("button", { name: `Disable ${PERSON.email}` }).click();
  await expect(page.getByRole("status")).toContainText("disabled and signed out everywhere");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/users-disabled.png", fullPage: true });
  await page.getByRole("link", { name: "Audit log" }).click();
  const disabled = page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: "Account disabled", exact: true }) })
    .first();
  await expect(disabled.getByRole("cell", { name: accounts.admin.name })).toBeVisible();
  await expect(disabled.getByRole("cell", { name: accounts.admin.email })).toBeVisible();
  await expect(disabled.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
  await expect(disabled.getByRole("link", { name: `${PERSON.name} (${PERSON.email})` })).toHaveAttribute(
    "href",
    `/admin/users?q=${encodeURIComponent(PERSON.email)}`,
  );
  await expect(page.getByRole("cell", { name: "Invitation accepted", exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/audit-log.png", fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: "test-results/screens/audit-log-320.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel("Event").selectOption("user.disabled");
  const today = new Date();
  const from = page.getByRole("group", { name: "From" });
  await from.getByLabel("Day").fill(String(today.getUTCDate()));
  await from.getByLabel("Month").fill(String(today.getUTCMonth() + 1));
  await from.getByLabel("Year").fill(String(today.getUTCFullYear()));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=user\.disabled/);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expectAccessible(page);
  // The filtered rows as CSV, named with the filters.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download the 1 matching entry \(CSV\)/ }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^localtrust-audit-log-event-user-disabled-from-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await csv.path())!, "utf8");
  expect(text.split("\r\n").filter(Boolean)).toHaveLength(2);
  expect(text).toContain("Account disabled,user.disabled,Priya Shah,admin@localtrust.example,Admin");
  // A date that is not real is named beside its field and filters nothing.
  await from.getByLabel("Day").fill("31");
  await from.getByLabel("Month").fill("2");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveTitle(/^Error: Audit log/);
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "The start date must be a real date" })).toBeVisible();
  await expectAccessible(page);

  await person.reload();
  await expect(person).toHaveURL(/\/login/);
  await context.close();
});
