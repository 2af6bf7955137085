import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackItems, type CellView, type View } from "../domain/disclosure-attacker.test-support";
import { getInstrument } from "../domain/instruments";
import { saveResponseScores } from "../models/scores.server";
import { startResponse } from "../models/response.server";
import { insertAnswers, markResponseSubmitted } from "../models/stored-response.server";
import { countItemValues, type GroupFilters } from "../models/summary-data.server";
import { createWave } from "../models/wave.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { sameAnswers, type Council } from "./same-answers.test-support";
import { cutSnapshots, getAuditedSnapshot, type SnapshotContext } from "./snapshots.server";
import { itemCells } from "./wave-summary.server";
import type { SnapshotViewDocument } from "./wave-snapshot.server";

// Decision 067 on both databases: a wave of the demo register with chosen blanks and amendments, cut
// twice for staff (k = 5). What decision 062 alone showed (each item cell of a shown group that
// passes the small-count rules) let an attacker isolate 1–4 councils' answers in the three ways
// decision 062 left open — an item's n against its group's (the blanks), one item cell minus the
// cells inside it, and the same cell over time — for a five-point item and for the number items
// alike; the stored snapshots' cells do not.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

const SLUG = "items-check";
const K = 5;
const instrument = getInstrument(1);
/** The items the scenario leaves blank: two five-point items, a 0–10 item and the two number items. */
const TARGETS = ["PRESC1", "LTC2", "PCT2", "BURDEN7", "BURDEN8"] as const;

/** Per view key, the contributions behind it and, per target item, those that answered it (at one cut). */
type Record_ = Map<string, { members: Set<string>; answered: Map<string, Set<string>> }>;

