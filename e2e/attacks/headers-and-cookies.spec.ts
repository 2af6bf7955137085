import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD } from "../helpers";

test.describe("headers and cookies", () => {
  test("every page carries the security headers and a CSP with a fresh nonce used by its scripts", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ["/login", "/accessibility", "/no-such-page"]) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["strict-transport-security"]).toContain("max-age=31536000");
      expect(headers["x-powered-by"]).toBeUndefined();
      const csp = headers["content-security-policy"] ?? "";
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "default-src 'self'"])
        expect(csp).toContain(directive);
      expect(csp).not.toContain("unsafe-eval");
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, "script-src has a nonce").toBeTruthy();
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      nonces.add(nonce!);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, "every script tag carries the nonce").toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size, "a new nonce per response").toBe(3);
  });

  test("the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ with no Domain, and sign-in issues a new one", async ({ request }) => {
    const first = await request.post("/login", { form: { email: accounts.staff.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
    expect(first.status()).toBe(302);
    const cookie = first.headersArray().find((h) => h.name.toLowerCase() === "set-cookie")?.value ?? "";
    expect(cookie).toMatch(/^__Host-localtrust_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/;\s*Domain=/i);
    const second = await request.post("/login", { form: { email: accounts.staff.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
    const cookie2 = second.headersArray().find((h) => h.name.toLowerCase() === "set-cookie")?.value ?? "";
    expect(cookie2.split(";")[0]).not.toBe(cookie.split(";")[0]);
  });

  test("Chromium keeps the Secure cookie on http://localhost and the page hydrates with no CSP errors", async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !/Failed to load resource: the server responded with a status of 40[34]/.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto("/login");
    await page.getByLabel("Email address").fill(accounts.admin.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/waves$/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "__Host-localtrust_session")?.secure).toBe(true);
    // GOV.UK Frontend's init.js ran (it marks the body) and Remix hydrated (client-side navigation works).
    await expect(page.locator("body")).toHaveClass(/govuk-frontend-supported/);
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(/\/admin\/audit/);
    expect(await page.evaluate(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter)).toBe("object");
    expect(problems, "console errors (CSP violations would appear here)").toEqual([]);
  });
});
