import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD } from "../helpers";

const attacks = ["//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/", "\\\\evil.example", " //evil.example"];

for (const target of attacks) {
  test(`a sign-in with redirectTo=${JSON.stringify(target)} lands on a local page, never another site`, async ({ request }) => {
    const page = await request.get(`/login?${new URLSearchParams({ redirectTo: target })}`);
    // The form carries no redirect to another site (the URL itself is echoed only in Remix's data).
    const hidden = /name="redirectTo" value="([^"]*)"/.exec(await page.text())?.[1] ?? "";
    expect(hidden).not.toContain("evil.example");
    expect(hidden).not.toContain("javascript:");
    const response = await request.post("/login", { form: { email: accounts.staff.email, password: DEMO_PASSWORD, redirectTo: target }, maxRedirects: 0 });
    expect(response.status()).toBe(302);
    const location = response.headers()["location"] ?? "";
    expect(location.startsWith("/")).toBe(true);
    expect(location.startsWith("//")).toBe(false);
    expect(location.startsWith("/\\")).toBe(false);
    expect(new URL(location, "http://localhost").host).toBe("localhost");
  });
}

test("a local redirectTo is honoured after sign-in", async ({ request }) => {
  const response = await request.post("/login", { form: { email: accounts.staff.email, password: DEMO_PASSWORD, redirectTo: "/waves/2026" }, maxRedirects: 0 });
  expect(response.headers()["location"]).toBe("/waves/2026");
});
