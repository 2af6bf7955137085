import { expect, test } from "@playwright/test";
import { accounts } from "../helpers";
import { countAudit, inviteOver, signInOver, STRONG_PASSWORD, withE2eDatabase } from "./support";

test("a disabled user's live session is rejected on their very next request, and they cannot sign in again", async ({ request, playwright, baseURL }) => {
  await signInOver(request, accounts.admin.email);
  const email = "to.be.disabled@example.org";
  const token = await inviteOver(request, email, "staff");
  const victim = await playwright.request.newContext({ baseURL });
  expect((await victim.post(`/invite/${token}`, { form: { name: "Soon Disabled", password: STRONG_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);
  expect((await victim.get("/waves", { maxRedirects: 0 })).status()).toBe(200);
  const id = withE2eDatabase((db) => (db.prepare("select id from users where email = ?").get(email) as { id: number }).id);
  const disabled = countAudit("user.disabled");
  expect((await request.post("/admin/users", { form: { intent: "disable", id: String(id) } })).status()).toBe(200);
  expect(countAudit("user.disabled")).toBe(disabled + 1);
  const next = await victim.get("/waves", { maxRedirects: 0 });
  expect(next.status()).toBe(302);
  expect(next.headers()["location"]).toMatch(/^\/login/);
  expect(withE2eDatabase((db) => (db.prepare("select count(*) as n from sessions where user_id = ?").get(id) as { n: number }).n)).toBe(0);
  const again = await victim.post("/login", { form: { email, password: STRONG_PASSWORD }, maxRedirects: 0 });
  expect(again.status()).toBe(400);
});

test("role changes are audited and extra form fields cannot change anything else", async ({ request }) => {
  await signInOver(request, accounts.admin.email);
  const staff = withE2eDatabase(
    (db) => db.prepare("select id, email, council_id from users where email = ?").get(accounts.staff.email) as { id: number; council_id: number | null },
  );
  const changed = countAudit("user.role-changed");
  const response = await request.post("/admin/users", {
    form: {
      intent: "role",
      id: String(staff.id),
      role: "admin",
      councilId: "1",
      council_id: "1",
      status: "disabled",
      email: "x@evil.example",
      disabled_at: "now",
    },
  });
  expect(response.status()).toBe(200);
  const after = withE2eDatabase((db) => db.prepare("select role, council_id, email, disabled_at from users where id = ?").get(staff.id));
  expect(after).toEqual({ role: "admin", council_id: null, email: accounts.staff.email, disabled_at: null });
  expect(countAudit("user.role-changed")).toBe(changed + 1);
  await request.post("/admin/users", { form: { intent: "role", id: String(staff.id), role: "staff" } });
  expect(withE2eDatabase((db) => (db.prepare("select role from users where id = ?").get(staff.id) as { role: string }).role)).toBe("staff");
});
