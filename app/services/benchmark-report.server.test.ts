import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import type { ComparatorFigures } from "../domain/benchmark-figures";
import { listAudit } from "../models/audit.server";
import { applyCouncilRegister } from "../models/council.server";
import { listBenchmarkFigures, saveBenchmarkFigures } from "../models/benchmark.server";
import { createUser } from "../models/user.server";
import { getWaveBySlug } from "../models/wave.server";
import { loadBenchmarkReport, prepareMissingBenchmarkFigures, refuseReport } from "./benchmark-report.server";
import { publishWave } from "./publishing.server";
import type { ChangeContext } from "./wave-admin.server";
import { importHistoricalResponses } from "./import-responses.server";
import { reportJson } from "../domain/benchmark-report";
import { cutSnapshots } from "./snapshots.server";

// 12 metropolitan districts in Yorkshire, 11 unitary authorities in the South West, one Welsh
// principal area: all = 24; all − MD − UA isolates the Welsh council, so UA (the smaller) and, in
// the regions, the South West are suppressed too; MD = Yorkshire (12) stays.
const code = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, "0")}`;
const COUNCILS = [
  ...Array.from({ length: 12 }, (_, i) => ({
    gssCode: code("E08", i + 1),
    name: `Metropolitan ${i + 1}`,
    type: "MD",
    region: "Yorkshire and The Humber",
    nation: "England",
  })),
  ...Array.from({ length: 11 }, (_, i) => ({ gssCode: code("E06", i + 1), name: `Unitary ${i + 1}`, type: "UA", region: "South West", nation: "England" })),
  { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" },
];

// Council i answers every PRESC item with a level cycling 1…5, so PRESC = (level − 1) × 25 … with
// PRESC5 and PRESC6 reversed. LTC and PCT items make the gap positive for some, negative for others.
function csv(): string {
  const head = [
    "gss_code",
    ...[1, 2, 3, 4, 5, 6].map((k) => `PRESC${k}`),
    ...[2, 3, 4, 5, 6].map((k) => `LTC${k}`),
    ...[2, 3, 4, 5, 6].map((k) => `PCT${k}`),
    "LTC1",
    "PCT1",
  ];
  const rows = COUNCILS.map((c, i) => {
    const level = String((i % 5) + 1);
    const trust = String(((i + 2) % 5) + 1);
    return [
      c.gssCode,
      ...Array<string>(6).fill(level),
      ...Array<string>(5).fill(trust),
      ...Array<string>(5).fill(level),
      String(i % 11),
      String((i + 3) % 11),
    ].join(",");
  });
  return [head.join(","), ...rows].join("\n") + "\n";
}

describe(`benchmark reports on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let context: ChangeContext;
  const idOf = async (gss: string) => (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", gss).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(handle.db, COUNCILS, { fullRegister: false });
    const adminId = await createUser(handle.db, { email: "admin@example.org", name: "Admin", passwordHash: null, role: "admin", councilId: null });
    context = { actor: { userId: Number(adminId), email: "admin@example.org", role: "admin", councilId: null }, clientAddress: "127.0.0.1" };
    expect(
      await importHistoricalResponses(handle.db, context, { slug: "2024", fieldwork: { opensOn: "2024-10-01", closesOn: "2024-12-01" }, text: csv() }),
    ).toMatchObject({ ok: true, imported: 24 });
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("has no report before the wave is published", async () => {
    expect(await loadBenchmarkReport(handle.db, await idOf("E08000001"), "2024")).toEqual({ status: "unavailable" });
  });

  it("prepares the figures when the wave is published: group-level only, suppressed at k = 10 by real membership", async () => {
    expect(await publishWave({ db: handle.db, dialect: handle.dialect }, context, "2024", { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" })).toEqual({
      ok: true,
      slug: "2024",
    });
    const wave = (await getWaveBySlug(handle.db, "2024"))!;
    const [row] = await listBenchmarkFigures(handle.db, [wave.id]);
    expect(row).toMatchObject({ wave_id: wave.id, k: 10, responses: 24 });
    const figures = JSON.parse(row!.figures) as ComparatorFigures;
    const shown = (key: string) => !figures.groups.find((g) => g.key === key)!.measures.PRESC.suppressed;
    expect(["all", "type:MD", "region:Yorkshire and The Humber", "type:UA", "region:South West", "type:WPA", "region:Wales"].map(shown)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    // Only group keys, names and figures: no council id, name or GSS code in the stored document.
    expect(row!.figures).not.toMatch(/E0[68]0000|W06000015|Cardiff|Unitary \d|councilId/);
    // MD levels 1,1,1,2,2,2,3,3,4,4,5,5 give PRESC = (2L + 6) · 25 / 6; type 7 over 12 values:
    // Q1 at h = 2.75 → 33.33 + 0.75 · 8.33 = 39.58; median at 5.5 → (41.67 + 50) / 2; Q3 at 8.25 → 58.33.
    const md = figures.groups.find((g) => g.key === "type:MD")!.measures.PRESC;
    if (md.suppressed) throw new Error("MD is shown");
    expect(md.n).toBe(12);
    expect(md.q1).toBeCloseTo(200 / 6 + 0.75 * (50 / 6), 10);
    expect(md.median).toBeCloseTo((250 / 6 + 50) / 2, 10);
    expect(md.q3).toBeCloseTo(350 / 6, 10);
  });

  it("gives a council that submitted its report, with its own values and the stored quartiles", async () => {
    const result = await loadBenchmarkReport(handle.db, await idOf("E08000001"), "2024");
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    const presc = result.report.measures.find((m) => m.code === "PRESC")!;
    // Council 0 answered 1 to PRESC1–4 and 1 to the reversed PRESC5–6: (0·4 + 100·2) / 6.
    expect(presc.value).toBeCloseTo(200 / 6, 10);
    expect(presc.groups.map((g) => g.cell.suppressed)).toEqual([false, false, false]);
    expect(result.report.council).toEqual({ gssCode: "E08000001", name: "Metropolitan 1", type: "MD", region: "Yorkshire and The Humber", nation: "England" });
    expect(result.report.trend.map((t) => t.wave.slug)).toEqual(["2024"]);
  });

  it("keeps each wave's parsed figures frozen, and reads a document prepared again (a new prepared_at) afresh", async () => {
    const council = await idOf("E08000001");
    const before = await loadBenchmarkReport(handle.db, council, "2024");
    if (before.status !== "ok") throw new Error(before.status);
    // One parsed document serves every council: nothing may change it (the report passes its item distributions on as they are).
    const distribution = before.report.items.find((i) => i.id === "PRESC1")!.distribution;
    expect(distribution).toMatchObject({ suppressed: false });
    expect(Object.isFrozen(distribution)).toBe(true);
    expect(() => Object.assign(distribution, { base: 0 })).toThrow(TypeError);

    const wave = (await getWaveBySlug(handle.db, "2024"))!;
    const [row] = await listBenchmarkFigures(handle.db, [wave.id]);
    const document = JSON.parse(row!.figures) as ComparatorFigures;
    const cell = document.groups.find((g) => g.key === "all")!.measures.PRESC;
    if (cell.suppressed) throw new Error("all councils are shown");
    await saveBenchmarkFigures(handle.db, {
      ...row!,
      wave_id: wave.id,
      figures: JSON.stringify({
        ...document,
        groups: document.groups.map((g) => (g.key === "all" ? { ...g, measures: { ...g.measures, PRESC: { ...cell, median: 42.5 } } } : g)),
      }),
      prepared_at: new Date(Date.parse(row!.prepared_at) + 1000).toISOString(),
    });
    const after = await loadBenchmarkReport(handle.db, council, "2024");
    if (after.status !== "ok") throw new Error(after.status);
    expect(after.report.measures.find((m) => m.code === "PRESC")!.groups[0]!.cell).toMatchObject({ suppressed: false, median: 42.5 });
    // Back as it was (a third preparation), for the tests below.
    await saveBenchmarkFigures(handle.db, { ...row!, wave_id: wave.id, prepared_at: new Date(Date.parse(row!.prepared_at) + 2000).toISOString() });
    const again = await loadBenchmarkReport(handle.db, council, "2024");
    if (again.status !== "ok") throw new Error(again.status);
    expect(again.report.measures.find((m) => m.code === "PRESC")!.groups[0]!.cell).toEqual({ ...cell, band: "lowest" });
  });

  it("shows the Welsh council [c] for its type and nation and all councils still", async () => {
    const result = await loadBenchmarkReport(handle.db, await idOf("W06000015"), "2024");
    if (result.status !== "ok") throw new Error(result.status);
    expect(result.report.measures[0]!.groups.map((g) => [g.label, g.cell.suppressed])).toEqual([
      ["All councils", false],
      ["Same type (Welsh principal area)", true],
      ["Same nation (Wales)", true],
    ]);
  });

  it("has no report for a council that did not submit, or for a wave that does not exist", async () => {
    await applyCouncilRegister(handle.db, [{ gssCode: "S12000036", name: "City of Edinburgh Council", type: "SCO", region: "Scotland", nation: "Scotland" }], {
      fullRegister: false,
    });
    expect(await loadBenchmarkReport(handle.db, await idOf("S12000036"), "2024")).toEqual({ status: "unavailable" });
    expect(await loadBenchmarkReport(handle.db, await idOf("E08000001"), "1999")).toEqual({ status: "unavailable" });
  });

  it("says the report is being prepared when a published wave has no figures, and start-up prepares them", async () => {
    const wave = (await getWaveBySlug(handle.db, "2024"))!;
    await handle.db.deleteFrom("benchmark_figures").execute();
    expect(await loadBenchmarkReport(handle.db, await idOf("E08000001"), "2024")).toEqual({ status: "preparing", wave: { slug: "2024", title: wave.title } });
    expect(await prepareMissingBenchmarkFigures(handle.db)).toBe(1);
    expect((await loadBenchmarkReport(handle.db, await idOf("E08000001"), "2024")).status).toBe("ok");
    expect(await prepareMissingBenchmarkFigures(handle.db)).toBe(0);
  });

  it("answers a refused report with 404 and writes it to the audit log", async () => {
    const user = { id: 1, email: "someone@example.org", role: "respondent" as const, councilId: await idOf("E08000001") };
    const refusal = await refuseReport(handle.db, new Request("http://localhost/surveys/2024/report?council=W06000015"), user, {
      wave: "2024",
      reason: "other-council",
      asked: "W06000015",
    }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(404);
    const [entry] = await listAudit(handle.db, { action: "access.other-council-refused" });
    expect(entry).toMatchObject({ actor_email: "someone@example.org", target_type: "benchmark-report", target_id: "2024" });
  });
});

// Decision 063: the public snapshot's auditor decides the comparator groups. Here the metropolitan
// districts pass k = 10 in the published wave (13 councils), but a public snapshot cut before the
// last of them was imported (with 10 more unitary authorities) showed them as 12: the two differ by
// one council, so the snapshot keeps the earlier figures (time rule) and the report must show the
// group as [c] too, in the page's figures and in report.json alike. All councils changed by 11 and
// stay shown.
describe(`benchmark report comparators follow the public snapshot's audit on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let context: ChangeContext;
  const register = [
    ...Array.from({ length: 13 }, (_, i) => ({
      gssCode: code("E08", i + 1),
      name: `Metropolitan ${i + 1}`,
      type: "MD",
      region: "Yorkshire and The Humber",
      nation: "England",
    })),
    ...Array.from({ length: 20 }, (_, i) => ({ gssCode: code("E06", i + 1), name: `Unitary ${i + 1}`, type: "UA", region: "South West", nation: "England" })),
  ];
  const csvOf = (councils: typeof register) =>
    [
      ["gss_code", ...[1, 2, 3, 4, 5, 6].map((k) => `PRESC${k}`)].join(","),
      ...councils.map((c, i) => [c.gssCode, ...Array<string>(6).fill(String((i % 5) + 1))].join(",")),
    ].join("\n") + "\n";

  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(handle.db, register, { fullRegister: false });
    const adminId = await createUser(handle.db, { email: "admin@example.org", name: "Admin", passwordHash: null, role: "admin", councilId: null });
    context = { actor: { userId: Number(adminId), email: "admin@example.org", role: "admin", councilId: null }, clientAddress: "127.0.0.1" };
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("suppresses a group that passes k but that the snapshot's audit keeps from an earlier snapshot, in the report and report.json", async () => {
    const lastMd = register[12]!;
    const later = [lastMd, ...register.slice(23)];
    expect(
      await importHistoricalResponses(handle.db, context, {
        slug: "2024",
        fieldwork: { opensOn: "2024-10-01", closesOn: "2024-12-01" },
        text: csvOf(register.filter((c) => !later.includes(c))),
      }),
    ).toMatchObject({ ok: true, imported: 22 });
    // Staff and the public saw the wave's figures with 12 metropolitan districts.
    expect(await cutSnapshots({ db: handle.db, dialect: handle.dialect }, "2024", "admin")).toBe(2);
    expect(
      await importHistoricalResponses(handle.db, context, { slug: "2024", fieldwork: { opensOn: null, closesOn: null }, text: csvOf(later) }),
    ).toMatchObject({ ok: true, imported: 11 });
    expect(await publishWave({ db: handle.db, dialect: handle.dialect }, context, "2024", { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" })).toEqual({
      ok: true,
      slug: "2024",
    });

    const wave = (await getWaveBySlug(handle.db, "2024"))!;
    const [row] = await listBenchmarkFigures(handle.db, [wave.id]);
    expect(row).toMatchObject({ responses: 33 });
    const figures = JSON.parse(row!.figures) as ComparatorFigures;
    const cell = (key: string) => figures.groups.find((g) => g.key === key)!.measures.PRESC;
    // 13 metropolitan districts (and Yorkshire, the same councils) pass k = 10 on their own ...
    expect(figures.groups.find((g) => g.key === "type:MD")).toBeDefined();
    expect(cell("type:MD")).toEqual({ suppressed: true });
    expect(cell("region:Yorkshire and The Humber")).toEqual({ suppressed: true });
    // ... while all councils stay shown.
    expect(cell("all")).toMatchObject({ suppressed: false, n: 33 });

    const council = (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", lastMd.gssCode).executeTakeFirstOrThrow()).id;
    const result = await loadBenchmarkReport(handle.db, council, "2024");
    if (result.status !== "ok") throw new Error(result.status);
    const presc = result.report.measures.find((m) => m.code === "PRESC")!;
    expect(presc.groups.map((g) => [g.label, g.cell.suppressed])).toEqual([
      ["All councils", false],
      ["Same type (Metropolitan district)", true],
      ["Same region (Yorkshire and The Humber)", true],
    ]);
    const json = reportJson(result.report);
    expect(json.measures.PRESC.groups).toEqual({
      all: expect.objectContaining({ suppressed: false, n: 33 }),
      type: { suppressed: true },
      region: { suppressed: true },
    });
  });
});
