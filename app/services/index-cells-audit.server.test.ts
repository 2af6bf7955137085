import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackItems, type CellView, type View } from "../domain/disclosure-attacker.test-support";
import { allItems, INDEX_CODES } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { saveResponseScores } from "../models/scores.server";
import { startResponse } from "../models/response.server";
import { insertAnswers, markResponseSubmitted } from "../models/stored-response.server";
import { listSubmittedScores } from "../models/summary-data.server";
import { createWave } from "../models/wave.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { alphaOf, GAP_CODES, TECH_GAP } from "./measure-cells.server";
import { sameAnswers, type Council } from "./same-answers.test-support";
import { cutSnapshots, getAuditedSnapshot, type SnapshotContext } from "./snapshots.server";
import { completeItemVectors, INDEX_COLUMN } from "./wave-summary.server";

// Decision 072 on both databases: a wave of the demo register where some councils have no value for
// an index (every PRESC or PCT item blank: the two-thirds rule), or answered its items only in part
// (α's complete cases), cut for staff (k = 5). Before, an index, α or gap cell of n ≥ k was shown
// whenever its group was: an attacker holding them isolated 1–4 councils (Scotland's responses
// minus its PRESC cell, Wales's TECH cell minus its α's, England's GAP cell minus its other regions'
// cells); the stored snapshot's cells do not let them, and nothing that reads them shows more.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

const SLUG = "index-cells-check";
const K = 5;
const instrument = getInstrument(1);
const MEASURES = [...INDEX_CODES, ...INDEX_CODES.map(alphaOf), ...GAP_CODES, TECH_GAP];

