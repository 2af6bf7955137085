import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackItems, inFamilies, type CellView } from "../domain/disclosure-attacker.test-support";
import { HEADLINE_ITEMS, headlineMean } from "../domain/disclosure-measure-audit";
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

// Decisions 072 and 074 on both databases: a wave of the demo register where some councils have no
// value for an index (every PRESC, LTC or PCT item blank: the two-thirds rule), or answered its
// items only in part (α's complete cases), cut for staff (k = 5). Before, an index, α or gap cell of
// n ≥ k was shown whenever its group was: an attacker holding them isolated 1–4 councils (the whole
// wave's PRESC cell minus the other nations', Wales's PCT minus its LTC and GAP, England's GAP cell
// minus its other regions' cells); the stored snapshot's cells do not let them, and nothing that
// reads them shows more.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

const SLUG = "index-cells-check";
const K = 5;
const instrument = getInstrument(1);
const MEASURES = [...INDEX_CODES, ...INDEX_CODES.map(alphaOf), ...GAP_CODES, TECH_GAP, ...HEADLINE_ITEMS.map(headlineMean)];
/** What subtracts from what, written out here rather than taken from the code under test: GAP = LTC − PCT, HEADLINE_GAP = LTC1 − PCT1. */
const FAMILIES = { trust: ["LTC", "PCT", "GAP"], headline: ["HEADLINE_GAP", "LTC1:mean", "PCT1:mean"] };

