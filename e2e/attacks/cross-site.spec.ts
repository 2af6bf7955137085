import { expect, test } from "@playwright/test";
import { accounts } from "../helpers";
import { appRoutes, concrete, databaseFingerprint, demoValues, signInOver } from "./support";

// Every route with an action, from app/routes, plus a form body that would change something.
const actions = appRoutes().filter((r) => r.hasAction);
const forged: { name: string; headers: Record<string, string> }[] = [
  { name: "Origin: https://evil.example", headers: { Origin: "https://evil.example" } },
  { name: "Origin: null", headers: { Origin: "null" } },
  { name: "no Origin but Sec-Fetch-Site: cross-site", headers: { "Sec-Fetch-Site": "cross-site" } },
  { name: "Origin of a look-alike host", headers: { Origin: "http://localhost.evil.example" } },
];

test.describe("cross-origin form posts", () => {
  test("the suite found the app's actions", () => {
    expect(actions.map((a) => a.path)).toEqual(expect.arrayContaining(["/login", "/logout", "/invitations", "/invitations/new", "/admin/users", "/invite/:token"]));
  });

  for (const who of ["admin", "leeds"] as const) {
    test(`every action refuses a cross-origin post from a signed-in ${who} with 403 and changes nothing`, async ({ request }) => {
      await signInOver(request, accounts[who].email);
      const before = databaseFingerprint();
      for (const route of actions) {
        const url = concrete(route.path, demoValues);
        for (const attack of forged) {
          const response = await request.post(url, {
            headers: attack.headers,
            form: { intent: "disable", id: "1", role: "admin", email: "victim@evil.example", _intent: "submit", declaration: "yes" },
            maxRedirects: 0,
          });
          expect(response.status(), `${url} with ${attack.name}`).toBe(403);
        }
      }
      expect(databaseFingerprint()).toEqual(before);
    });
  }

  test("a same-origin post is not refused by the cross-site check", async ({ request, baseURL }) => {
    const response = await request.post("/login", { headers: { Origin: baseURL!, "Sec-Fetch-Site": "same-origin" }, form: { email: "x@y.example", password: "wrong-password-here" }, maxRedirects: 0 });
    expect(response.status()).toBe(400);
  });
});
