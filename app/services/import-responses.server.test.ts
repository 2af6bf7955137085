import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInstrument } from "../domain/instruments";
import { listAudit } from "../models/audit.server";
import { applyCouncilRegister } from "../models/council.server";
import { countWaveResponses, createWave, getWaveBySlug, listWavesOldestFirst } from "../models/wave.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { allItems } from "../domain/instrument";
import { findPreviousSubmission } from "../models/response.server";
import { importHistoricalResponses, parseResponsesCsv, responsesCsvTemplate } from "./import-responses.server";
import { cutSnapshots, getSnapshotView, refreshTrendsAfterImport } from "./snapshots.server";
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

  const context = { actor: { userId: null, email: null, role: "test", councilId: null }, clientAddress: null };
  const DATES = { opensOn: "2019-10-01", closesOn: "2019-12-01" };

  it("reports every problem of the file in one pass: values, GSS codes, unknown councils, columns", async () => {
    const text = csv(5, (r, i) => {
      if (i === 1) r.PRESC1 = "7";
      if (i === 2) Object.assign(r, { TECH8: "certified", TECH9: "cost" }); // TECH9 is asked only when TECH8 is lapsed
      if (i === 3) r.gss_code = "nonsense";
      if (i === 4) Object.assign(r, { gss_code: "E06999999", LTC1: "12" }); // an unknown council AND a bad value on one line
    });
    const parsed = parseResponsesCsv(text, instrument);
    expect(parsed.errors).toEqual([
      "line 3: PRESC1: Select one of the options",
      "line 4: TECH9: Only answer this question if you selected ‘Lapsed’",
      'line 5: gss_code "nonsense" is not a GSS code like E08000035',
      "line 6: LTC1: Select a number from 0 to 10, or Don't know",
    ]);
    const result = await importHistoricalResponses(handle.db, context, { slug: "hist", fieldwork: DATES, text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      ...parsed.errors.slice(0, 3),
      "line 6: LTC1: Select a number from 0 to 10, or Don't know",
      "line 6: there is no council with GSS code E06999999",
    ]);
    expect(parseResponsesCsv("gss_code,NOPE,PRESC1\nE06000001,1,9\n", instrument).errors).toEqual([
      "line 1: column NOPE is not an item of instrument version 1",
      "line 2: PRESC1: Select one of the options",
    ]);
    expect(await handle.db.selectFrom("responses").select("id").execute()).toHaveLength(0);
    expect(await handle.db.selectFrom("waves").select("id").execute()).toHaveLength(0);
  });

  it("a new wave needs real fieldwork dates, the end not before the start, reported with the file's problems", async () => {
    const text = csv(2, (r, i) => i === 1 && (r.PRESC2 = "x"));
    const none = await importHistoricalResponses(handle.db, context, { slug: "hist", fieldwork: { opensOn: null, closesOn: null }, text });
    expect(!none.ok && none.errors.map((e) => e.field)).toEqual(["opensOn", "closesOn", "file"]);
    const backwards = await importHistoricalResponses(handle.db, context, {
      slug: "hist",
      fieldwork: { opensOn: "2019-12-01", closesOn: "2019-10-01" },
      text: csv(1),
    });
    expect(backwards).toEqual({
      ok: false,
      errors: [{ field: "closesOn", message: "The date fieldwork ended must be the same as or after the date it started" }],
    });
    const unreal = await importHistoricalResponses(handle.db, context, {
      slug: "hist",
      fieldwork: { opensOn: "2019-02-30", closesOn: "2019-03-01" },
      text: csv(1),
    });
    expect(!unreal.ok && unreal.errors[0]?.field).toBe("opensOn");
    expect(await handle.db.selectFrom("waves").select("id").execute()).toHaveLength(0);
  });

  it("checks a file without writing anything: what would be imported, no wave, no audit", async () => {
    const result = await importHistoricalResponses(handle.db, context, { slug: "hist", fieldwork: DATES, text: csv(3), dryRun: true });
    expect(result).toEqual({
      ok: true,
      dryRun: true,
      imported: 3,
      councils: ["Council 1", "Council 2", "Council 3"],
      wave: { slug: "hist", title: "hist survey (imported)", created: true, opensOn: "2019-10-01", closesOn: "2019-12-01", datesAdded: false },
    });
    expect(await handle.db.selectFrom("waves").select("id").execute()).toHaveLength(0);
    expect(await handle.db.selectFrom("responses").select("id").execute()).toHaveLength(0);
    expect(await listAudit(handle.db, { action: "responses.imported" })).toHaveLength(0);
  });

  it("the template is a valid CSV header of gss_code and every item id in order, which the import reads", () => {
    const template = responsesCsvTemplate(instrument);
    expect(template).toBe(
      `gss_code,${allItems(instrument)
        .map((i) => i.id)
        .join(",")}\r\n`,
    );
    expect(template.split(",")).toContain("BURDEN7");
    expect(parseResponsesCsv(template, instrument)).toEqual({ rows: [], errors: ["The file has no responses"] });
  });

  it("an older wave imported later takes its place by fieldwork: lists, the trend of later waves, and prefill", async () => {
    const ctx = { db: handle.db, dialect: handle.dialect };
    // 2025 and 2026 exist first (created earlier); Council 1 submitted in 2025.
    expect(
      (await importHistoricalResponses(handle.db, context, { slug: "c2025", fieldwork: { opensOn: "2025-10-01", closesOn: "2025-12-01" }, text: csv(6) })).ok,
    ).toBe(true);
    const open = await createWave(handle.db, {
      slug: "c2026",
      title: "c2026 survey",
      instrumentVersion: 1,
      status: "open",
      opensOn: "2026-10-01",
      closesOn: "2026-12-01",
    });
    expect(await cutSnapshots(ctx, "c2025", "first")).toBe(2);
    // Then the 2019 paper survey, without Council 1.
    const older = await importHistoricalResponses(handle.db, context, {
      slug: "c2019",
      fieldwork: DATES,
      text: csv(8)
        .split("\n")
        .filter((_, i) => i !== 1)
        .join("\n"),
    });
    expect(older.ok).toBe(true);
    expect(await refreshTrendsAfterImport(ctx, "c2019")).toBeGreaterThanOrEqual(3);
    expect((await listWavesOldestFirst(handle.db)).map((w) => w.slug)).toEqual(["c2019", "c2025", "c2026"]);
    const later = await getSnapshotView(ctx, "c2025", "staff");
    expect(later.kind === "view" && later.view.summary.trends.map((t) => t.wave)).toEqual(["c2019", "c2025"]);
    expect(later.kind === "view" && later.view.summary.snapshot).toMatchObject({ reason: "trend", seq: 2 });
    const council1 = (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", "E06000001").executeTakeFirstOrThrow()).id;
    const council8 = (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", "E06000008").executeTakeFirstOrThrow()).id;
    // Prefill in the open wave: the latest earlier wave the council submitted to, by fieldwork.
    expect((await findPreviousSubmission(handle.db, { waveId: open, councilId: council1 }))?.wave.slug).toBe("c2025");
    expect((await findPreviousSubmission(handle.db, { waveId: open, councilId: council8 }))?.wave.slug).toBe("c2019");
    const c2025 = await getWaveBySlug(handle.db, "c2025");
    expect(await findPreviousSubmission(handle.db, { waveId: c2025?.id as number, councilId: council1 })).toBeNull();
  }, 120_000);

  it("creates the wave closed, stores scores, and the report CLI prints exactly the service's JSON", async () => {
    expect(await importHistoricalResponses(handle.db, context, { slug: "2019", fieldwork: DATES, text: csv(14) })).toMatchObject({
      ok: true,
      imported: 14,
      wave: { created: true },
    });
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
    const printed = execFileSync("npx", ["tsx", "cli/report.ts", "--wave", "2019"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    const ctx = { db: handle.db, dialect: handle.dialect };
    const snapshot = await getSnapshotView(ctx, "2019", "staff");
    expect(snapshot.kind).toBe("view");
    if (snapshot.kind !== "view") return;
    expect(printed).toBe(`${summaryJson(snapshot.view.summary)}\n`);
    expect(snapshot.view.summary.snapshot).toMatchObject({ audience: "staff", responses: 14, reason: "first", seq: 1 });
    const filtered = execFileSync("npx", ["tsx", "cli/report.ts", "--wave", "2019", "--type", "UA"], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    const ua = await getSnapshotView(ctx, "2019", "staff", { type: "UA" });
    expect(ua.kind === "view" && `${summaryJson(ua.view.summary)}\n`).toBe(filtered);
    // One filter at a time (decision 034).
    expect(() =>
      execFileSync("npx", ["tsx", "cli/report.ts", "--wave", "2019", "--type", "UA", "--region", "North West"], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
        stdio: "pipe",
      }),
    ).toThrow(/one of council type, region or nation/);
  }, 240_000);

  describe("npm run import:responses (the same path as the upload page)", () => {
    const runCli = (...args: string[]) => {
      const url = handle.location.dialect === "sqlite" ? `file:${handle.location.file}` : handle.location.url;
      return spawnSync(process.execPath, ["--import", "tsx", "cli/import-responses.ts", ...args], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
      });
    };
    const file = (text: string) => {
      const at = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lt-import-")), "responses.csv");
      fs.writeFileSync(at, text);
      return at;
    };

    it("imports and writes an audit record with the actor 'command line'", async () => {
      const checked = runCli("--wave", "2020", "--opens", "2020-10-01", "--closes", "2020-12-01", "--check", file(csv(3)));
      expect(checked.stdout).toBe(
        "responses: checked, no problems: 3 would be imported into wave 2020 (would be created, closed, fieldwork 2020-10-01 to 2020-12-01); nothing written\n",
      );
      expect(await getWaveBySlug(handle.db, "2020")).toBeUndefined();
      const run = runCli("--wave", "2020", "--opens", "2020-10-01", "--closes", "2020-12-01", file(csv(3)));
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe("responses: 3 imported into wave 2020 (created, closed, fieldwork 2020-10-01 to 2020-12-01)\n");
      expect(run.status).toBe(0);
      const [entry] = await listAudit(handle.db, { action: "responses.imported" });
      expect(entry).toMatchObject({
        actor_user_id: null,
        actor_role: "command line",
        target_type: "wave",
        target_id: String((await getWaveBySlug(handle.db, "2020"))?.id),
      });
      expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ slug: "2020", imported: 3, waveCreated: true, opensOn: "2020-10-01", closesOn: "2020-12-01" });
      const undated = runCli("--wave", "2021", file(csv(2, (r, i) => i === 1 && (r.PRESC1 = "9"))));
      expect(undated.status).toBe(1);
      expect(undated.stderr).toBe(
        "Enter the date fieldwork started: a new wave needs its dates to take its place in time\nEnter the date fieldwork ended: a new wave needs its dates to take its place in time\nline 3: PRESC1: Select one of the options\nresponses: nothing imported, 3 problems in " +
          undated.stderr.split(" problems in ")[1],
      );
    }, 60_000);

    it("refuses a published wave and imports nothing", async () => {
      const id = await createWave(handle.db, {
        slug: "2016",
        title: "2016 survey",
        instrumentVersion: 1,
        status: "published",
        opensOn: null,
        closesOn: null,
        publishedAt: "2016-12-01T00:00:00.000Z",
      });
      const run = runCli("--wave", "2016", file(csv(2)));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("Wave 2016 is published and cannot be changed: import into another wave");
      expect(await countWaveResponses(handle.db, id)).toEqual({ submitted: 0, inProgress: 0 });
    }, 60_000);

    it("refuses a slug the upload page would refuse", async () => {
      const run = runCli("--wave", "new", file(csv(1)));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('"new" is not a wave slug');
      expect(await getWaveBySlug(handle.db, "new")).toBeUndefined();
      expect(runCli("--wave", "2021", "--bogus", file(csv(1))).status).toBe(2);
    }, 60_000);
  });
});