describe(`index, α and gap cells in stored snapshots on ${testDialectName()}`, () => {
  let handle: Handle;
  let ctx: SnapshotContext;
  let clock = Date.parse("2026-11-28T10:00:00Z");
  let waveId: number;
  let councils: Council[];

  /** Per headline item, the councils that answered it "Don't know". */
  const dontKnow = new Map<string, Set<number>>(HEADLINE_ITEMS.map((item) => [item, new Set()]));
  const submit = async (council: Council, blank: readonly string[], dk: readonly string[] = []) => {
    const at = new Date((clock += 1000)).toISOString();
    const answers = sameAnswers(instrument);
    for (const id of blank) delete answers[id];
    for (const id of dk) {
      answers[id] = "dk";
      dontKnow.get(id)!.add(council.id);
    }
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
      // A headline item's mean: its answers other than "Don't know" (these councils answer it otherwise, unless they have no LTC).
      for (const item of HEADLINE_ITEMS) if (!dontKnow.get(item)!.has(r.council_id) && !(item === "LTC1" && r.ltc === null)) has.add(headlineMean(item));
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

  it("an index, α or gap cell that its family's other cells would isolate 1…k−1 councils from is withheld, with its chart, breakdown row and trend point", async () => {
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
    //  - seven Scottish councils have no PRESC (every PRESC item blank): Scotland's PRESC cell (4) is
    //    under k, and the whole wave's PRESC cell minus the other nations' is those four;
    //  - three Welsh councils leave TECH1 blank: their TECH stands (two thirds), but TECH's α is over 5 of Wales's 8;
    //  - one other Welsh council has no LTC: Wales's PCT over 8 minus its LTC and GAP over 7 is that
    //    council's PCT (and so for the whole wave);
    //  - four councils of the North East and all of Yorkshire have no PCT, so no GAP: England's GAP
    //    cell minus its other regions' cells is the one North East council with a GAP;
    //  - five other English councils answer LTC1 "Don't know", and four of them and a sixth PCT1:
    //    the LTC1 mean (over all but five) minus HEADLINE_GAP (all but six) is one council.
    const blanksOf = (c: Council): string[] => {
      if (scottish.slice(0, 7).includes(c)) return section("PRESC");
      if (welsh.slice(0, 3).includes(c)) return ["TECH1"];
      if (welsh[7] === c) return section("LTC");
      if (northEast.slice(1).includes(c) || yorkshire.includes(c)) return section("PCT");
      return [];
    };
    const unsure = of((c) => c.nation === "England" && c.region !== "North East" && c.region !== "Yorkshire and The Humber").slice(0, 6);
    const dkOf = (c: Council): string[] => [
      ...(unsure.slice(0, 5).includes(c) ? ["LTC1"] : []),
      ...([0, 1, 2, 3, 5].some((i) => unsure[i] === c) ? ["PCT1"] : []),
    ];
    for (const c of councils) await submit(c, blanksOf(c), dkOf(c));
    const record = await recordNow();
    expect(record.get("nation:Scotland")!.valued.get("PRESC")!.size).toBe(4);
    expect(record.get("nation:Wales")!.valued.get(alphaOf("TECH"))!.size).toBe(5);
    expect(record.get("nation:Wales")!.valued.get("LTC")!.size).toBe(7);

    expect(await cutSnapshots(ctx, SLUG, "admin", { audiences: ["staff"] })).toBe(1);
    const snapshot = (await getAuditedSnapshot(ctx, SLUG, "staff"))!;
    const now: CellView[] = [];
    const then: CellView[] = [];
    const cell = (key: string, m: string, members: Set<string>): CellView => ({
      snapshot: 1,
      identity: key,
      item: m,
      measure: m,
      members,
    });
    for (const [key, doc] of snapshot.views) {
      if (doc.summary.responses.suppressed) continue;
      const behind = record.get(key)!;
      const s = doc.summary;
      const shownNow = new Set<string>();
      for (const code of INDEX_CODES) {
        const c = s.indices[code];
        if (c.suppressed) continue;
        shownNow.add(code);
        expect(c.n).toBe(behind.valued.get(code)!.size);
        if (c.alphaN !== null) shownNow.add(alphaOf(code));
      }
      for (const code of GAP_CODES) if (!s.gaps[code].suppressed) shownNow.add(code);
      if (doc.charts && doc.charts.techGap.councils > 0) shownNow.add(TECH_GAP);
      for (const item of HEADLINE_ITEMS) if (!s.items[item]!.suppressed) shownNow.add(headlineMean(item));
      for (const m of MEASURES) {
        const valued = behind.valued.get(m)!;
        if (shownNow.has(m)) now.push(cell(key, m, valued));
        // Before: every measure cell of n ≥ k of a shown group.
        if (valued.size >= K) then.push(cell(key, m, valued));
      }
    }
    // The attacker of decision 074: each family's cells against one another (a response set is not a figure of a measure).
    const leaksBefore = attackItems([], inFamilies(then, FAMILIES), K);
    const has = (family: string, pattern: RegExp) => leaksBefore.some((l) => l.startsWith(`measure ${family}:`) && pattern.test(l));
    expect(has("PRESC", /a cell of \d+ minus \d+ disjoint sets leaves 4$/)).toBe(true);
    expect(has("trust", /a cell of 8 minus 1 disjoint sets leaves 1$/)).toBe(true);
    expect(has("trust", /a cell of \d+ minus \d+ disjoint sets leaves 1$/)).toBe(true);
    expect(has("headline", /a cell of \d+ minus 1 disjoint sets leaves 1$/)).toBe(true);

    // Now: the same attacker finds nothing.
    expect(attackItems([], inFamilies(now, FAMILIES), K)).toEqual([]);
    const view = (key: string) => snapshot.views.get(key)!;
    // Scotland's PRESC is under k; the smaller of the cells around it goes, never the whole wave's.
    expect(view("nation:Scotland").summary.indices.PRESC).toEqual({ suppressed: true });
    expect(view("nation:Scotland").charts!.indexBins.PRESC).toEqual([]);
    expect(view("all").summary.indices.PRESC).toMatchObject({ suppressed: false });
    // α against its index in the group (decision 072).
    expect(view("nation:Wales").summary.indices.TECH).toMatchObject({ suppressed: false, n: 8, alpha: null, alphaN: null });
    // The trust chain: PCT goes, the gap and LTC stay — in Wales and in the whole wave.
    for (const key of ["nation:Wales", "all"]) {
      expect(view(key).summary.indices.PCT).toEqual({ suppressed: true });
      expect(view(key).summary.gaps.GAP).toMatchObject({ suppressed: false });
      expect(view(key).summary.indices.LTC).toMatchObject({ suppressed: false });
      expect(view(key).charts!.indexBins.PCT).toEqual([]);
    }
    // The headline chain: the two items' distributions (and so their means) go, the headline gap stays.
    expect(view("all").summary.items.LTC1).toEqual({ suppressed: true });
    expect(view("all").summary.items.PCT1).toEqual({ suppressed: true });
    expect(view("all").summary.gaps.HEADLINE_GAP).toMatchObject({ suppressed: false, n: record.get("all")!.valued.get("HEADLINE_GAP")!.size });
    // The whole wave's breakdown row and the trend read the same cells.
    const whole = view("all").summary;
    const walesRow = whole.breakdowns.nation.find((g) => g.group === "Wales")!;
    expect(walesRow).toMatchObject({ suppressed: false, indices: { PCT: { suppressed: true }, BURDEN: { suppressed: false, n: 8 } } });
    expect(view("nation:Wales").summary.trends.at(-1)!.indices.PCT).toEqual({ suppressed: true });

    // What is stored for the next audit: each shown group's measures, by the members without a value.
    const stored = await handle.db.selectFrom("wave_snapshots").select("shown_groups").where("id", "=", snapshot.snapshot.id).executeTakeFirstOrThrow();
    const entries = JSON.parse(stored.shown_groups) as { identity: string; measures?: Record<string, unknown> }[];
    const wales = entries.find((g) => g.identity === "nation:Wales")!;
    expect(wales.measures?.PCT).toBeUndefined();
    expect(wales.measures?.BURDEN).toEqual([]);
    expect(wales.measures?.LTC).toHaveLength(1);
  }, 120_000);
});
