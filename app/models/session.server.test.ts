import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { recordAudit } from "./audit.server";
import { applyCouncilRegister } from "./council.server";
import { createSession, deleteSession, deleteSessionsOfUser, findSession, findSessionWithUser, hashSessionId } from "./session.server";
import { createUser, findUserByEmail, getUserWithCouncil } from "./user.server";

describe(`users, sessions and the audit log on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let councilId: number;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(handle.db, [{ gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" }], {
      fullRegister: false,
    });
    councilId = (await handle.db.selectFrom("councils").select("id").executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("stores emails in lower case and finds a user whatever the case typed", async () => {
    await createUser(handle.db, { email: " Rhian.Evans@Cardiff.example ", name: "Rhian Evans", passwordHash: "x", role: "respondent", councilId });
    const user = await findUserByEmail(handle.db, "RHIAN.EVANS@cardiff.example");
    expect(user?.email).toBe("rhian.evans@cardiff.example");
    const withCouncil = await getUserWithCouncil(handle.db, user!.id);
    expect(withCouncil?.councilName).toBe("City of Cardiff Council");
  });

  it("refuses a respondent without a council and a staff member with one", async () => {
    await expect(createUser(handle.db, { email: "a@x.example", name: "A", passwordHash: null, role: "respondent", councilId: null })).rejects.toThrow(
      /council/,
    );
    await expect(createUser(handle.db, { email: "b@x.example", name: "B", passwordHash: null, role: "staff", councilId })).rejects.toThrow(/council/);
  });

  it("refuses a role the schema does not know", async () => {
    const now = new Date().toISOString();
    await expect(
      handle.db
        .insertInto("users")
        // @ts-expect-error -- deliberately an invalid role
        .values({ email: "c@x.example", name: "C", password_hash: null, role: "superuser", council_id: null, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
  });

  it("keeps only a hash of the session id, and a session can be revoked", async () => {
    const user = await findUserByEmail(handle.db, "rhian.evans@cardiff.example");
    const id = await createSession(handle.db, { userId: user!.id, now: new Date(), absoluteMinutes: 720, clientAddress: "127.0.0.1", userAgent: "test" });
    const row = await findSession(handle.db, id);
    expect(row?.id_hash).toBe(hashSessionId(id));
    expect(row?.id_hash).not.toContain(id);
    await deleteSession(handle.db, id);
    expect(await findSession(handle.db, id)).toBeUndefined();
  });

  it("finds a session with its user and council in one query, and nothing for an unknown id", async () => {
    const user = await findUserByEmail(handle.db, "rhian.evans@cardiff.example");
    const now = new Date("2026-11-27T10:00:00.000Z");
    const id = await createSession(handle.db, { userId: user!.id, now, absoluteMinutes: 720, clientAddress: null, userAgent: null });
    expect(await findSessionWithUser(handle.db, id)).toEqual({
      sessionExpiresAt: "2026-11-27T22:00:00.000Z",
      sessionLastSeenAt: "2026-11-27T10:00:00.000Z",
      sessionMfaVerified: 0,
      ...(await getUserWithCouncil(handle.db, user!.id)),
    });
    expect(await findSessionWithUser(handle.db, "no-such-session")).toBeUndefined();
    await deleteSession(handle.db, id);
  });

  it("ends every session of a user at once", async () => {
    const user = await findUserByEmail(handle.db, "rhian.evans@cardiff.example");
    const a = await createSession(handle.db, { userId: user!.id, now: new Date(), absoluteMinutes: 720, clientAddress: null, userAgent: null });
    const b = await createSession(handle.db, { userId: user!.id, now: new Date(), absoluteMinutes: 720, clientAddress: null, userAgent: null });
    await deleteSessionsOfUser(handle.db, user!.id);
    expect(await findSession(handle.db, a)).toBeUndefined();
    expect(await findSession(handle.db, b)).toBeUndefined();
  });

  it("appends audit entries with their detail as JSON", async () => {
    await recordAudit(handle.db, {
      actor: { userId: 1, email: "x@y.example", role: "staff", councilId: null },
      action: "test.action",
      targetType: "wave",
      targetId: 7,
      detail: { a: 1 },
      clientAddress: "127.0.0.1",
    });
    const row = await handle.db.selectFrom("audit_log").selectAll().where("action", "=", "test.action").executeTakeFirstOrThrow();
    expect(row.target_id).toBe("7");
    expect(JSON.parse(row.detail!)).toEqual({ a: 1 });
    expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
