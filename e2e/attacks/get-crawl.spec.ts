import { expect, test } from "@playwright/test";
import { accounts } from "../helpers";
import { appRoutes, concrete, databaseFingerprint, demoValues, signInOver } from "./support";

// "No database change" means: every table identical row for row, except sessions' last_seen_at
// (the idle-timeout clock a read must refresh) and the append-only audit_log and the throttle_counters
// (records of requests, not data). See support.ts databaseFingerprint().
const pages = appRoutes()
  .filter((r) => r.hasLoader)
  .flatMap((r) => {
    const url = concrete(r.path, demoValues);
    return r.path === "/admin/audit"
      ? [url, `${url}?action=sign-in.failed&page=2&from-day=1&from-month=1&from-year=2020&to-day=1&to-month=1&to-year=2030&actor=a&council=1`]
      : [url];
  });

for (const who of ["signed out", "leeds", "staff", "admin"] as const) {
  test(`crawling every GET route as ${who} changes nothing in the database`, async ({ request }) => {
    if (who !== "signed out") await signInOver(request, accounts[who].email);
    const before = databaseFingerprint();
    const statuses: string[] = [];
    for (const url of [...pages, "/logout", "/no-such-page"]) {
      const response = await request.get(url, { maxRedirects: 0 });
      statuses.push(`${response.status()} ${url}`);
      expect(response.status(), `GET ${url}`).toBeLessThan(500);
      const head = await request.head(url, { maxRedirects: 0 });
      expect(head.status(), `HEAD ${url}`).toBeLessThan(500);
    }
    expect(databaseFingerprint(), statuses.join("\n")).toEqual(before);
    if (who !== "signed out") {
      // The session survived the crawl: GET /logout did not sign anyone out.
      const after = await request.get(who === "leeds" ? "/surveys" : "/waves", { maxRedirects: 0 });
      expect(after.status()).toBe(200);
    }
  });
}