describe(`index, α and gap cells in stored snapshots on ${testDialectName()}`, () => {
  let handle: Handle;
  let ctx: SnapshotContext;
  let clock = Date.parse("2026-11-28T10:00:00Z");
  let waveId: number;
  let councils: Council[];

  const submit = async (council: Council, blank: readonly string[]) => {
    const at = new Date((clock += 1000)).toISOString();
    const answers = sameAnswers(instrument);
    for (const id of blank) delete answers[id];
    const id = await startResponse(handle.db, { waveId, councilId: council.id, instrumentVersion: 1, userId: null, now: at });
    await insertAnswers(handle.db, { responseId: id, answers, userId: null, now: at });
    await markResponseSubmitted(handle.db, { responseId: id, version: 2, submissionCount: 1, userId: null, at });
    await saveResponseScores(handle.db, id);
  };

  /** Per view key, the contributions behind it and, per measure, those with a value. */
  const recordNow = async () => {
    const rows = await listSubmittedScores(handle.db, [waveId], {}, { withItemValues: true });
    const record = new Map<string, { members: Set<string>; valued: Map<string, Set<string>> }>();
    for (const r of rows) {
      const token = `${r.council_id}@${Number(r.submission_count)}`;
      const complete = completeItemVectors(r);
      const has = new Set<string>();
      for (const code of INDEX_CODES) {
        if (r[INDEX_COLUMN[code]] !== null) has.add(code);
        if (complete[code] !== undefined) has.add(alphaOf(code));
      }
      if (r.gap !== null) has.add("GAP");
      if (r.headline_gap !== null) has.add("HEADLINE_GAP");
      if (r.tech !== null && r.gap !== null) has.add(TECH_GAP);
      for (const key of ["all", `type:${r.type}`, `region:${r.region}`, `nation:${r.nation}`]) {
        let entry = record.get(key);
        if (!entry) record.set(key, (entry = { members: new Set(), valued: new Map(MEASURES.map((m) => [m, new Set<string>()])) }));
        entry.members.add(token);
        for (const m of has) entry.valued.get(m)!.add(token);
      }
    }
    return record;
  };

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    ctx = { db: handle.db, dialect: handle.dialect, now: () => new Date((clock += 60_000)).toISOString() };
    waveId = await createWave(handle.db, {
      slug: SLUG,
      title: "Index cells check",
      instrumentVersion: 1,
      status: "open",
      opensOn: "2026-11-01",
      closesOn: "2026-12-31",
    });
    councils = (await handle.db.selectFrom("councils").select(["id", "type", "region", "nation"]).where("active", "=", 1).orderBy("id").execute()) as Council[];
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("an index, α or gap cell whose councils without a value could be told apart is withheld, with its chart, breakdown row and trend point", async () => {
    const of = (pick: (c: Council) => boolean) => councils.filter(pick);
    const scottish = of((c) => c.nation === "Scotland");
    const welsh = of((c) => c.nation === "Wales");
    const northEast = of((c) => c.region === "North East");
    const yorkshire = of((c) => c.region === "Yorkshire and The Humber");
    expect([scottish.length, welsh.length, northEast.length, yorkshire.length]).toEqual([11, 8, 5, 5]);
    const section = (prefix: string) =>
      allItems(instrument)
        .filter((i) => i.id.startsWith(prefix) && i.scale !== "choice")
        .map((i) => i.id);
    //  - two Scottish councils have no PRESC (every PRESC item blank): Scotland's n 11, its PRESC cell's 9;
    //  - three Welsh councils leave TECH1 blank: their TECH stands (two thirds), but TECH's α is over 5 of Wales's 8;
    //  - four councils of the North East and all of Yorkshire have no PCT, so no GAP: England's GAP
    //    cell minus its other regions' cells is the one North East council with a GAP.
    const blanksOf = (c: Council): string[] => {
      if (scottish.slice(0, 2).includes(c)) return section("PRESC");
      if (welsh.slice(0, 3).includes(c)) return ["TECH1"];
      if (northEast.slice(1).includes(c) || yorkshire.includes(c)) return section("PCT");
      return [];
    };
    for (const c of councils) await submit(c, blanksOf(c));
    const record = await recordNow();
    expect(record.get("nation:Scotland")!.valued.get("PRESC")!.size).toBe(9);
    expect(record.get("nation:Wales")!.valued.get(alphaOf("TECH"))!.size).toBe(5);

    expect(await cutSnapshots(ctx, SLUG, "admin", { audiences: ["staff"] })).toBe(1);
    const snapshot = (await getAuditedSnapshot(ctx, SLUG, "staff"))!;
    const groups: View[] = [];
    const now: CellView[] = [];
    const then: CellView[] = [];
    for (const [key, doc] of snapshot.views) {
      if (doc.summary.responses.suppressed) continue;
      const behind = record.get(key)!;
      groups.push({ snapshot: 1, identity: key, members: behind.members });
      const s = doc.summary;
      const shownNow = new Set<string>();
      for (const code of INDEX_CODES) {
        const cell = s.indices[code];
        if (cell.suppressed) continue;
        shownNow.add(code);
        expect(cell.n).toBe(behind.valued.get(code)!.size);
        if (cell.alphaN !== null) shownNow.add(alphaOf(code));
      }
      for (const code of GAP_CODES) if (!s.gaps[code].suppressed) shownNow.add(code);
      if (doc.charts && doc.charts.techGap.councils > 0) shownNow.add(TECH_GAP);
      for (const m of MEASURES) {
        const valued = behind.valued.get(m)!;
        if (shownNow.has(m)) now.push({ snapshot: 1, identity: key, item: m, members: valued });
        // Before: every measure cell of n ≥ k of a shown group.
        if (valued.size >= K) then.push({ snapshot: 1, identity: key, item: m, members: valued });
      }
    }
    const leaksBefore = attackItems(groups, then, K);
    const has = (m: string, pattern: RegExp) => leaksBefore.some((l) => l.startsWith(`${m}:`) && pattern.test(l));
    expect(has("PRESC", /a response set of 11 minus 1 disjoint sets leaves 2/)).toBe(true);
    expect(has(alphaOf("TECH"), /a response set of 8 minus 1 disjoint sets leaves 3/)).toBe(true);
    expect(has("GAP", /a cell of \d+ minus \d+ disjoint sets leaves 1$/)).toBe(true);

    // Now: the same attacker finds nothing.
    expect(attackItems(groups, now, K)).toEqual([]);
    const view = (key: string) => snapshot.views.get(key)!;
    expect(view("nation:Scotland").summary.indices.PRESC).toEqual({ suppressed: true });
    expect(view("nation:Scotland").charts!.indexBins.PRESC).toEqual([]);
    expect(view("nation:Scotland").summary.indices.BURDEN).toMatchObject({ suppressed: false, n: 11 });
    expect(view("nation:Wales").summary.indices.TECH).toMatchObject({ suppressed: false, n: 8, alpha: null, alphaN: null });
    expect(view("nation:England").summary.gaps.GAP).toEqual({ suppressed: true });
    expect(view("nation:England").summary.gaps.HEADLINE_GAP).toEqual({ suppressed: true });
    expect(view("nation:England").summary.indices.PCT).toEqual({ suppressed: true });
    expect(view("nation:England").summary.indices.LTC).toMatchObject({ suppressed: false });
    expect(view("nation:England").charts!.gap).toMatchObject({ councils: 0, bands: [] });
    expect(view("nation:England").charts!.techGap).toMatchObject({ councils: 0, bands: [] });
    // The whole wave's breakdown row and the trend read the same cells.
    const whole = view("all").summary;
    const scotlandRow = whole.breakdowns.nation.find((g) => g.group === "Scotland")!;
    expect(scotlandRow).toMatchObject({ suppressed: false, indices: { PRESC: { suppressed: true }, BURDEN: { suppressed: false, n: 11 } } });
    expect(whole.breakdowns.nation.find((g) => g.group === "England")).toMatchObject({ gaps: { GAP: { suppressed: true } } });
    expect(view("nation:Scotland").summary.trends.at(-1)!.indices.PRESC).toEqual({ suppressed: true });

    // What is stored for the next audit: each shown group's measures, by the members without a value.
    const stored = await handle.db.selectFrom("wave_snapshots").select("shown_groups").where("id", "=", snapshot.snapshot.id).executeTakeFirstOrThrow();
    const entries = JSON.parse(stored.shown_groups) as { identity: string; measures?: Record<string, unknown> }[];
    const scotland = entries.find((g) => g.identity === "nation:Scotland")!;
    expect(scotland.measures?.PRESC).toBeUndefined();
    expect(scotland.measures?.BURDEN).toEqual([]);
  }, 120_000);
});
