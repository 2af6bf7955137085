import { expect, test, type APIRequestContext } from "@playwright/test";
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
// Sent by a client that adds no Origin of its own.
const forgedWithoutOrigin: { name: string; headers: Record<string, string> }[] = [
  { name: "no Origin, Referer: http://evil.example/", headers: { Referer: "http://evil.example/" } },
  { name: "no Origin, a look-alike Referer", headers: { Referer: "http://localhost.evil.example/surveys" } },
  { name: "neither Origin nor Referer", headers: {} },
  { name: "neither, Sec-Fetch-Site: none", headers: { "Sec-Fetch-Site": "none" } },
];

/** A client that sends no Origin (the suite's clients otherwise name the app, as browsers do), signed in as `from`. */
async function clientWithoutOrigin(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
  from: APIRequestContext,
) {
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: {}, storageState: await from.storageState() });
}

test.describe("cross-origin form posts", () => {
  test("the suite found the app's actions", () => {
    expect(actions.map((a) => a.path)).toEqual(
      expect.arrayContaining(["/login", "/logout", "/invitations", "/invitations/new", "/admin/users", "/invite/:token"]),
    );
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

  for (const who of ["admin", "leeds"] as const) {
    test(`with no Origin, a foreign or missing Referer is refused on every action for a signed-in ${who}`, async ({ request, playwright, baseURL }) => {
      await signInOver(request, accounts[who].email);
      const bare = await clientWithoutOrigin(playwright, baseURL!, request);
      const before = databaseFingerprint();
      for (const route of actions) {
        const url = concrete(route.path, demoValues);
        for (const attack of forgedWithoutOrigin) {
          const response = await bare.post(url, {
            headers: attack.headers,
            form: { intent: "disable", id: "1", role: "admin", email: "victim@evil.example", _intent: "submit", declaration: "yes" },
            maxRedirects: 0,
          });
          expect(response.status(), `${url} with ${attack.name}`).toBe(403);
        }
      }
      expect(databaseFingerprint()).toEqual(before);
      await bare.dispose();
    });
  }

  test("POST /logout with Referer: http://evil.example/ and no Origin is refused and the session survives (the probe's finding)", async ({
    request,
    playwright,
    baseURL,
  }) => {
    await signInOver(request, accounts.leeds.email);
    const bare = await clientWithoutOrigin(playwright, baseURL!, request);
    const refused = await bare.post("/logout", { headers: { Referer: "http://evil.example/" }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("sent from another site");
    expect((await request.get("/surveys", { maxRedirects: 0 })).status()).toBe(200);
    // The same client with this site's Referer, or a browser's Sec-Fetch-Site: same-origin, signs out.
    const sameSiteReferer = await bare.post("/logout", { headers: { Referer: `${baseURL}/surveys` }, maxRedirects: 0 });
    expect(sameSiteReferer.status()).toBe(302);
    await bare.dispose();
    await signInOver(request, accounts.leeds.email);
    const browserLike = await clientWithoutOrigin(playwright, baseURL!, request);
    expect((await browserLike.post("/logout", { headers: { "Sec-Fetch-Site": "same-origin" }, maxRedirects: 0 })).status()).toBe(302);
    await browserLike.dispose();
  });

  test("a same-origin post is not refused by the cross-site check", async ({ request, baseURL }) => {
    const response = await request.post("/login", {
      headers: { Origin: baseURL!, "Sec-Fetch-Site": "same-origin" },
      form: { email: "x@y.example", password: "wrong-password-here" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  });
});
