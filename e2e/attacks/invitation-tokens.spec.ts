import { expect, test, type APIRequestContext } from "@playwright/test";
import { accounts } from "../helpers";
import { councilIdByOffset, countAudit, databaseFingerprint, signInOver, withE2eDatabase } from "./support";

const PASSWORD = "a long and unusual passphrase 42";

// Each test invites the first respondent of a council of its own: a second association invitation to
// one council would wait for that council's lead (decision 026). Offsets 20+ are used by no other spec.
let nextCouncil = 20;

async function invite(request: APIRequestContext, email: string, role = "respondent", council = String(councilIdByOffset(nextCouncil++).id)): Promise<string> {
  const response = await request.post("/invitations/new", { form: { email, role, council }, maxRedirects: 0 });
  expect(response.status(), await response.text().then((t) => t.slice(0, 200))).toBe(200);
  const html = await response.text();
  const link = /http:\/\/[^"<\s]+\/invite\/([A-Za-z0-9_-]{43})/.exec(html);
  expect(link, "the page shows the link to copy").toBeTruthy();
  return link![1]!;
}

function invitationIdFor(email: string): number {
  return withE2eDatabase((db) => (db.prepare("select id from invitations where email = ? order by id desc").get(email) as { id: number }).id);
}

test.describe("invitation tokens", () => {
  test("a token is stored only as its SHA-256 hash", async ({ request }) => {
    await signInOver(request, accounts.staff.email);
    const token = await invite(request, "hash.check@leeds.example");
    const stored = withE2eDatabase(
      (db) => db.prepare("select token_hash from invitations where email = ?").get("hash.check@leeds.example") as { token_hash: string },
    );
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
  });

  test("a forged token is refused with 404 and creates nothing", async ({ request }) => {
    const before = databaseFingerprint();
    for (const token of ["A".repeat(43), "short", "../../etc/passwd", "%00", "x".repeat(200)]) {
      expect((await request.get(`/invite/${encodeURIComponent(token)}`)).status()).toBe(404);
      expect((await request.post(`/invite/${encodeURIComponent(token)}`, { form: { name: "Mallory", password: PASSWORD } })).status()).toBe(404);
    }
    expect(databaseFingerprint()).toEqual(before);
  });

  test("an accepted token cannot be used again, and the role and council come from the invitation, not the form", async ({ request, playwright, baseURL }) => {
    await signInOver(request, accounts.staff.email);
    const council = councilIdByOffset(30).id;
    const token = await invite(request, "reuse.check@leeds.example", "respondent", String(council));
    const accepted = await countAudit("invitation.accepted");
    const visitor = await playwright.request.newContext({ baseURL });
    const first = await visitor.post(`/invite/${token}`, {
      form: { name: "Reuse Check", password: PASSWORD, role: "admin", councilId: "2", council_id: "2", status: "admin", email: "other@evil.example" },
      maxRedirects: 0,
    });
    expect(first.status()).toBe(302);
    expect(first.headers()["location"]).toBe("/surveys");
    const user = withE2eDatabase(
      (db) =>
        db.prepare("select role, council_id, email from users where email = ?").get("reuse.check@leeds.example") as {
          role: string;
          council_id: number;
          email: string;
        },
    );
    expect(user).toEqual({ role: "respondent", council_id: council, email: "reuse.check@leeds.example" });
    expect(countAudit("invitation.accepted")).toBe(accepted + 1);
    const again = await playwright.request.newContext({ baseURL });
    expect((await again.get(`/invite/${token}`)).status()).toBe(404);
    expect((await again.post(`/invite/${token}`, { form: { name: "Second Go", password: PASSWORD } })).status()).toBe(404);
  });

  test("an expired token is refused", async ({ request }) => {
    await signInOver(request, accounts.staff.email);
    const token = await invite(request, "expired.check@leeds.example");
    withE2eDatabase((db) =>
      db.prepare("update invitations set expires_at = ? where email = ?").run(new Date(Date.now() - 1000).toISOString(), "expired.check@leeds.example"),
    );
    expect((await request.get(`/invite/${token}`)).status()).toBe(404);
  });

  test("a revoked token is refused, and revoking is audited", async ({ request }) => {
    await signInOver(request, accounts.staff.email);
    const token = await invite(request, "revoked.check@leeds.example");
    const revoked = await countAudit("invitation.revoked");
    const response = await request.post("/invitations", { form: { intent: "revoke", id: String(invitationIdFor("revoked.check@leeds.example")) } });
    expect(response.status()).toBe(200);
    expect(countAudit("invitation.revoked")).toBe(revoked + 1);
    expect((await request.get(`/invite/${token}`)).status()).toBe(404);
  });

  test("re-sending makes a new link and the old one stops working", async ({ request }) => {
    await signInOver(request, accounts.staff.email);
    const old = await invite(request, "resend.check@leeds.example");
    const response = await request.post("/invitations", { form: { intent: "resend", id: String(invitationIdFor("resend.check@leeds.example")) } });
    const fresh = /\/invite\/([A-Za-z0-9_-]{43})/.exec(await response.text())?.[1];
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    expect((await request.get(`/invite/${old}`)).status()).toBe(404);
    expect((await request.get(`/invite/${fresh!}`)).status()).toBe(200);
  });

  test("a common or short password is refused on accepting", async ({ request, playwright, baseURL }) => {
    await signInOver(request, accounts.staff.email);
    const token = await invite(request, "weak.check@leeds.example");
    const visitor = await playwright.request.newContext({ baseURL });
    for (const [password, message] of [
      ["short", "12 characters or more"],
      ["baseball", "12 characters or more"],
      ["x".repeat(129), "128 characters or fewer"],
    ] as const) {
      const response = await visitor.post(`/invite/${token}`, { form: { name: "Weak Check", password } });
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain(message);
    }
    // A list entry of 12+ characters (from the 10,000 most common passwords) is refused as common.
    const common = await visitor.post(`/invite/${token}`, { form: { name: "Weak Check", password: "Unbelievable" } });
    expect(common.status()).toBe(400);
    expect(await common.text()).toContain("too common");
    expect((await visitor.get(`/invite/${token}`)).status()).toBe(200);
  });
});