describe(`item cells in stored snapshots on ${testDialectName()}`, () => {
  let handle: Handle;
  let ctx: SnapshotContext;
  let clock = Date.parse("2026-11-28T10:00:00Z");
  let waveId: number;
  let councils: Council[];
  const responseOf = new Map<number, { id: number; submissions: number }>();

  const submit = async (council: Council, blank: readonly string[]) => {
    const at = new Date((clock += 1000)).toISOString();
    const answers = sameAnswers(instrument);
    for (const id of blank) delete answers[id];
    const id = await startResponse(handle.db, { waveId, councilId: council.id, instrumentVersion: 1, userId: null, now: at });
    await insertAnswers(handle.db, { responseId: id, answers, userId: null, now: at });
    await markResponseSubmitted(handle.db, { responseId: id, version: 2, submissionCount: 1, userId: null, at });
    await saveResponseScores(handle.db, id);
    responseOf.set(council.id, { id, submissions: 1 });
  };
  /** An amendment: the council's answers replaced, one more submission (a new contribution). */
  const amend = async (council: Council, blank: readonly string[]) => {
    const at = new Date((clock += 1000)).toISOString();
    const response = responseOf.get(council.id)!;
    const answers = sameAnswers(instrument);
    for (const id of blank) delete answers[id];
    await handle.db.deleteFrom("answers").where("response_id", "=", response.id).execute();
    await insertAnswers(handle.db, { responseId: response.id, answers, userId: null, now: at });
    response.submissions += 1;
    await markResponseSubmitted(handle.db, {
      responseId: response.id,
      version: 2 + response.submissions,
      submissionCount: response.submissions,
      userId: null,
      at,
    });
    await saveResponseScores(handle.db, response.id);
  };

  /** Who is behind every view and every target item's cell right now. */
  const recordNow = async (): Promise<Record_> => {
    const rows = await handle.db
      .selectFrom("responses")
      .innerJoin("councils", "councils.id", "responses.council_id")
      .select(["responses.id", "responses.council_id", "responses.submission_count", "councils.type", "councils.region", "councils.nation"])
      .where("responses.wave_id", "=", waveId)
      .where("responses.status", "=", "submitted")
      .execute();
    const answers = await handle.db
      .selectFrom("answers")
      .innerJoin("responses", "responses.id", "answers.response_id")
      .select(["answers.response_id", "answers.item_id"])
      .where("responses.wave_id", "=", waveId)
      .where("answers.item_id", "in", [...TARGETS])
      .execute();
    const answeredBy = new Set(answers.map((a) => `${a.response_id}:${a.item_id}`));
    const record: Record_ = new Map();
    for (const r of rows) {
      const token = `${r.council_id}@${Number(r.submission_count)}`;
      for (const key of ["all", `type:${r.type}`, `region:${r.region}`, `nation:${r.nation}`]) {
        let entry = record.get(key);
        if (!entry) record.set(key, (entry = { members: new Set(), answered: new Map(TARGETS.map((id) => [id, new Set<string>()])) }));
        entry.members.add(token);
        for (const id of TARGETS) if (answeredBy.has(`${r.id}:${id}`)) entry.answered.get(id)!.add(token);
      }
    }
    return record;
  };

  const filtersOf = (key: string): GroupFilters => {
    if (key === "all") return {};
    const [dim, value] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    return { [dim]: value };
  };

  /** Cuts a staff snapshot; returns what it shows and what decision 062 alone would have shown of the target items. */
  const cut = async (n: number, records: Map<string, Record_>, before: Map<string, Map<string, Set<string>>>) => {
    const record = await recordNow();
    expect(await cutSnapshots(ctx, SLUG, "admin", { audiences: ["staff"] })).toBe(1);
    const snapshot = (await getAuditedSnapshot(ctx, SLUG, "staff"))!;
    records.set(snapshot.snapshot.cut_at, record);
    const groups: View[] = [];
    const now: CellView[] = [];
    const then: CellView[] = [];
    for (const [key, doc] of snapshot.views) {
      if (doc.summary.responses.suppressed) continue;
      const asOf = doc.summary.figuresAsOf ?? snapshot.snapshot.cut_at;
      const behind = records.get(asOf)!.get(key)!;
      groups.push({ snapshot: n, identity: key, members: behind.members });
      for (const id of TARGETS) {
        if (!doc.summary.items[id]!.suppressed) now.push({ snapshot: n, identity: key, item: id, members: behind.answered.get(id)! });
      }
      // Decision 062 alone: the cell of every shown group that passes the small-count rules; a
      // group showing earlier figures showed that cut's cells.
      const shownThen = doc.summary.figuresAsOf
        ? (before.get(`${asOf}|${key}`) ?? new Map<string, Set<string>>())
        : new Map(
            Object.entries(itemCells(instrument, await countItemValues(handle.db, waveId, [...TARGETS], filtersOf(key)), K))
              .filter(([id, cell]) => TARGETS.includes(id as (typeof TARGETS)[number]) && !cell.suppressed)
              .map(([id]) => [id, behind.answered.get(id)!]),
          );
      before.set(`${snapshot.snapshot.cut_at}|${key}`, shownThen);
      for (const [id, members] of shownThen) then.push({ snapshot: n, identity: key, item: id, members });
    }
    return { snapshot, groups, now, then };
  };

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    ctx = { db: handle.db, dialect: handle.dialect, now: () => new Date((clock += 60_000)).toISOString() };
    waveId = await createWave(handle.db, {
      slug: SLUG,
      title: "Item cells check",
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

  it("closes the three gaps decision 062 left: blanks against n, nested cells and time, for scale and number items", async () => {
    const of = (pick: (c: Council) => boolean) => councils.filter(pick);
    const scottish = of((c) => c.nation === "Scotland");
    const welsh = of((c) => c.nation === "Wales");
    const northEast = of((c) => c.region === "North East");
    const yorkshire = of((c) => c.region === "Yorkshire and The Humber");
    expect([scottish.length, welsh.length, northEast.length, yorkshire.length]).toEqual([11, 8, 5, 5]);

    // First cut: every council responds.
    //  - PRESC1: two Scottish councils leave it blank (Scotland's n 11, its cell's 9);
    //  - BURDEN7: three Welsh councils leave it blank (Wales's n 8, its cell's 5);
    //  - LTC2: four councils of the North East and all of Yorkshire leave it blank, so England's cell
    //    minus its other regions' cells is the one North East council that answered;
    //  - PCT2 and BURDEN8: the North East and Yorkshire leave them blank (10 blanks in England).
    const blanksOf = (c: Council): string[] => {
      const out: string[] = [];
      if (scottish.slice(0, 2).includes(c)) out.push("PRESC1");
      if (welsh.slice(0, 3).includes(c)) out.push("BURDEN7");
      if (northEast.slice(1).includes(c) || yorkshire.includes(c)) out.push("LTC2");
      if (northEast.includes(c) || yorkshire.includes(c)) out.push("PCT2", "BURDEN8");
      return out;
    };
    for (const c of councils) await submit(c, blanksOf(c));
    const records = new Map<string, Record_>();
    const before = new Map<string, Map<string, Set<string>>>();
    const first = await cut(1, records, before);

    // Second cut: five councils amend. Two of the North East now answer PCT2 and BURDEN8, three of
    // Yorkshire leave them blank again: England moved by five councils, its cells by two answers.
    for (const c of northEast.slice(0, 2)) await amend(c, ["LTC2"]);
    for (const c of yorkshire.slice(0, 3)) await amend(c, ["LTC2", "PCT2", "BURDEN8"]);
    const second = await cut(2, records, before);

    const groups = [...first.groups, ...second.groups];
    const leaksBefore = attackItems(groups, [...first.then, ...second.then], K);
    const has = (item: string, pattern: RegExp) => leaksBefore.some((l) => l.startsWith(`${item}:`) && pattern.test(l));
    // 1. Blanks against the group's n: Scotland's 11 minus its PRESC1 cell's 9, Wales's 8 minus its BURDEN7 cell's 5.
    expect(has("PRESC1", /a response set of 11 minus 1 disjoint sets leaves 2/)).toBe(true);
    expect(has("BURDEN7", /a response set of 8 minus 1 disjoint sets leaves 3/)).toBe(true);
    // 2. Nested cells: England's LTC2 cell minus its other regions' cells.
    expect(has("LTC2", /a cell of \d+ minus \d+ disjoint sets leaves 1$/)).toBe(true);
    // 2 and 3. Time: England's PCT2 and BURDEN8 cells moved by two councils' answers.
    expect(has("PCT2", /cell nation:England at 2 differs by 2 from its cell at 1/)).toBe(true);
    expect(has("BURDEN8", /cell nation:England at 2 differs by 2 from its cell at 1/)).toBe(true);

    // Now: the same attacker on what the snapshots show finds nothing.
    expect(attackItems(groups, [...first.now, ...second.now], K)).toEqual([]);
    const cell = (s: typeof first, key: string, id: string) => s.snapshot.views.get(key)!.summary.items[id]!;
    expect(cell(first, "nation:Scotland", "PRESC1")).toEqual({ suppressed: true });
    expect(cell(first, "nation:Wales", "BURDEN7")).toEqual({ suppressed: true });
    expect(cell(first, "nation:England", "LTC2")).toEqual({ suppressed: true });
    expect(cell(second, "nation:England", "PCT2")).toEqual({ suppressed: true });
    expect(cell(second, "nation:England", "BURDEN8")).toEqual({ suppressed: true });
    // A withheld number item has no histogram either; the cells nothing leaks through stay.
    expect(second.snapshot.views.get("nation:England")!.charts!.numberItemBins!.BURDEN8).toEqual([]);
    expect(cell(first, "nation:England", "PRESC1")).toMatchObject({ suppressed: false, n: 58 });
    expect(cell(first, "nation:Scotland", "BURDEN7")).toMatchObject({ suppressed: false, n: 11 });
    expect(first.snapshot.views.get("nation:Scotland")!.summary.responses).toMatchObject({ suppressed: false, submitted: 11 });

    // What is stored for the next audit: each shown group's cells, as their blank contributions.
    const stored = await handle.db.selectFrom("wave_snapshots").select("shown_groups").where("id", "=", second.snapshot.snapshot.id).executeTakeFirstOrThrow();
    const scotland = (JSON.parse(stored.shown_groups) as { identity: string; items?: Record<string, unknown> }[]).find(
      (g) => g.identity === "nation:Scotland",
    )!;
    expect(scotland.items?.PRESC1).toBeUndefined();
    expect(scotland.items?.BURDEN7).toEqual([]);
  }, 120_000);

  it("the views stay well formed: every shown item cell of every view has n ≥ k", async () => {
    const staff = (await getAuditedSnapshot(ctx, SLUG, "staff"))!;
    for (const [key, doc] of staff.views as Map<string, SnapshotViewDocument>) {
      for (const [id, c] of Object.entries(doc.summary.items)) if (!c.suppressed) expect(c.n >= K, `${key} ${id}`).toBe(true);
    }
  });

  it("a group kept from an earlier snapshot keeps that snapshot's item and measure records, read from its stored history", async () => {
    const stored = async () => {
      const latest = await handle.db
        .selectFrom("wave_snapshots")
        .select(["id", "shown_groups"])
        .where("wave_id", "=", waveId)
        .where("audience", "=", "staff")
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
      return {
        id: String(latest.id),
        groups: JSON.parse(latest.shown_groups) as {
          identity: string;
          snapshot: string;
          items?: Record<string, unknown>;
          measures?: Record<string, unknown>;
        }[],
      };
    };
    const before = await stored();
    const earlier = before.groups.find((g) => g.identity === "nation:Scotland")!;
    expect(earlier.items, "the earlier snapshot recorded Scotland's item cells").toBeDefined();
    expect(earlier.measures, "and its measure cells").toBeDefined();
    // Two Scottish councils amend (answers unchanged): Scotland moved by two councils, so it keeps its earlier figures.
    for (const c of councils.filter((x) => x.nation === "Scotland").slice(0, 2)) await amend(c, []);
    expect(await cutSnapshots(ctx, SLUG, "admin", { audiences: ["staff"] })).toBe(1);
    const after = await stored();
    const kept = after.groups.find((g) => g.identity === "nation:Scotland")!;
    expect(kept.snapshot).toBe(earlier.snapshot === "this" ? before.id : earlier.snapshot);
    expect(kept.items).toEqual(earlier.items);
    expect(kept.measures).toEqual(earlier.measures);
  });
});
