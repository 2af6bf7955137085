import { expect, test, type Page } from "@playwright/test";
import { accounts } from "../helpers";
import { councilIdByOffset, inviteOver, signInOver, STRONG_PASSWORD, withE2eDatabase } from "./support";

const PAYLOADS = ["<script>alert(1)</script>", '"><svg onload=alert(1)>'];

function failOnDialog(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

test.describe("stored XSS", () => {
  PAYLOADS.forEach((payload, index) => {
    test(`a user's name ${JSON.stringify(payload)} set on accepting an invitation is shown as text in the header and the users list`, async ({
      page,
      request,
      browser,
    }) => {
      const dialogs = failOnDialog(page);
      await signInOver(request, accounts.admin.email);
      const email = `xss.name.${index}@example.org`;
      const token = await inviteOver(request, email, "respondent", String(councilIdByOffset(index).id));
      await page.goto(`/invite/${token}`);
      await page.getByLabel("Full name").fill(payload);
      await page.getByLabel("Create a password").fill(STRONG_PASSWORD);
      await page.getByRole("button", { name: "Create account and sign in" }).click();
      await expect(page).toHaveURL(/\/surveys$/);
      await expect(page.locator(".lt-header__account strong")).toHaveText(payload);
      const admin = await browser.newPage();
      const adminDialogs = failOnDialog(admin);
      await admin.goto("/login");
      await admin.getByLabel("Email address").fill(accounts.admin.email);
      await admin.getByLabel("Password").fill("localtrust-demo-2026");
      await admin.getByRole("button", { name: "Sign in" }).click();
      await expect(admin).toHaveURL(/\/waves$/);
      // 80-odd accounts are paged: the new one is found by its email.
      await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
      await expect(admin.locator("td", { hasText: payload }).first()).toBeVisible();
      await admin.goto(`/admin/audit?actor=${encodeURIComponent(email)}`);
      await admin.waitForTimeout(300);
      expect(await admin.locator("svg[onload]").count()).toBe(0);
      expect(await page.locator("svg[onload]").count()).toBe(0);
      expect([...dialogs, ...adminDialogs]).toEqual([]);
      await admin.close();
    });
  });

  test("a council name with both payloads is shown as text to its respondent, in the invitation form and on the users list", async ({ page, request }) => {
    const dialogs = failOnDialog(page);
    const council = councilIdByOffset(5);
    const evilName = `${PAYLOADS[0]} ${PAYLOADS[1]}`;
    // The register import validates names only as text, so any text may arrive: set one directly.
    withE2eDatabase((db) => db.prepare("update councils set name = ? where id = ?").run(evilName, council.id));
    try {
      await signInOver(request, accounts.staff.email);
      const token = await inviteOver(request, "xss.council@example.org", "respondent", String(council.id));
      await page.goto(`/invite/${token}`);
      await expect(page.getByText(`the respondent for ${evilName}`)).toBeVisible();
      await page.getByLabel("Full name").fill("Council Xss");
      await page.getByLabel("Create a password").fill(STRONG_PASSWORD);
      await page.getByRole("button", { name: "Create account and sign in" }).click();
      await expect(page).toHaveURL(/\/surveys$/);
      await expect(page.locator(".lt-header__account")).toContainText(evilName);
      expect(await page.locator("svg[onload]").count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      withE2eDatabase((db) => db.prepare("update councils set name = ? where id = ?").run(council.name, council.id));
    }
  });

  test("FREE4 free text with both payloads is saved and shown back as text on the section and check pages", async ({ page, request }) => {
    const dialogs = failOnDialog(page);
    await signInOver(request, accounts.staff.email);
    const token = await inviteOver(request, "xss.free4@example.org", "respondent", String(councilIdByOffset(7).id));
    await page.goto(`/invite/${token}`);
    await page.getByLabel("Full name").fill("Free Text");
    await page.getByLabel("Create a password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create account and sign in" }).click();
    await expect(page).toHaveURL(/\/surveys$/);
    await page.goto("/surveys/2026");
    const blank = page.getByRole("button", { name: "Start with blank answers" });
    if (await blank.isVisible()) await blank.click();
    await page.goto("/surveys/2026/sections/freedom-to-deliver");
    const text = `${PAYLOADS[0]} ${PAYLOADS[1]}`;
    await page.locator('input[name="FREE1"][value="4"]').check();
    await page.locator('input[name="FREE2"][value="cloud"]').check();
    await page.locator('input[name="FREE3"][value="same"]').check();
    await page.locator("#FREE4").fill(text);
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await expect(page).toHaveURL(/\/surveys\/2026$/);
    await page.goto("/surveys/2026/sections/freedom-to-deliver");
    await expect(page.locator("#FREE4")).toHaveValue(text);
    await page.goto("/surveys/2026/check");
    await page.waitForTimeout(300);
    expect(await page.locator("svg[onload]").count()).toBe(0);
    expect(await page.locator("main script").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
