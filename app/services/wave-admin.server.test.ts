import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { listAudit } from "../models/audit.server";
import { applyCouncilRegister } from "../models/council.server";
import { createUser } from "../models/user.server";
import { countWaveResponses, createWave, getWaveBySlug, listWavesOldestFirst, updateWaveStatus } from "../models/wave.server";
import { importHistoricalResponses } from "./import-responses.server";
import { publishWave } from "./publishing.server";
import { addFieldworkDates, changeWaveDeadline, changeWaveStatus, createDraftWave, type ChangeContext } from "./wave-admin.server";

const OPEN_DATA = { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" };

const COUNCILS = [
  { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },
  { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "E10000016", name: "Kent County Council", type: "CTY", region: "South East", nation: "England" },
];

function answers(gss: string, level: string): string {
  const cells: Record<string, string> = { gss_code: gss };
  for (let k = 1; k <= 6; k++) cells[`PRESC${k}`] = level;
  for (let k = 1; k <= 6; k++) cells[`BURDEN${k}`] = k === 2 ? "dk" : level;
  cells.LTC1 = "6";
  cells.PCT1 = "3";
  return JSON.stringify(cells);
}

function csv(rows: string[]): string {
  const parsed = rows.map((r) => JSON.parse(r) as Record<string, string>);
  const head = [...new Set(parsed.flatMap((r) => Object.keys(r)))];
  return [head.join(","), ...parsed.map((r) => head.map((h) => r[h] ?? "").join(","))].join("\n") + "\n";
}

describe(`wave administration on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let context: ChangeContext;
  const wave = { title: "2027 survey", slug: "2027", instrumentVersion: 1, opensOn: "2027-03-01", closesOn: "2027-04-30" };

  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(handle.db, COUNCILS, { fullRegister: false });
    const adminId = await createUser(handle.db, { email: "admin@example.org", name: "Admin", passwordHash: null, role: "admin", councilId: null });
    context = { actor: { userId: Number(adminId), email: "admin@example.org", role: "admin", councilId: null }, clientAddress: "127.0.0.1" };
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  const auditActions = async () => (await listAudit(handle.db, { limit: 100 })).map((a) => a.action).reverse();

  it("creates a wave as a draft, stores its instrument version and audits it", async () => {
    expect(await createDraftWave(handle.db, context, wave)).toEqual({ ok: true, slug: "2027" });
    const stored = await getWaveBySlug(handle.db, "2027");
    expect(stored).toMatchObject({
      title: "2027 survey",
      status: "draft",
      instrument_version: 1,
      opens_on: "2027-03-01",
      closes_on: "2027-04-30",
      published_at: null,
    });
    const [entry] = await listAudit(handle.db, { action: "wave.created" });
    expect(entry).toMatchObject({ actor_email: "admin@example.org", target_type: "wave", target_id: String(stored?.id), client_address: "127.0.0.1" });
  });

  it("refuses a slug that is taken, malformed or reserved, an unknown instrument and a deadline before opening", async () => {
    expect(await createDraftWave(handle.db, context, { ...wave, title: "Again" })).toEqual({
      ok: false,
      field: "slug",
      message: "There is already a wave with the slug 2027",
    });
    expect(await createDraftWave(handle.db, context, { ...wave, slug: "Bad Slug" })).toMatchObject({ ok: false, field: "slug" });
    expect(await createDraftWave(handle.db, context, { ...wave, slug: "new" })).toMatchObject({ ok: false, field: "slug" });
    expect(await createDraftWave(handle.db, context, { ...wave, slug: "v9", instrumentVersion: 9 })).toMatchObject({ ok: false, field: "instrumentVersion" });
    expect(await createDraftWave(handle.db, context, { ...wave, slug: "early", closesOn: "2027-02-01" })).toMatchObject({
      ok: false,
      field: "closesOn-day",
      message: expect.stringMatching(/on or after/),
    });
    expect(await getWaveBySlug(handle.db, "early")).toBeUndefined();
    expect((await listAudit(handle.db, { action: "wave.created" })).length).toBe(1);
  });

  it("refuses an impossible move with the lifecycle's reason and changes nothing", async () => {
    const before = await getWaveBySlug(handle.db, "2027");
    const auditBefore = await auditActions();
    expect(await publishWave({ db: handle.db, dialect: handle.dialect }, context, "2027", OPEN_DATA)).toEqual({
      ok: false,
      published: false,
      message: "Close the wave before publishing it; a published wave cannot be changed. This wave is a draft.",
    });
    expect(await changeWaveStatus(handle.db, context, "2027", "close")).toEqual({
      ok: false,
      field: "status-actions",
      message: "Only an open wave can be closed. This wave is a draft.",
    });
    expect(await changeWaveStatus(handle.db, context, "no-such-wave", "open")).toMatchObject({ ok: false });
    expect(await getWaveBySlug(handle.db, "2027")).toEqual(before);
    expect(await auditActions()).toEqual(auditBefore);
  });

  it("opens, changes the deadline, closes, reopens, closes and publishes, auditing each step", async () => {
    expect(await changeWaveStatus(handle.db, context, "2027", "open")).toEqual({ ok: true, slug: "2027" });
    expect(await changeWaveDeadline(handle.db, context, "2027", "2027-05-15")).toEqual({ ok: true, slug: "2027" });
    expect((await getWaveBySlug(handle.db, "2027"))?.closes_on).toBe("2027-05-15");
    // closed_at is when the wave actually closed: set by close, cleared by reopen, kept by publish (decision 054).
    expect((await getWaveBySlug(handle.db, "2027"))?.closed_at).toBeNull();
    const closedAt: (string | null | undefined)[] = [];
    for (const action of ["close", "reopen", "close", "publish"] as const) {
      const moved =
        action === "publish"
          ? publishWave({ db: handle.db, dialect: handle.dialect }, context, "2027", OPEN_DATA)
          : changeWaveStatus(handle.db, context, "2027", action);
      expect((await moved).ok).toBe(true);
      closedAt.push((await getWaveBySlug(handle.db, "2027"))?.closed_at);
    }
    expect(closedAt[0]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(closedAt[1]).toBeNull();
    expect(closedAt[2]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(closedAt[3]).toBe(closedAt[2]);
    const published = await getWaveBySlug(handle.db, "2027");
    expect(published?.status).toBe("published");
    expect(published?.published_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await auditActions()).filter((a) => a.startsWith("wave."))).toEqual([
      "wave.created",
      "wave.opened",
      "wave.deadline-changed",
      "wave.closed",
      "wave.reopened",
      "wave.closed",
      "wave.published",
    ]);
    const [deadline] = await listAudit(handle.db, { action: "wave.deadline-changed" });
    expect(JSON.parse(deadline?.detail ?? "{}")).toEqual({ slug: "2027", from: "2027-04-30", to: "2027-05-15" });
  });

  it("refuses a deadline for a published wave, and one before the wave opens", async () => {
    expect(await changeWaveDeadline(handle.db, context, "2027", "2027-06-01")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cannot be changed/),
    });
    expect(await changeWaveStatus(handle.db, context, "2027", "reopen")).toMatchObject({
      ok: false,
      message: "Only a closed wave can be reopened. This wave is published.",
    });
    await createDraftWave(handle.db, context, { ...wave, slug: "2028", title: "2028 survey", opensOn: "2028-03-01", closesOn: "2028-04-30" });
    expect(await changeWaveDeadline(handle.db, context, "2028", "2028-02-28")).toMatchObject({
      ok: false,
      field: "closesOn-day",
      message: expect.stringMatching(/on or after/),
    });
    expect((await getWaveBySlug(handle.db, "2028"))?.closes_on).toBe("2028-04-30");
  });

  it("loses a status change overtaken by another one instead of overwriting it", async () => {
    const stale = await getWaveBySlug(handle.db, "2028");
    expect(await updateWaveStatus(handle.db, { id: stale?.id as number, from: "draft", to: "open" })).toBe(true);
    expect(await updateWaveStatus(handle.db, { id: stale?.id as number, from: "draft", to: "open" })).toBe(false);
  });

  it("imports an uploaded CSV into a new closed wave with scores and audits it", async () => {
    const text = csv([answers("E08000035", "4"), answers("W06000015", "2"), answers("E10000016", "3")]);
    expect(
      await importHistoricalResponses(handle.db, context, { slug: "2019", fieldwork: { opensOn: "2019-10-01", closesOn: "2019-12-01" }, text }),
    ).toMatchObject({
      ok: true,
      imported: 3,
      dryRun: false,
      wave: { slug: "2019", created: true, opensOn: "2019-10-01", closesOn: "2019-12-01" },
    });
    const created = await getWaveBySlug(handle.db, "2019");
    // An imported wave closed when its fieldwork ended (decision 054).
    expect(created).toMatchObject({
      status: "closed",
      instrument_version: 1,
      opens_on: "2019-10-01",
      closes_on: "2019-12-01",
      closed_at: "2019-12-01T00:00:00.000Z",
    });
    expect(await countWaveResponses(handle.db, created?.id as number)).toEqual({ submitted: 3, inProgress: 0 });
    const scores = await handle.db
      .selectFrom("response_scores")
      .innerJoin("responses", "responses.id", "response_scores.response_id")
      .select("responses.id")
      .where("responses.wave_id", "=", created?.id as number)
      .execute();
    expect(scores.length).toBe(3);
    const [entry] = await listAudit(handle.db, { action: "responses.imported" });
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ slug: "2019", imported: 3, waveCreated: true, opensOn: "2019-10-01", closesOn: "2019-12-01" });
  });

  it("imports nothing from a file with bad lines and names each line", async () => {
    const bad = JSON.stringify({ ...(JSON.parse(answers("E10000016", "3")) as object), PRESC1: "9" });
    const text = csv([answers("E08000035", "4"), bad, answers("X99", "3")]);
    const result = await importHistoricalResponses(handle.db, context, { slug: "2018", fieldwork: { opensOn: "2018-10-01", closesOn: "2018-12-01" }, text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.some((e) => e.message.startsWith("line 3: PRESC1"))).toBe(true);
    expect(result.errors.some((e) => e.message.startsWith("line 4: gss_code"))).toBe(true);
    expect(await getWaveBySlug(handle.db, "2018")).toBeUndefined();
    expect((await listAudit(handle.db, { action: "responses.imported" })).length).toBe(1);
  });

  it("gives a wave imported without dates its fieldwork dates once, audited, and it takes its place in time", async () => {
    await createWave(handle.db, { slug: "undated", title: "Undated survey (imported)", instrumentVersion: 1, status: "closed", opensOn: null, closesOn: null });
    const order = async () => (await listWavesOldestFirst(handle.db)).map((w) => w.slug);
    // Undated, it is ordered by the day it was created: after the 2019 wave.
    expect((await order()).indexOf("undated")).toBeGreaterThan((await order()).indexOf("2019"));
    expect(await addFieldworkDates(handle.db, context, "undated", { opensOn: "2015-12-01", closesOn: "2015-10-01" })).toMatchObject({
      ok: false,
      field: "closesOn-day",
    });
    expect(await addFieldworkDates(handle.db, context, "undated", { opensOn: "2015-10-01", closesOn: "2015-12-01" })).toEqual({ ok: true, slug: "undated" });
    expect((await order())[0]).toBe("undated");
    expect(await addFieldworkDates(handle.db, context, "undated", { opensOn: "2016-10-01", closesOn: "2016-12-01" })).toEqual({
      ok: false,
      field: "opensOn-day",
      message: "This wave already has its fieldwork dates",
    });
    expect(await getWaveBySlug(handle.db, "undated")).toMatchObject({ opens_on: "2015-10-01", closes_on: "2015-12-01" });
    const [entry] = await listAudit(handle.db, { action: "wave.fieldwork-dates-added" });
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ slug: "undated", opensOn: "2015-10-01", closesOn: "2015-12-01" });
  });

  it("imports nothing into a published wave", async () => {
    const result = await importHistoricalResponses(handle.db, context, {
      slug: "2027",
      fieldwork: { opensOn: null, closesOn: null },
      text: csv([answers("E08000035", "4")]),
    });
    expect(result).toEqual({ ok: false, errors: [{ field: "wave", message: "Wave 2027 is published and cannot be changed: import into another wave" }] });
    expect(await countWaveResponses(handle.db, (await getWaveBySlug(handle.db, "2027"))?.id as number)).toEqual({ submitted: 0, inProgress: 0 });
  });
});
