import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { countAudit, findAuditTargetNames, listAuditEntries, recordAudit } from "./audit.server";
import { applyCouncilRegister } from "./council.server";
import { createUser, listUsers, setUserDisabled } from "./user.server";
import { createWave, ensureInstrumentVersionStored } from "./wave.server";

// The admin's lists: the users page's search and filters, the audit log's filters and target names.
describe(`admin lists on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  const ids: Record<string, number> = {};
  let leedsId = 0;
  beforeAll(async () => {
    handle = await openTestDatabase();
    const db = handle.db;
    await applyCouncilRegister(
      db,
      [
        { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },
        { gssCode: "W06000015", name: "City of Cardiff Council", type: "UA", region: "Wales", nation: "Wales" },
      ],
      { fullRegister: true },
    );
    const councils = await db.selectFrom("councils").select(["id", "gss_code"]).execute();
    leedsId = councils.find((c) => c.gss_code === "E08000035")!.id;
    const cardiffId = councils.find((c) => c.gss_code === "W06000015")!.id;
    ids.sam = await createUser(db, { email: "it.manager@leeds.example", name: "Sam Carter", passwordHash: "x", role: "respondent", councilId: leedsId });
    ids.rhian = await createUser(db, {
      email: "digital.lead@cardiff.example",
      name: "Rhian Evans",
      passwordHash: null,
      role: "respondent",
      councilId: cardiffId,
    });
    ids.priya = await createUser(db, { email: "admin@localtrust.example", name: "Priya Shah", passwordHash: "x", role: "admin", councilId: null });
    ids.tom = await createUser(db, { email: "staff@localtrust.example", name: "Tom Hughes", passwordHash: "x", role: "staff", councilId: null });
    await setUserDisabled(db, ids.tom, true);
    await ensureInstrumentVersionStored(db, { version: 1, title: "v1", definition: {} });
    const waveId = await createWave(db, { slug: "2026", title: "2026 survey", instrumentVersion: 1, status: "open", opensOn: null, closesOn: null });
    const admin = { userId: ids.priya, email: "admin@localtrust.example", role: "admin", councilId: null };
    await recordAudit(db, { actor: admin, action: "user.role-changed", targetType: "user", targetId: ids.tom, detail: { from: "staff", to: "admin" } });
    await recordAudit(db, { actor: admin, action: "wave.opened", targetType: "wave", targetId: waveId, detail: { slug: "2026", from: "draft", to: "open" } });
    await recordAudit(db, { actor: admin, action: "export.chase-list", targetType: "wave", targetId: "2026" });
    await recordAudit(db, {
      actor: { userId: ids.sam, email: "it.manager@leeds.example", role: "respondent", councilId: leedsId },
      action: "team.joined",
      targetType: "council",
      targetId: leedsId,
    });
    await recordAudit(db, { actor: null, action: "sign-in.failed" });
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("finds users by part of their name or email in any case", async () => {
    expect((await listUsers(handle.db, { search: "SAM CAR" })).rows.map((u) => u.email)).toEqual(["it.manager@leeds.example"]);
    expect((await listUsers(handle.db, { search: "cardiff.exa" })).rows.map((u) => u.name)).toEqual(["Rhian Evans"]);
    expect((await listUsers(handle.db, { search: "100%_" })).total).toBe(0);
  });

  it("filters users by role, council and status, and pages them with the total", async () => {
    expect((await listUsers(handle.db, { role: "respondent" })).total).toBe(2);
    expect((await listUsers(handle.db, { councilId: leedsId })).rows.map((u) => u.name)).toEqual(["Sam Carter"]);
    expect((await listUsers(handle.db, { status: "disabled" })).rows.map((u) => u.name)).toEqual(["Tom Hughes"]);
    expect((await listUsers(handle.db, { status: "no-password" })).rows.map((u) => u.name)).toEqual(["Rhian Evans"]);
    expect((await listUsers(handle.db, { status: "active" })).rows.map((u) => u.name).sort()).toEqual(["Priya Shah", "Sam Carter"]);
    const page = await listUsers(handle.db, {}, { offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]).not.toHaveProperty("password_hash");
  });

  it("filters the audit log by the actor's name or email, event, council and dates", async () => {
    expect(await countAudit(handle.db, {})).toBe(5);
    expect(await countAudit(handle.db, { actor: "priya" })).toBe(3);
    expect(await countAudit(handle.db, { actor: "LEEDS.EXAMPLE" })).toBe(1);
    expect(await countAudit(handle.db, { action: "wave.opened" })).toBe(1);
    expect(await countAudit(handle.db, { councilId: leedsId })).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(await countAudit(handle.db, { from: today, to: today })).toBe(5);
    expect(await countAudit(handle.db, { to: "2000-01-01" })).toBe(0);
    const newest = await listAuditEntries(handle.db, {}, { offset: 0, limit: 2 });
    expect(newest.map((e) => e.action)).toEqual(["sign-in.failed", "team.joined"]);
    expect(await countAudit(handle.db, { upToId: newest[1]!.id })).toBe(4);
  });

  it("gives the actor's name and names every target of a page, waves by id and by slug", async () => {
    const entries = await listAuditEntries(handle.db, {}, { offset: 0, limit: 50 });
    expect(entries.find((e) => e.action === "user.role-changed")).toMatchObject({
      actorName: "Priya Shah",
      actorEmail: "admin@localtrust.example",
      actorRole: "admin",
    });
    const names = await findAuditTargetNames(handle.db, entries);
    expect(names.users.get(ids.tom!)).toEqual({ name: "Tom Hughes", email: "staff@localtrust.example" });
    const byId = entries.find((e) => e.action === "wave.opened")!.targetId!;
    expect(names.waves.get(byId)).toEqual({ slug: "2026", title: "2026 survey" });
    expect(names.waves.get("2026")).toEqual({ slug: "2026", title: "2026 survey" });
    expect(names.councils.get(leedsId)).toEqual({ name: "Leeds City Council" });
  });
});
