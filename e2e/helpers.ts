import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "localtrust-demo-2026";
export const accounts = {
  admin: { email: "admin@localtrust.example", name: "Priya Shah" },
  staff: { email: "staff@localtrust.example", name: "Tom Hughes" },
  leeds: { email: "it.manager@leeds.example", name: "Sam Carter", council: "Leeds City Council" },
  cardiff: { email: "digital.lead@cardiff.example", name: "Rhian Evans", council: "City of Cardiff Council" },
} as const;

/** Fails the test with the list of violations if axe finds any WCAG 2.2 A/AA problem on the page. */
export async function expectAccessible(page: Page) {
  // A navigation commits (and the URL changes) before the document has loaded; check the whole page.
  await page.waitForLoadState("load");
  expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

/** Axe's WCAG 2.2 A/AA violations on the page as it stands, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Opens a page and checks it with axe. */
export async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  await expectAccessible(page);
  return response;
}

/** Signs out and waits until the server has ended the session (the sign-in form is back), so a next sign-in cannot race the sign-out. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.getByLabel("Email address")).toBeVisible();
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
