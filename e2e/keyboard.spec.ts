import { expect, test, type Locator, type Page } from "@playwright/test";
import { accounts, expectAccessible } from "./helpers";
import { inviteOver, signInOver, STRONG_PASSWORD, withE2eDatabase } from "./attacks/support";

// The whole respondent journey with the keyboard alone: Tab to move, Space to choose, Enter to
// follow links and press buttons. No clicks, no fill(): keys typed one by one.

/** Presses Tab until the target has focus; fails if it is never reached (not keyboard reachable). */
async function tabTo(page: Page, target: Locator, limit = 400) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

const ANSWERS: Record<string, Record<string, string>> = {
  "central-prescription": { PRESC1: "4", PRESC2: "4", PRESC3: "3", PRESC4: "5", PRESC5: "2", PRESC6: "2", PRESC7: "3-5" },
  "audit-and-regulation-load": { BURDEN1: "4", BURDEN2: "5", BURDEN3: "4", BURDEN4: "3", BURDEN5: "2", BURDEN6: "2" },
  "technology-readiness": { TECH1: "2", TECH2: "1", TECH3: "2", TECH4: "3", TECH5: "1", TECH6: "2", TECH7: "3", TECH8: "in-progress" },
  "trust-in-central-government": { LTC1: "4", LTC2: "2", LTC3: "3", LTC4: "2", LTC5: "4", LTC6: "3" },
  "trust-from-central-government": { PCT1: "3", PCT2: "2", PCT3: "2", PCT4: "3", PCT5: "4", PCT6: "2" },
  "freedom-to-deliver": { FREE1: "4", FREE3: "same" },
};

test("a respondent completes and submits the whole survey with the keyboard alone", async ({ page, request }) => {
  test.setTimeout(180_000);
  const council = withE2eDatabase(
    (db) =>
      db
        .prepare(
          "select c.id, c.name from councils c where c.active = 1 and c.name not in (?, ?) and not exists (select 1 from responses r join waves w on w.id = r.wave_id where r.council_id = c.id and w.slug = '2026') and not exists (select 1 from users u where u.council_id = c.id and u.password_hash is not null) and not exists (select 1 from invitations i where i.council_id = c.id) order by c.name desc limit 1",
        )
        .get(accounts.leeds.council, accounts.cardiff.council) as { id: number; name: string },
  );
  await signInOver(request, accounts.staff.email);
  const token = await inviteOver(request, "keyboard.user@council.example", "respondent", String(council.id));
  expect((await request.post(`/invite/${token}`, { form: { name: "Kim Keyboard", password: STRONG_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);

  await page.goto("/login");
  await typeInto(page, page.getByLabel("Email address"), "keyboard.user@council.example");
  await typeInto(page, page.getByLabel("Password"), STRONG_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/surveys$/);

  await tabTo(page, page.getByRole("link", { name: "2026 survey" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/surveys\/2026$/);

  // From the task list to the first section; "Save and continue" then leads through the rest.
  await tabTo(page, page.locator('a[href$="/sections/central-prescription"]').first());
  await page.keyboard.press("Enter");
  for (const [slug, answers] of Object.entries(ANSWERS)) {
    await expect(page).toHaveURL(new RegExp(`/sections/${slug}`));
    for (const [item, code] of Object.entries(answers)) {
      const radio = page.locator(`input[name="${item}"][value="${code}"]`);
      // Tab lands on a radio group once; arrow keys move within it, so Tab to the group's first radio
      // and move with ArrowDown/ArrowRight until the wanted option is checked.
      await tabTo(page, page.locator(`input[name="${item}"]`).first());
      for (let i = 0; i < 14 && !(await radio.isChecked()); i++) {
        if (i === 0) await page.keyboard.press("Space");
        else await page.keyboard.press("ArrowDown");
      }
      await expect(radio, `${item}=${code}`).toBeChecked();
    }
    await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
    await page.keyboard.press("Enter");
    await expect(page).not.toHaveURL(new RegExp(`/sections/${slug}$`));
  }

  await expect(page).toHaveURL(/\/surveys\/2026\/check$/);
  await expectAccessible(page);
  await tabTo(page, page.getByLabel("These answers represent my council's position"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Submit answers" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/surveys\/2026\/confirmation$/);
  await expect(page.locator(".govuk-panel")).toContainText("LT-");
  await expectAccessible(page);
});
