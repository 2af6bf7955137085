import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// Configured, so the emails are queued (with their links) rather than recorded as not sent.
process.env.SMTP_URL = "smtp://127.0.0.1:9";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister } from "../models/council.server";
import { createSession } from "../models/session.server";
import { createUser } from "../models/user.server";
import { hashPassword } from "./password.server";
import { RESET_ACCOUNT_LIMIT, RESET_ADDRESS_LIMIT, reserveResetRequest, resetAccountKey } from "./throttle.server";

// "Forgot your password?" (decision 049) through the service on a real database: the same
// outcome for any address, an email only to an account, a one-hour single-use link that ends every
// session, and the throttle per address typed and per client address, also under parallel requests.

const PASSWORD = "a long and unusual passphrase 42";
const request = (address = "192.0.2.1") =>
  new Request("http://localhost/forgot-password", { method: "POST", headers: { "X-LocalTrust-Client-Address": address } });

describe(`password reset on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let reset: typeof import("./password-reset.server");
  let invitations: typeof import("./invitations.server");
  let userId: number;

  beforeAll(async () => {
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    reset = await import("./password-reset.server");
    invitations = await import("./invitations.server");
    await applyCouncilRegister(
      handle.db,
      [{ gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" }],
      { fullRegister: false },
    );
    const leeds = (await handle.db.selectFrom("councils").select("id").executeTakeFirstOrThrow()).id;
    userId = await createUser(handle.db, {
      email: "sam@leeds.example",
      name: "Sam",
      passwordHash: await hashPassword(PASSWORD),
      role: "respondent",
      councilId: leeds,
    });
  }, 60_000);
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });
  beforeEach(async () => {
    await handle.db.deleteFrom("throttle_counters").execute();
    await handle.db.deleteFrom("outbox_emails").execute();
  });

  const emails = () => handle.db.selectFrom("outbox_emails").select(["recipient", "kind", "status", "body_text"]).execute();

  it("an unknown address gets the same outcome and no email; an account gets one link, valid for an hour", async () => {
    const now = new Date();
    expect(await reset.requestPasswordReset(request(), "nobody@unknown.example", now)).toEqual({ throttled: null });
    expect(await emails()).toEqual([]);
    expect(await reset.requestPasswordReset(request(), " Sam@Leeds.example ", now)).toEqual({ throttled: null });
    const sent = await emails();
    expect(sent.map((e) => [e.recipient, e.kind, e.status])).toEqual([["sam@leeds.example", "password-reset", "queued"]]);
    const invitation = await handle.db.selectFrom("invitations").selectAll().where("purpose", "=", "reset").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(new Date(invitation.expires_at).getTime() - new Date(invitation.created_at).getTime()).toBe(3_600_000);
    const audit = await handle.db.selectFrom("audit_log").select(["action", "detail"]).where("action", "=", "password-reset.requested").orderBy("id").execute();
    expect(audit.map((a) => JSON.parse(a.detail!).sent)).toEqual([false, true]);
  });

  it("the link works once, sets the password and ends every session of the account", async () => {
    await createSession(handle.db, { userId, now: new Date(), absoluteMinutes: 720, clientAddress: null, userAgent: null });
    await createSession(handle.db, { userId, now: new Date(), absoluteMinutes: 720, clientAddress: null, userAgent: null });
    await reset.requestPasswordReset(request(), "sam@leeds.example");
    const [email] = await emails();
    const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(email!.body_text)![1]!;
    const sessionsBefore = await handle.db.selectFrom("sessions").select("id_hash").where("user_id", "=", userId).execute();
    expect(sessionsBefore.length).toBeGreaterThanOrEqual(2);
    const outcome = await invitations.acceptInvitation(request(), token, { name: "unchanged", password: "a brand new passphrase 2026" });
    expect(outcome.ok).toBe(true);
    const sessionsAfter = await handle.db.selectFrom("sessions").select("id_hash").where("user_id", "=", userId).execute();
    // Only the session the reset just started is left.
    expect(sessionsAfter).toHaveLength(1);
    expect(sessionsBefore.map((s) => s.id_hash)).not.toContain(sessionsAfter[0]!.id_hash);
    expect((await invitations.acceptInvitation(request(), token, { name: "unchanged", password: "another new passphrase 2026" })).ok).toBe(false);
  });

  it(`the throttle: ${RESET_ACCOUNT_LIMIT} requests per address typed in the window, counted whether or not it has an account, also in parallel`, async () => {
    const now = new Date();
    for (const email of ["sam@leeds.example", "nobody@unknown.example"]) {
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => reserveResetRequest(handle.db, email, `198.51.100.${i}`, now)));
      expect(outcomes.filter((o) => o === null)).toHaveLength(RESET_ACCOUNT_LIMIT);
      expect(outcomes.filter((o) => o === "account")).toHaveLength(10 - RESET_ACCOUNT_LIMIT);
    }
    const counted = await handle.db
      .selectFrom("throttle_counters")
      .select("attempts")
      .where("key", "=", resetAccountKey("SAM@leeds.example"))
      .executeTakeFirstOrThrow();
    expect(counted.attempts).toBe(RESET_ACCOUNT_LIMIT);
    // The window ends: allowed again.
    expect(await reserveResetRequest(handle.db, "sam@leeds.example", "198.51.100.1", new Date(now.getTime() + 16 * 60_000))).toBeNull();
  });

  it(`the throttle: ${RESET_ADDRESS_LIMIT} requests per client address, across addresses typed`, async () => {
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: RESET_ADDRESS_LIMIT + 5 }, (_, i) => reserveResetRequest(handle.db, `person${i}@example.org`, "203.0.113.9", now)),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(RESET_ADDRESS_LIMIT);
    expect(outcomes.filter((o) => o === "address")).toHaveLength(5);
  });

  it("a throttled request sends nothing and is audited", async () => {
    for (let i = 0; i < RESET_ACCOUNT_LIMIT; i++) await reset.requestPasswordReset(request(`192.0.2.${i + 10}`), "sam@leeds.example");
    expect(await reset.requestPasswordReset(request("192.0.2.50"), "sam@leeds.example")).toEqual({ throttled: "account" });
    expect(await emails()).toHaveLength(RESET_ACCOUNT_LIMIT);
    expect(await handle.db.selectFrom("audit_log").select("action").where("action", "=", "password-reset.throttled").execute()).toHaveLength(1);
  });
});
