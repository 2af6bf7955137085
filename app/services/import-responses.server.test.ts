import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInstrument } from "../domain/instruments";
import { applyCouncilRegister } from "../models/council.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { importResponses, parseResponsesCsv } from "./import-responses.server";
import { getSnapshotView } from "./snapshots.server";
import { buildWaveSummary, summaryJson } from "./wave-summary.server";

const instrument = getInstrument(1);
const L5 = ["1", "2", "3", "4", "5"];

function row(i: number): string {
  const pick = (codes: string[], k: number) => codes[(i * 7 + k * 3) % codes.length] as string;
  const cells: Record<string, string> = { gss_code: `E0600${String(i).padStart(4, "0")}` };
  for (let k = 1; k <= 6; k++) cells[`PRESC${k}`] = pick(L5, k);
  for (let k = 1; k <= 6; k++) cells[`BURDEN${k}`] = k === 3 && i % 4 === 0 ? "dk" : pick(L5, k + 1);
  for (let k = 1; k <= 7; k++) cells[`TECH${k}`] = pick(["0", "1", "2", "3", "4"], k);
  cells.TECH8 = i % 3 === 0 ? "lapsed" : "certified";
  if (i % 3 === 0) cells.TECH9 = "cost";
  cells.LTC1 = String((i * 3) % 11);
  cells.PCT1 = i % 5 === 0 ? "dk" : String((i * 5) % 11);
  for (let k = 2; k <= 6; k++) cells[`LTC${k}`] = pick(L5, k + 2);
  for (let k = 2; k <= 6; k++) cells[`PCT${k}`] = pick(L5, k);
  cells.FREE2 = "cloud;automation";
  cells.FREE4 = "=cmd|' /C calc'!A0";
  return JSON.stringify(cells);
}

function csv(n: number, mutate?: (cells: Record<string, string>, i: number) => void) {
  const rows = Array.from({ length: n }, (_, i) => JSON.parse(row(i + 1)) as Record<string, string>);
  rows.forEach((r, i) => mutate?.(r, i));
  const head = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [head.join(","), ...rows.map((r) => head.map((h) => quote(r[h] ?? "")).join(","))].join("\n") + "\n";
}

describe(`importing historical responses on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
    const councils = Array.from({ length: 14 }, (_, i) => ({
      gssCode: `E0600${String(i + 1).padStart(4, "0")}`,
      name: `Council ${i + 1}`,
      type: i < 10 ? "UA" : "NMD",
      region: i % 2 ? "North West" : "South East",
      nation: "England",
    }));
    await applyCouncilRegister(handle.db, councils, { fullRegister: false });
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("reports every invalid row with its line and imports nothing", async () => {
    const text = csv(4, (r, i) => {
      if (i === 1) r.PRESC1 = "7";
      if (i === 2) Object.assign(r, { TECH8: "certified", TECH9: "cost" }); // TECH9 is asked only when TECH8 is lapsed
      if (i === 3) r.gss_code = "nonsense";
    });
    const parsed = parseResponsesCsv(text, instrument);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      "line 3: PRESC1: Select one of the options",
      "line 4: TECH9: Only answer this question if you selected ‘Lapsed’",
      'line 5: gss_code "nonsense" is not a GSS code like E08000035',
    ]);
    expect(parseResponsesCsv("gss_code,NOPE\nE06000001,1\n", instrument)).toEqual({ ok: false, errors: ["line 1: column NOPE is not an item of instrument version 1"] });
    expect(await handle.db.selectFrom("responses").select("id").execute()).toHaveLength(0);
  });

  it("refuses an unknown council without importing the other rows", async () => {
    const parsed = parseResponsesCsv(csv(2, (r, i) => i === 1 && (r.gss_code = "E06999999")), instrument);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(await importResponses(handle.db, "hist", parsed.rows)).toEqual({ ok: false, errors: ["line 3: there is no council with GSS code E06999999"] });
    expect(await handle.db.selectFrom("waves").select("id").execute()).toHaveLength(0);
  });

  it("creates the wave closed, stores scores, and the report CLI prints exactly the service's JSON", async () => {
    const parsed = parseResponsesCsv(csv(14), instrument);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(await importResponses(handle.db, "2019", parsed.rows)).toEqual({ ok: true, waveCreated: true, imported: 14 });
    const wave = await handle.db.selectFrom("waves").selectAll().where("slug", "=", "2019").executeTakeFirstOrThrow();
    expect([wave.status, wave.instrument_version]).toEqual(["closed", 1]);
    expect(await handle.db.selectFrom("response_scores").select("response_id").where("wave_id", "=", wave.id).execute()).toHaveLength(14);
    const stored = await handle.db.selectFrom("answers").select("value").where("item_id", "=", "FREE2").executeTakeFirstOrThrow();
    expect(stored.value).toBe("cloud;automation");

    const summary = (await buildWaveSummary(handle.db, "2019"))!.summary;
    expect(summary.responses).toMatchObject({ suppressed: false, submitted: 14 });
    expect(summary.breakdowns.type.find((g) => g.group === "NMD")).toEqual({ group: "NMD", population: 4, suppressed: true });
    const url = handle.location.dialect === "sqlite" ? `file:${handle.location.file}` : handle.location.url;
    // The report prints the wave's stored snapshot (cutting the first one), the document summary.json serves.
    const printed = execFileSync("npx", ["tsx", "db/cli/report.ts", "--wave", "2019"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    const ctx = { db: handle.db, dialect: handle.dialect };
    const snapshot = await getSnapshotView(ctx, "2019", "staff");
    expect(snapshot.kind).toBe("view");
    if (snapshot.kind !== "view") return;
    expect(printed).toBe(`${summaryJson(snapshot.view.summary)}\n`);
    expect(snapshot.view.summary.snapshot).toMatchObject({ audience: "staff", responses: 14, reason: "first", seq: 1 });
    const filtered = execFileSync("npx", ["tsx", "db/cli/report.ts", "--wave", "2019", "--type", "UA"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    const ua = await getSnapshotView(ctx, "2019", "staff", { type: "UA" });
    expect(ua.kind === "view" && `${summaryJson(ua.view.summary)}\n`).toBe(filtered);
    // One filter at a time (decision 034).
    expect(() => execFileSync("npx", ["tsx", "db/cli/report.ts", "--wave", "2019", "--type", "UA", "--region", "North West"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", stdio: "pipe" })).toThrow(/one of council type, region or nation/);
  }, 240_000);
});
