import { expect, test } from "@playwright/test";
import { accounts } from "../helpers";
import { appRoutes, concrete, databaseFingerprint, demoValues, signInOver } from "./support";

const all = appRoutes();
const staffRoutes = all.filter((r) => /^\/(waves|api|invitations|admin)(\/|$)/.test(r.path));
const adminRoutes = all.filter((r) => /^\/admin(\/|$)/.test(r.path));

test.describe("roles", () => {
  test("the suite found the staff and admin routes", () => {
    expect(staffRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(["/waves", "/invitations", "/invitations/new", "/admin/users", "/admin/audit"]));
  });

  test("a respondent gets 403 on every staff and admin route, loader and action, and changes nothing", async ({ request }) => {
    await signInOver(request, accounts.leeds.email);
    const before = databaseFingerprint();
    for (const route of staffRoutes) {
      const url = concrete(route.path, demoValues);
      if (route.hasLoader) expect((await request.get(url, { maxRedirects: 0 })).status(), `GET ${url}`).toBe(403);
      if (route.hasAction) {
        const response = await request.post(url, {
          form: { intent: "disable", id: "1", role: "admin", email: "someone@evil.example", council: "1" },
          maxRedirects: 0,
        });
        expect(response.status(), `POST ${url}`).toBe(403);
      }
    }
    expect(databaseFingerprint()).toEqual(before);
  });

  test("staff get 403 on every admin route, and cannot invite an admin", async ({ request }) => {
    await signInOver(request, accounts.staff.email);
    const before = databaseFingerprint();
    for (const route of adminRoutes) {
      const url = concrete(route.path, demoValues);
      if (route.hasLoader) expect((await request.get(url, { maxRedirects: 0 })).status(), `GET ${url}`).toBe(403);
      if (route.hasAction)
        expect((await request.post(url, { form: { intent: "role", id: "1", role: "staff" }, maxRedirects: 0 })).status(), `POST ${url}`).toBe(403);
    }
    const invite = await request.post("/invitations/new", { form: { email: "new.admin@evil.example", role: "admin" }, maxRedirects: 0 });
    expect(invite.status()).toBe(403);
    expect(databaseFingerprint()).toEqual(before);
  });

  test("a signed-out visitor is sent to sign in from every staff, admin and respondent page", async ({ request }) => {
    for (const route of all.filter((r) => /^\/(waves|api|invitations|admin|surveys|account)(\/|$)/.test(r.path) && r.hasLoader)) {
      const url = concrete(route.path, demoValues);
      const response = await request.get(url, { maxRedirects: 0 });
      expect([302, 401, 403], `GET ${url}`).toContain(response.status());
      // Sign-in, or a bare redirect that reveals nothing (e.g. a POST-only respondent route's GET).
      if (response.status() === 302) expect(response.headers()["location"], url).toMatch(/^\/(login|surveys)/);
    }
  });
});
