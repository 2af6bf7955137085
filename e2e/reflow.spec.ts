// WCAG 2.2 1.4.10 Reflow: no page of any role scrolls sideways at 320 CSS px.
//
// The pages come from the route files (e2e/route-files.ts), so a new page is visited without
// editing this file: every route that renders a page is filled with the demo's values for its
// parameters (both waves, every section), and parameters the demo cannot name in advance (a
// submission's id) are taken from links on pages already visited. Links to a page route are
// followed too (up to a few per route), which reaches filtered views and later pages of lists.
// Each role uses one browser context, signed in once.
import fs from "node:fs";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { instrumentV1 } from "../app/domain/instrument-v1";
import { accounts, signIn } from "./helpers";
import { appRouteFiles } from "./route-files";

const WIDTH = 320;
/** Concrete URLs visited per route pattern beyond the seeded ones, taken from links. */
const FOLLOWED_PER_ROUTE = 3;

const seedValues: Record<string, string[]> = {
  waveSlug: ["2026", "2025"],
  slug: ["2026", "2025"],
  sectionSlug: instrumentV1.sections.map((s) => s.slug),
  token: ["not-a-real-token-000000000000000000000000"],
};

interface PageRoute {
  path: string;
  params: string[];
  pattern: RegExp;
}

const pageRoutes: PageRoute[] = appRouteFiles()
  .filter((r) => r.hasPage && r.path !== "/*")
  .map((r) => ({
    path: r.path,
    params: [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!),
    pattern: new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, "[^/.]+")}/?$`),
  }))
  // The most specific first: /admin/waves/new before /admin/waves/:slug.
  .sort((a, b) => a.params.length - b.params.length);

/**
 * Every URL a pattern gives with the seeded values. A parameter the demo cannot name in advance
 * gets a harmless "1" (an error page, or someone else's: the real ones come from links).
 */
function seeded(route: PageRoute): string[] {
  let urls = [route.path];
  for (const name of route.params) {
    const values = seedValues[name] ?? ["1"];
    urls = urls.flatMap((url) => values.map((v) => url.replace(`:${name}`, v)));
  }
  return urls;
}

function routeOf(pathname: string): PageRoute | undefined {
  return pageRoutes.find((r) => r.pattern.test(pathname));
}

interface Measured {
  url: string;
  landed: string;
  status: number;
  scrollWidth: number;
}

async function crawl(page: Page, testInfo: TestInfo, who: string) {
  const queue: string[] = [...pageRoutes.flatMap(seeded), "/no-such-page", "/waves/no-such-wave"];
  const queued = new Set(queue);
  const followed = new Map<string, number>();
  const measured: Measured[] = [];
  const origin = new URL(page.url()).origin;
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    await page.waitForLoadState("load");
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const landed = new URL(page.url());
    measured.push({ url, landed: landed.pathname + landed.search, status: response?.status() ?? 0, scrollWidth });
    // Links, and GET forms as submitted with what they hold (a filter, a council to preview).
    const hrefs = await page.locator("a[href], form[method=get i]").evaluateAll((elements) =>
      elements.map((e) => {
        if (e instanceof HTMLAnchorElement) return e.href;
        const form = e as HTMLFormElement;
        const query = new URLSearchParams([...new FormData(form)].map(([k, v]) => [k, String(v)]));
        // getAttribute: form.action is a field when the form has one named "action" (the audit log's filter).
        const action = new URL(form.getAttribute("action") ?? "", location.href);
        return `${action.origin}${action.pathname}?${query}`;
      }),
    );
    for (const href of hrefs) {
      const target = new URL(href);
      if (target.origin !== origin) continue;
      const path = target.pathname + target.search;
      const route = routeOf(target.pathname);
      if (!route || queued.has(path) || path === "/logout") continue;
      const count = followed.get(route.path) ?? 0;
      if (count >= FOLLOWED_PER_ROUTE) continue;
      followed.set(route.path, count + 1);
      queued.add(path);
      queue.push(path);
    }
  }
  const report = measured.map((m) => `${String(m.scrollWidth).padStart(5)} px  ${m.status}  ${m.url}${m.landed !== m.url ? ` → ${m.landed}` : ""}`).join("\n");
  await testInfo.attach(`scroll widths (${who})`, { body: report, contentType: "text/plain" });
  if (process.env.REFLOW_REPORT) fs.appendFileSync(process.env.REFLOW_REPORT, `## ${who}\n${report}\n`);
  // The widest pages as they look, to check by eye (full page, 320 px wide).
  for (const m of [...measured].sort((a, b) => b.scrollWidth - a.scrollWidth).slice(0, 3)) {
    await page.goto(m.url);
    const name = `${who}${m.url.replace(/[^A-Za-z0-9]+/g, "-")}.png`;
    await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
  }
  // Every route that renders a page was reached by this role (landing elsewhere, as a sign-in
  // redirect or an error page, still counts as measured).
  const reached = new Set(measured.map((m) => routeOf(new URL(m.url, origin).pathname)?.path));
  for (const route of pageRoutes) expect(reached.has(route.path), `${route.path} visited`).toBe(true);
  return measured;
}

const roles = [
  { who: "signed out", email: null },
  { who: "respondent (Leeds)", email: accounts.leeds.email },
  { who: "respondent (Cardiff)", email: accounts.cardiff.email },
  { who: "staff", email: accounts.staff.email },
  { who: "admin", email: accounts.admin.email },
] as const;

test.describe("every page at 320 CSS px", () => {
  test.use({ viewport: { width: WIDTH, height: 800 } });

  for (const role of roles) {
    test(`no page scrolls sideways for ${role.who}`, async ({ page }, testInfo) => {
      test.setTimeout(300_000);
      if (role.email) {
        await signIn(page, role.email);
        await expect(page.getByText("Signed in as")).toBeVisible();
      } else {
        await page.goto("/login");
      }
      const measured = await crawl(page, testInfo, role.who);
      const tooWide = measured.filter((m) => m.scrollWidth > WIDTH).map((m) => `${m.scrollWidth} px: ${m.url}`);
      expect(tooWide, `pages wider than ${WIDTH} px`).toEqual([]);
      expect(measured.length).toBeGreaterThan(20);
    });
  }
});

// Pages that only a form post shows: error summaries (which change nothing) at 320 px.
test.describe("form error pages at 320 CSS px", () => {
  test.use({ viewport: { width: WIDTH, height: 800 } });

  const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  test("the sign-in, invitation, new wave and audit filter errors do not scroll sideways", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill("someone.with.a.very.long.address@a-council-with-a-long-name.example");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    expect(await width(page), "sign-in error").toBeLessThanOrEqual(WIDTH);

    await signIn(page, accounts.admin.email);
    await expect(page.getByText("Signed in as")).toBeVisible();
    for (const [path, button] of [
      ["/invitations/new", "Send invitation"],
      ["/admin/waves/new", "Create draft wave"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("button", { name: button }).click();
      await expect(page).toHaveTitle(/^Error: /);
      expect(await width(page), `${path} with errors`).toBeLessThanOrEqual(WIDTH);
    }
    await page.goto("/admin/audit?from-day=31&from-month=2&from-year=2026");
    await expect(page).toHaveTitle(/^Error: /);
    expect(await width(page), "audit log with a date error").toBeLessThanOrEqual(WIDTH);
  });
});
