import * as OTPAuth from "otpauth";
import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD } from "../helpers";
import { newClient, startServer } from "./support";

// These run against a second server of their own (REQUIRE_STAFF_MFA=true, a fresh database), so a
// throttled address or a staff member with MFA does not disturb the other tests.
test.describe.configure({ mode: "serial" });
let server: Awaited<ReturnType<typeof startServer>>;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ REQUIRE_STAFF_MFA: "true" });
});
test.afterAll(async () => {
  await server?.stop();
});

test("staff without a second factor cannot reach any staff page or action when MFA is required: only enrolment", async () => {
  const client = await newClient(server.baseURL);
  const signIn = await client.post("/login", { form: { email: accounts.staff.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  expect(signIn.headers()["location"]).toMatch(/^\/account\/security/);
  for (const path of ["/waves", "/waves/2026", "/invitations", "/invitations/new"]) {
    const response = await client.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"], path).toMatch(/^\/account\/security/);
  }
  const post = await client.post("/invitations/new", { form: { email: "sneaky@example.org", role: "respondent", council: "1" }, maxRedirects: 0 });
  expect(post.status()).toBe(302);
  expect((await client.get("/account/security")).status()).toBe(200);
  expect((await client.get("/login/verify", { maxRedirects: 0 })).headers()["location"]).toMatch(/^\/account\/security/);
});

test("after enrolling with a TOTP code staff reach their pages; a new session must pass the code, which works once", async () => {
  const client = await newClient(server.baseURL);
  await client.post("/login", { form: { email: accounts.admin.email, password: DEMO_PASSWORD } });
  const enrol = await (await client.get("/account/security")).text();
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol)?.[1];
  const pending = /name="pending" value="([^"]+)"/.exec(enrol)?.[1];
  expect(secret && pending).toBeTruthy();
  expect(enrol).toContain('src="data:image/svg+xml;base64,');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret!), digits: 6, period: 30 });
  const wrong = await client.post("/account/security", { form: { pending: pending!, code: "000000" } });
  expect(wrong.status()).toBe(400);
  const enrolledAt = Date.now();
  const confirmed = await client.post("/account/security", { form: { pending: pending!, code: totp.generate({ timestamp: enrolledAt }) } });
  expect(confirmed.status()).toBe(200);
  const body = await confirmed.text();
  const codes = [...body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!);
  expect(codes, body.slice(body.indexOf("<main"), body.indexOf("<main") + 1500)).toHaveLength(10);
  expect((await client.get("/admin/users", { maxRedirects: 0 })).status()).toBe(200);

  // A new sign-in must pass the second factor before any admin page.
  const second = await newClient(server.baseURL);
  const signIn = await second.post("/login", { form: { email: accounts.admin.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(signIn.headers()["location"]).toMatch(/^\/login\/verify/);
  expect((await second.get("/admin/users", { maxRedirects: 0 })).headers()["location"]).toMatch(/^\/login\/verify/);
  // Enrolling again is no way round the check.
  expect((await second.get("/account/security", { maxRedirects: 0 })).headers()["location"]).toMatch(/^\/login\/verify/);
  // The code used to enrol cannot be replayed; a recovery code works once.
  expect((await second.post("/login/verify", { form: { code: totp.generate({ timestamp: enrolledAt }) }, maxRedirects: 0 })).status()).toBe(400);
  const recovered = await second.post("/login/verify", { form: { code: codes[0]!, redirectTo: "/admin/users" }, maxRedirects: 0 });
  expect(recovered.status()).toBe(302);
  expect(recovered.headers()["location"]).toBe("/admin/users");
  expect((await second.get("/admin/users", { maxRedirects: 0 })).status()).toBe(200);
  const third = await newClient(server.baseURL);
  await third.post("/login", { form: { email: accounts.admin.email, password: DEMO_PASSWORD } });
  expect((await third.post("/login/verify", { form: { code: codes[0]! }, maxRedirects: 0 })).status()).toBe(400);
});

test("ten failures for one account make it wait, with the same answer for an account that does not exist", async () => {
  const client = await newClient(server.baseURL);
  for (const email of [accounts.cardiff.email, "nobody.here@example.org"]) {
    for (let i = 0; i < 10; i++) {
      const r = await client.post("/login", { form: { email, password: `wrong-password-${i}` }, maxRedirects: 0 });
      expect(r.status()).toBe(400);
    }
    const blocked = await client.post("/login", { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
    expect(blocked.status(), email).toBe(429);
    expect(await blocked.text()).toContain("Too many failed attempts");
  }
  // Another account from the same address is not affected yet.
  expect((await client.post("/login", { form: { email: accounts.leeds.email, password: DEMO_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);
});

test("a password spray across many accounts from one address gets 429", async () => {
  const client = await newClient(server.baseURL);
  let firstBlocked = -1;
  for (let i = 0; i < 40; i++) {
    const r = await client.post("/login", { form: { email: `spray.${i}@example.org`, password: "Summer2026!!" }, maxRedirects: 0 });
    if (r.status() === 429) {
      firstBlocked = i;
      break;
    }
    expect(r.status()).toBe(400);
  }
  // Earlier tests left about 22 failures from this address; the 50th blocks every later attempt.
  expect(firstBlocked).toBeGreaterThan(20);
  expect((await client.post("/login", { form: { email: accounts.leeds.email, password: DEMO_PASSWORD }, maxRedirects: 0 })).status()).toBe(429);
});
