import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { accounts, DEMO_PASSWORD, expectAccessible, signIn as fillSignIn } from "./helpers";
import { linkIn, mailbox, MAIL_APP, waitForMail } from "./mail";

// Email end to end against the second e2e server, whose SMTP_URL points at a real SMTP
// server (e2e/mail.ts). Its database is its own demo, so changing a demo password here touches no
// other spec. The tests run in order: Cardiff submits before the reminders are sent.

test.use({ baseURL: MAIL_APP, extraHTTPHeaders: { Origin: MAIL_APP } });
test.describe.configure({ mode: "serial" });

const SCREENS = "test-results/screens";
fs.mkdirSync(SCREENS, { recursive: true });
const NEW_PASSWORD = "harbour lantern pebble 2026";

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await fillSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

async function noSidewaysScroll(page: Page, name: string) {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    `no sideways scrolling at 320 px on ${name}`,
  ).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/email-${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SCREENS}/email-${name}-1280.png`, fullPage: true });
}

type Answers = Record<string, string | string[]>;
const SECTIONS: { slug: string; answers: Answers }[] = [
  { slug: "central-prescription", answers: { PRESC1: "4", PRESC2: "5", PRESC3: "3", PRESC4: "4", PRESC5: "2", PRESC6: "dk", PRESC7: "3-5" } },
  {
    slug: "audit-and-regulation-load",
    answers: { BURDEN1: "4", BURDEN2: "5", BURDEN3: "3", BURDEN4: "4", BURDEN5: "2", BURDEN6: "1", BURDEN7: "35", BURDEN8: "14" },
  },
  { slug: "technology-readiness", answers: { TECH1: "3", TECH2: "2", TECH3: "1", TECH4: "2", TECH5: "1", TECH6: "dk", TECH7: "3", TECH8: "certified" } },
  { slug: "trust-in-central-government", answers: { LTC1: "4", LTC2: "2", LTC3: "3", LTC4: "2", LTC5: "4", LTC6: "3" } },
  { slug: "trust-from-central-government", answers: { PCT1: "3", PCT2: "2", PCT3: "2", PCT4: "3", PCT5: "4", PCT6: "1" } },
  {
    slug: "freedom-to-deliver",
    answers: { FREE1: "4", FREE2: ["cloud", "shared-services"], FREE3: "same", FREE4: "Let councils choose their own platforms." },
  },
];
const TYPED = new Set(["BURDEN7", "BURDEN8", "FREE4"]);

test("an invitation arrives by email, from PUBLIC_URL, and its link works once", async ({ page, browser }) => {
  const email = "new.respondent@aberdeen.example";
  await signIn(page, accounts.staff.email);
  await page.goto("/invitations/new");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Council (for a council respondent)").selectOption({ label: "Aberdeen City Council" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toContainText(`will be emailed to ${email}`);
  // With a mail server the link is emailed, not shown.
  await expect(page.getByTestId("issued-link")).toHaveCount(0);
  const mail = await waitForMail((m) => m.to.includes(email) && m.kind === "invitation", "the invitation");
  expect(mail.subject).toBe("You are invited to LocalTrust");
  expect(mail.from).toContain("no-reply@localtrust.test");
  expect(mail.text).toContain("Aberdeen City Council");
  expect(mail.text).toContain("You get this email because");
  expect(mail.html).toContain("<a href=");
  expect(mail.messageId).toMatch(/^<outbox-\d+@localhost>$/);
  const link = linkIn(mail, /^\/invite\/[A-Za-z0-9_-]{43}$/);

  const context = await browser.newContext();
  const person = await context.newPage();
  await person.goto(link);
  await person.getByLabel("Full name").fill("Morag Reid");
  await person.getByLabel("Create a password").fill("granite thistle harbour 41");
  await person.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(person).toHaveURL(/\/surveys$/);
  const again = await person.request.get(link);
  expect(again.status()).toBe(404);
  await context.close();
});

test("Forgot your password? emails a link that resets once and ends old sessions; an unknown address gets the same page and no email", async ({
  page,
  browser,
}) => {
  // An old session of the Leeds respondent, in another browser.
  const oldContext = await browser.newContext();
  const old = await oldContext.newPage();
  await signIn(old, accounts.leeds.email);
  await expect(old).toHaveURL(/\/surveys$/);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expectAccessible(page);
  await noSidewaysScroll(page, "forgot-password");

  // An unknown address: the same answer, and no email.
  const before = (await mailbox()).length;
  await page.getByLabel("Email address").fill("nobody@unknown.example");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const unknownText = (await page.locator("main").innerText()).replace("nobody@unknown.example", "ADDRESS");
  await expectAccessible(page);

  await page.goto("/forgot-password");
  await page.getByLabel("Email address").fill(accounts.leeds.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  expect((await page.locator("main").innerText()).replace(accounts.leeds.email, "ADDRESS")).toBe(unknownText);
  await noSidewaysScroll(page, "check-your-email");

  const mail = await waitForMail((m) => m.to.includes(accounts.leeds.email) && m.kind === "password-reset", "the reset link");
  expect((await mailbox()).filter((m) => m.to.includes("nobody@unknown.example"))).toHaveLength(0);
  expect((await mailbox()).length).toBe(before + 1);
  expect(mail.text).toContain("expires in 60 minutes");
  const link = linkIn(mail, /^\/reset-password\/[A-Za-z0-9_-]{43}$/);

  const context = await browser.newContext();
  const person = await context.newPage();
  await person.goto(link);
  await expect(person.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(person);
  await noSidewaysScroll(person, "reset-password");
  await person.getByLabel("Create a password").fill(NEW_PASSWORD);
  await person.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(person).toHaveURL(/\/surveys$/);
  // Once only.
  expect((await person.request.get(link)).status()).toBe(404);
  // The old session has ended.
  await old.goto("/surveys");
  await expect(old).toHaveURL(/\/login/);
  // The old password no longer works; the new one does.
  await fillSignIn(old, accounts.leeds.email, DEMO_PASSWORD);
  await expect(old.getByRole("alert")).toContainText("Enter a correct email address and password");
  await signIn(old, accounts.leeds.email, NEW_PASSWORD);
  await expect(old).toHaveURL(/\/surveys$/);
  await oldContext.close();
  await context.close();
});

test("a submission sends the council's team a receipt with the reference and a link to the answers", async ({ page }) => {
  test.slow();
  await signIn(page, accounts.cardiff.email);
  await page.goto("/surveys/2026");
  await page.getByRole("button", { name: "Start with blank answers" }).click();
  for (const section of SECTIONS) {
    await page.goto(`/surveys/2026/sections/${section.slug}`);
    for (const [item, value] of Object.entries(section.answers)) {
      if (TYPED.has(item)) await page.locator(`#${item}`).fill(String(value));
      else for (const code of Array.isArray(value) ? value : [value]) await page.locator(`input[name="${item}"][value="${code}"]`).check();
    }
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/sections/${section.slug}$`));
  }
  await page.goto("/surveys/2026/check");
  await page.getByLabel("These answers represent my council's position").check();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page).toHaveURL(/\/surveys\/2026\/confirmation$/);
  const reference = (await page.locator(".govuk-panel__body strong").innerText()).trim();
  expect(reference.length).toBeGreaterThan(3);
  const receipt = await waitForMail((m) => m.to.includes(accounts.cardiff.email) && m.kind === "receipt", "the receipt");
  expect(receipt.subject).toContain(reference);
  expect(receipt.text).toContain(`Your reference number is ${reference}`);
  const link = linkIn(receipt, /^\/surveys\/submissions\/\d+$/);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("main")).toContainText(reference);
});

test("reminders from the tracker reach the teams of councils that have not submitted, and not those that have", async ({ page }) => {
  await signIn(page, accounts.staff.email);
  await page.goto("/waves/2026/tracker?status=unsubmitted");
  await expectAccessible(page);
  const leeds = page.locator(`tr[data-council="${accounts.leeds.council}"]`);
  await expect(leeds).toContainText(accounts.leeds.email);
  await expect(leeds.getByTestId("last-reminded")).toHaveText("Never");
  // Cardiff has submitted: not in the list of councils that have not.
  await expect(page.locator(`tr[data-council="${accounts.cardiff.council}"]`)).toHaveCount(0);
  await page.getByLabel(`Remind ${accounts.leeds.council}`).check();
  await page.getByRole("button", { name: "Preview the reminder" }).click();
  await expect(page.getByTestId("reminder-preview")).toContainText(accounts.leeds.council);
  await expect(page.getByTestId("reminder-preview")).toContainText("of 6 sections");
  await expectAccessible(page);
  await noSidewaysScroll(page, "tracker-preview");
  const before = await mailbox();
  await page.getByRole("button", { name: "Send the reminder" }).click();
  await expect(page.getByTestId("reminded")).toContainText(accounts.leeds.council);
  const reminder = await waitForMail((m) => m.to.includes(accounts.leeds.email) && m.kind === "reminder", "Leeds's reminder");
  expect(reminder.text).toContain("2026 survey");
  expect(reminder.text).toMatch(/closes on \d{1,2} \w+ \d{4}/);
  linkIn(reminder, /^\/surveys\/2026$/);
  // A crafted post naming Cardiff reminds nobody there: it has submitted.
  const cardiffId = await page.evaluate(async (name) => {
    const html = await (await fetch("/waves/2026/tracker")).text();
    const row = new DOMParser().parseFromString(html, "text/html").querySelector(`tr[data-council="${name}"]`);
    return row?.querySelector("input[name=council]")?.getAttribute("value") ?? null;
  }, accounts.cardiff.council);
  expect(cardiffId).toBeNull();
  await page.goto("/waves/2026/tracker");
  await expect(page.locator(`tr[data-council="${accounts.leeds.council}"]`).getByTestId("last-reminded")).not.toHaveText("Never");
  await noSidewaysScroll(page, "tracker");
  // Not again within 7 days unless staff say so.
  await page.getByLabel(`Remind ${accounts.leeds.council}`).check();
  await page.getByRole("button", { name: "Preview the reminder" }).click();
  await expect(page.locator("#preview")).toContainText("was reminded in the last 7 days");
  await expect(page.getByRole("button", { name: /^Send/ })).toHaveCount(0);
  const after = await mailbox();
  const newOnes = after.slice(before.length);
  expect(newOnes.filter((m) => m.kind === "reminder").flatMap((m) => m.to)).toEqual([accounts.leeds.email]);
  expect(after.filter((m) => m.kind === "reminder" && m.to.includes(accounts.cardiff.email))).toHaveLength(0);
  // Staff email a respondent a reset link from the tracker; they never see the link.
  await page.getByRole("button", { name: `Email a password reset link to ${accounts.leeds.name}` }).click();
  await expect(page.getByRole("alert")).toContainText(`A password reset link will be emailed to ${accounts.leeds.email}`);
  await expect(page.locator("main")).not.toContainText("/reset-password/");
  const reset = await waitForMail(
    (m) => m.to.includes(accounts.leeds.email) && m.kind === "password-reset" && m.text.includes("sent you a link"),
    "the reset link staff sent",
  );
  linkIn(reset, /^\/reset-password\/[A-Za-z0-9_-]{43}$/);
});

test("admins see every email on the Emails page", async ({ page }) => {
  await signIn(page, accounts.admin.email);
  await page.getByRole("link", { name: "Emails" }).click();
  await expect(page).toHaveURL(/\/admin\/emails$/);
  await expect(page.getByRole("heading", { name: "Emails" })).toBeVisible();
  await expect(page.locator("table")).toContainText(accounts.leeds.email);
  await expect(page.locator("table")).toContainText("reminder");
  expect(Number(await page.getByTestId("count-sent").innerText())).toBeGreaterThanOrEqual(4);
  await expectAccessible(page);
  await noSidewaysScroll(page, "admin-emails");
});
