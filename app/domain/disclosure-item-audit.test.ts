import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditSnapshot, type AuditDecision, type AuditGroup, type AuditHistory, type ItemCellRecord } from "./disclosure-audit";
import { auditItemCells, type ItemBlanks } from "./disclosure-item-audit";
import { MEASURE_FAMILIES, auditMeasureCells, measureRank } from "./disclosure-measure-audit";
import { attackItems, groupsOf, inFamilies, register, type CellView, type Council, type View } from "./disclosure-attacker.test-support";

// The item audit (decision 067) on registers shaped like the real one, with random blanks per item
// and random submissions, amendments and withdrawals between snapshots: an attacker holding every
// shown group n and every shown item cell of every snapshot never isolates 1…k−1 councils' answers
// to an item — blanks against the group's n, a cell minus the cells inside it (nested or several
// disjoint), and over time.

const ITEMS = ["often", "half", "rare"] as const;
type Item = (typeof ITEMS)[number];

type Event = { kind: "submit" | "amend"; pick: number; blanks: number } | { kind: "withdraw"; pick: number } | { kind: "cut"; seed: number };

// Blanks drawn per submission: "often" answered by most, "half" by about half, "rare" blank in 1 of 8.
const blanksOf = (mask: number): Set<Item> => {
  const out = new Set<Item>();
  if ((mask & 3) === 3) out.add("often");
  if (mask & 4) out.add("half");
  if ((mask & 56) === 56) out.add("rare");
  return out;
};

// The measures of decisions 072 and 074, each with its own members without a value: an index without
// a value for 1 in 8 (the two-thirds rule), its α over the complete cases (within the index's, about
// half), LTC and PCT each without a value for 1 in 4, and GAP = LTC − PCT over those with both.
const MEASURES = ["PRESC", "PRESC:alpha", "LTC", "PCT", "GAP"] as const;
type Measure = (typeof MEASURES)[number];
/** The attacker's families, written out here rather than taken from the code under test: GAP = LTC − PCT. */
const FAMILIES = { trust: ["LTC", "PCT", "GAP"] };
const noValueOf = (mask: number): Set<Measure> => {
  const out = new Set<Measure>();
  if (((mask >> 6) & 7) === 7) out.add("PRESC");
  if (out.has("PRESC") || (mask >> 9) & 1) out.add("PRESC:alpha");
  if (((mask >> 10) & 3) === 3) out.add("LTC");
  if (((mask >> 3) & 3) === 3) out.add("PCT");
  if (out.has("LTC") || out.has("PCT")) out.add("GAP");
  return out;
};

const eventsArb = fc.array(
  fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant("submit" as const), pick: fc.nat(), blanks: fc.nat(4095) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("amend" as const), pick: fc.nat(), blanks: fc.nat(4095) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("cut" as const), seed: fc.nat() }) },
  ),
  { minLength: 20, maxLength: 160 },
);

/** Registers big enough for groups of k = 10 to show: up to 20 London boroughs and two regions of up to 40 councils. */
const largerRegisterArb = fc
  .record({
    lbo: fc.integer({ min: 4, max: 20 }),
    english: fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 2 }),
    wpa: fc.integer({ min: 2, max: 12 }),
    sco: fc.integer({ min: 2, max: 14 }),
    nid: fc.integer({ min: 1, max: 8 }),
  })
  .map(register);

/** The members that answered the item, from a stored record of the cell. */
function answeredOf(members: readonly string[], record: ItemCellRecord): Set<string> {
  if (Array.isArray(record)) {
    const blank = new Set(record as readonly string[]);
    return new Set(members.filter((t) => !blank.has(t)));
  }
  return new Set((record as { answered: readonly string[] }).answered);
}

/**
 * Runs the events, cutting snapshots (at most maxCuts) as the service does: the group audit, then
 * each shown group's item cells of n ≥ k not already withheld by the small-count rules (a random
 * fifth, from the cut's seed), then the item audit (unless `auditItems` is false). Returns every
 * group and item cell that carried figures.
 */
function simulate(councils: readonly Council[], events: readonly Event[], k: number, maxCuts: number, auditItems = true, measures?: { audit: boolean }) {
  const version = new Map<number, number>();
  const blankOf = new Map<string, Set<Item>>();
  const noValue = new Map<string, Set<Measure>>();
  const history: AuditHistory[] = [];
  const groupViews: View[] = [];
  const cellViews: CellView[] = [];
  const measureViews: CellView[] = [];
  let cuts = 0;
  const cut = (seed: number) => {
    const groups = groupsOf(councils, version);
    const snapshot = String(cuts);
    const { decisions, sets } = auditSnapshot({ k, groups, history });
    // As the service does for an item most responses left blank, "half" comes as the answering ones.
    const blanks = new Map<string, ItemBlanks>(
      ITEMS.map((item) =>
        item === "half"
          ? [item, { answered: groups[0]!.members.filter((t) => !blankOf.get(t)?.has(item)) }]
          : [item, groups[0]!.members.filter((t) => blankOf.get(t)?.has(item))],
      ),
    );
    const cells = new Map<string, Map<string, number>>();
    for (const [gi, g] of groups.entries()) {
      if (decisions[g.key]!.status !== "shown") continue;
      const byItem = new Map<string, number>();
      for (const [ii, item] of ITEMS.entries()) {
        const n = g.members.filter((t) => !blankOf.get(t)?.has(item)).length;
        const withheld = (seed + 7 * gi + 13 * ii) % 5 === 0;
        if (n >= k && !withheld) byItem.set(item, n);
      }
      cells.set(g.key, byItem);
    }
    const result = auditItems
      ? auditItemCells({ k, groups, decisions, blanks, cells, history, sets })
      : {
          suppressed: new Map<string, Map<string, string>>(),
          records: new Map(
            [...cells].map(([key, byItem]) => {
              const members = groups.find((g) => g.key === key)!.members;
              return [key, Object.fromEntries([...byItem.keys()].map((item) => [item, members.filter((t) => blankOf.get(t)?.has(item as Item))]))];
            }),
          ),
        };
    // The measures as the service audits them (decision 072): a second run of the item audit over
    // the measures' sets, with the history's measure records standing for its item records.
    const measureRecords = new Map<string, Record<string, ItemCellRecord>>();
    if (measures) {
      const measureCells = new Map<string, Map<string, number>>();
      for (const g of groups) {
        if (decisions[g.key]!.status !== "shown") continue;
        const byMeasure = new Map<string, number>();
        for (const m of MEASURES) {
          const n = g.members.filter((t) => !noValue.get(t)?.has(m)).length;
          if (n >= k) byMeasure.set(m, n);
        }
        measureCells.set(g.key, byMeasure);
      }
      const measureBlanks = new Map<string, ItemBlanks>(MEASURES.map((m) => [m, groups[0]!.members.filter((t) => noValue.get(t)?.has(m))]));
      const measureHistory = history.map((h) => ({
        snapshot: h.snapshot,
        groups: h.groups.map(({ items: _items, measures: stored, ...g }) => ({ ...g, ...(stored ? { items: stored } : {}) })),
      }));
      if (measures.audit) {
        const audited = auditMeasureCells({
          k,
          groups,
          decisions,
          blanks: measureBlanks,
          cells: measureCells,
          history: measureHistory,
          sets,
          families: MEASURE_FAMILIES,
          rankOf: measureRank,
        });
        for (const [key, byMeasure] of measureCells) {
          const records = audited.records.get(key) ?? {};
          for (const m of byMeasure.keys()) expect(audited.suppressed.get(key)?.has(m) ?? false).toBe(!(m in records));
          measureRecords.set(key, records);
        }
      } else
        for (const [key, byMeasure] of measureCells) {
          const members = groups.find((g) => g.key === key)!.members;
          measureRecords.set(key, Object.fromEntries([...byMeasure.keys()].map((m) => [m, members.filter((t) => noValue.get(t)?.has(m as Measure))])));
        }
    }
    const shown: AuditHistory["groups"][number][] = [];
    for (const g of groups) {
      const d: AuditDecision = decisions[g.key]!;
      if (d.status === "shown") {
        const items = result.records.get(g.key) ?? {};
        for (const item of cells.get(g.key)!.keys()) expect(result.suppressed.get(g.key)?.has(item) ?? false).toBe(!(item in items));
        shown.push({ identity: g.identity, members: g.members, snapshot, items, ...(measures ? { measures: measureRecords.get(g.key) ?? {} } : {}) });
      } else if (d.status === "kept") {
        // As the service does: a kept group's measures are those of the entry it keeps.
        const kept = history.find((h) => h.snapshot === d.snapshot)?.groups.find((e) => e.identity === g.identity)?.measures;
        shown.push({
          identity: g.identity,
          members: d.members,
          snapshot: d.snapshot,
          ...(d.items ? { items: d.items } : {}),
          ...(kept ? { measures: kept } : {}),
        });
      }
    }
    history.push({ snapshot, groups: shown });
    for (const s of shown) {
      groupViews.push({ snapshot: cuts, identity: s.identity, members: new Set(s.members) });
      for (const [item, record] of Object.entries(s.items ?? {}))
        cellViews.push({ snapshot: cuts, identity: s.identity, item, members: answeredOf(s.members, record) });
      // A measure's figures subtract from its family's only, never from a response set (decision 074).
      for (const [m, record] of Object.entries(s.measures ?? {}))
        measureViews.push({ snapshot: cuts, identity: s.identity, item: m, measure: m, members: answeredOf(s.members, record) });
    }
    cuts++;
  };
  for (const e of events) {
    if (e.kind === "cut") {
      if (cuts < maxCuts) cut(e.seed);
      continue;
    }
    const submitted = councils.filter((c) => (version.get(c.id) ?? 0) > 0);
    const waiting = councils.filter((c) => (version.get(c.id) ?? 0) === 0);
    const next = (c: Council, v: number, mask: number) => {
      version.set(c.id, v);
      blankOf.set(`${c.id}@${v}`, blanksOf(mask));
      noValue.set(`${c.id}@${v}`, noValueOf(mask));
    };
    if (e.kind === "submit" && waiting.length > 0) {
      const c = waiting[e.pick % waiting.length]!;
      // A council that withdrew and submits again makes a new contribution.
      next(c, Math.max(1, ...[...blankOf.keys()].filter((t) => t.startsWith(`${c.id}@`)).map((t) => Number(t.split("@")[1]) + 1)), e.blanks);
    } else if (e.kind === "amend" && submitted.length > 0) {
      const c = submitted[e.pick % submitted.length]!;
      next(c, (version.get(c.id) ?? 0) + 1, e.blanks);
    } else if (e.kind === "withdraw" && submitted.length > 0) {
      version.set(submitted[e.pick % submitted.length]!.id, 0);
    }
  }
  if (cuts < maxCuts) cut(0);
  return { groupViews, cellViews, measureViews: inFamilies(measureViews, FAMILIES) };
}

const allAnswer = (councils: readonly Council[]) => new Map(councils.map((c) => [c.id, 1]));

/** One snapshot of a register where every council responded, with the given blanks; the item audit's result. */
function oneSnapshot(
  councils: readonly Council[],
  k: number,
  blank: Record<string, readonly number[]>,
  history: AuditHistory[] = [],
  version = allAnswer(councils),
) {
  const groups = groupsOf(councils, version);
  const { decisions } = auditSnapshot({ k, groups, history });
  const blanks = new Map(Object.entries(blank).map(([item, ids]) => [item, ids.map((id) => `${id}@${version.get(id)}`)]));
  const cells = new Map<string, Map<string, number>>();
  for (const g of groups) {
    if (decisions[g.key]!.status !== "shown") continue;
    cells.set(
      g.key,
      new Map(
        Object.keys(blank).flatMap((item) => {
          const n = g.members.filter((t) => !blanks.get(item)!.includes(t)).length;
          return n >= k ? [[item, n] as const] : [];
        }),
      ),
    );
  }
  return { groups, decisions, result: auditItemCells({ k, groups, decisions, blanks, cells, history }), cells };
}

const key = (groups: readonly AuditGroup[], k: string) => groups.find((g) => g.key === k)!;

describe("auditItemCells", () => {
  const councils = register({ lbo: 12, english: [[6, 6, 6, 6]], wpa: 7, sco: 8, nid: 6 });
  const ids = (type: string) => councils.filter((c) => c.type === type).map((c) => c.id);

  it("blanks against the group's n: a group whose cell lacks 1…k−1 councils does not show the cell; 0 or ≥ k blanks are fine", () => {
    const lbo = ids("LBO");
    const { result, decisions } = oneSnapshot(councils, 5, { two: lbo.slice(0, 2), five: lbo.slice(0, 5), none: [] });
    // Two London boroughs left "two" blank: London's cell would show 11 of its 13 responses, England's
    // 35 of 37 and the whole wave's 56 of 58.
    expect(decisions["region:London"]).toEqual({ status: "shown" });
    for (const group of ["region:London", "nation:England", "all"]) expect(result.suppressed.get(group)?.get("two")).toBe("subtraction");
    for (const group of ["region:London", "nation:England", "all"]) {
      expect(result.suppressed.get(group)?.has("five") ?? false).toBe(false);
      expect(result.suppressed.get(group)?.has("none") ?? false).toBe(false);
    }
    expect(result.records.get("region:London")!.five).toEqual(lbo.slice(0, 5).map((id) => `${id}@1`));
    expect(result.records.get("region:London")!.none).toEqual([]);
    // The rest of the nations never held a blank of "two".
    expect(result.records.get("nation:Scotland")!.two).toEqual([]);
  });

  it("records an item most members left blank by the members that answered it", () => {
    // Only Scotland's eight councils answer "most": the whole wave's cell is theirs, 50 blanks.
    const sco = ids("SCO");
    const { result } = oneSnapshot(councils, 5, { most: councils.filter((c) => !sco.includes(c.id)).map((c) => c.id) });
    expect(result.records.get("all")!.most).toEqual({ answered: sco.map((id) => `${id}@1`) });
    expect(result.records.get("nation:Scotland")!.most).toEqual([]);
    expect(result.suppressed.get("all")?.has("most") ?? false).toBe(false);
  });

  it("nested and disjoint cells: a region's cell minus its types' cells cannot leave 1…k−1 answers; every cell around them stays", () => {
    // Five of Region 1's six district councils leave "x" blank: the districts' cell (1) is not
    // shown, and its blanks (5) are fine, but Region 1's cell minus the county, unitary and
    // metropolitan cells is the one district that answered. So is England's minus London's and
    // those three, and the whole wave's minus every other nation's too.
    const nmd = ids("NMD");
    const { result, decisions } = oneSnapshot(councils, 5, { x: nmd.slice(1) });
    expect(decisions["region:Region 1"]).toEqual({ status: "shown" });
    const withdrawn = [...result.suppressed].filter(([, items]) => items.has("x")).map(([g]) => g);
    expect(withdrawn.sort()).toEqual(["all", "nation:England", "region:Region 1"]);
    for (const g of ["type:CTY", "type:UA", "type:MD", "region:London", "nation:Wales"]) expect(result.records.get(g)?.x).toEqual([]);
  });

  it("the whole wave's cell goes last: where a smaller cell can answer for a leak, it is the smaller one that goes", () => {
    // Two councils of Scotland leave "x" blank and six of Wales: Scotland's blanks (2) against its
    // n leak, and so would the whole wave's minus England's, Wales's and Northern Ireland's cells,
    // were Scotland's cell shown. The whole wave's blanks are 8: it stays.
    const { result } = oneSnapshot(councils, 5, { x: [...ids("SCO").slice(0, 2), ...ids("WPA").slice(0, 6)] });
    expect(result.suppressed.get("nation:Scotland")?.get("x")).toBe("subtraction");
    expect(result.suppressed.get("all")?.has("x") ?? false).toBe(false);
  });

  it("time: a group that passed the time rule with k changes shows no cell that changed by 1…k−1 answers", () => {
    const wide = register({ lbo: 12, english: [[10, 6, 6, 6]], wpa: 7, sco: 8, nid: 6 });
    const cty = wide.filter((c) => c.type === "CTY").map((c) => c.id);
    const first = oneSnapshot(wide, 5, { x: cty.slice(0, 5) });
    expect(first.result.records.get("type:CTY")!.x).toHaveLength(5);
    const history: AuditHistory[] = [
      {
        snapshot: "s1",
        groups: first.groups
          .filter((g) => first.decisions[g.key]!.status === "shown")
          .map((g) => ({ identity: g.identity, members: g.members, snapshot: "s1", items: first.result.records.get(g.key)! })),
      },
    ];
    // Five county councils amend: three that left "x" blank leave it blank again, two that answered
    // answer again. The group moved by five councils, but its cell by two councils' answers.
    const version = allAnswer(wide);
    for (const id of [...cty.slice(0, 3), ...cty.slice(5, 7)]) version.set(id, 2);
    const second = oneSnapshot(wide, 5, { x: cty.slice(0, 5) }, history, version);
    expect(second.decisions["type:CTY"]).toEqual({ status: "shown" });
    for (const g of ["type:CTY", "region:Region 1", "nation:England", "all"]) expect(second.result.suppressed.get(g)?.get("x")).toBe("time");
    expect(second.result.suppressed.get("nation:Scotland")?.has("x") ?? false).toBe(false);
  });

  it("a cell whose n is not the size of its set is withdrawn", () => {
    const groups = groupsOf(councils, allAnswer(councils));
    const { decisions } = auditSnapshot({ k: 5, groups });
    const all = key(groups, "all");
    const result = auditItemCells({
      k: 5,
      groups,
      decisions,
      blanks: new Map(),
      cells: new Map([["all", new Map([["x", all.members.length - 1]])]]),
    });
    expect(result.suppressed.get("all")?.get("x")).toBe("count");
  });

  it("a snapshot stored before item cells were audited is read as showing every item, the blanks of contributions still in the wave as today's", () => {
    const wide = register({ lbo: 12, english: [[10, 6, 6, 6]], wpa: 7, sco: 8, nid: 6 });
    const cty = wide.filter((c) => c.type === "CTY").map((c) => c.id);
    const version = allAnswer(wide);
    const groups = groupsOf(wide, version);
    const { decisions } = auditSnapshot({ k: 5, groups });
    const legacy: AuditHistory[] = [
      {
        snapshot: "old",
        groups: groups.filter((g) => decisions[g.key]!.status === "shown").map((g) => ({ identity: g.identity, members: g.members, snapshot: "old" })),
      },
    ];
    // Nothing changed since: the cells are the same sets as then.
    const same = oneSnapshot(wide, 5, { x: cty.slice(0, 5) }, legacy, version);
    expect(same.result.suppressed.get("type:CTY")?.has("x") ?? false).toBe(false);
    // Five county councils amended since and leave "x" blank now; whether they answered it then is
    // not known, so the cell may have moved by anything from none to five of them.
    const amended = new Map(version);
    for (const id of cty.slice(0, 5)) amended.set(id, 2);
    const after = oneSnapshot(wide, 5, { x: cty.slice(0, 5) }, legacy, amended);
    expect(after.decisions["type:CTY"]).toEqual({ status: "shown" });
    expect(after.result.suppressed.get("type:CTY")?.get("x")).toBe("time");
  });

  it("the attacker finds item leaks when the cells are not audited (the check can fail)", () => {
    const small = register({ lbo: 8, english: [[6, 6, 0, 0]], wpa: 6, sco: 6, nid: 6 });
    const events: Event[] = [
      ...small.map((_, i): Event => ({ kind: "submit", pick: 0, blanks: i % 9 === 0 ? 4 : 0 })),
      { kind: "cut", seed: 1 },
      ...[0, 1, 2].map((i): Event => ({ kind: "amend", pick: i * 5, blanks: 63 })),
      { kind: "cut", seed: 2 },
    ];
    const { groupViews, cellViews } = simulate(small, events, 5, 3, false);
    expect(attackItems(groupViews, cellViews, 5).length).toBeGreaterThan(0);
    const audited = simulate(small, events, 5, 3);
    expect(attackItems(audited.groupViews, audited.cellViews, 5)).toEqual([]);
  });

  for (const k of [5, 10]) {
    it(`property: an attacker holding every shown group and item cell of every snapshot never isolates 1…${k - 1} councils' answers (k = ${k})`, () => {
      let shown = 0;
      let withdrawn = 0;
      fc.assert(
        fc.property(largerRegisterArb, eventsArb, (councils, events) => {
          const { groupViews, cellViews } = simulate(councils, events, k, 4);
          expect(attackItems(groupViews, cellViews, k)).toEqual([]);
          shown += cellViews.length;
          withdrawn += simulate(councils, events, k, 4, false).cellViews.length - cellViews.length;
        }),
        { numRuns: 300 },
      );
      // Not vacuous: cells were shown, and cells were withdrawn.
      expect(shown).toBeGreaterThan(0);
      expect(withdrawn).toBeGreaterThan(0);
    }, 60_000);
  }

  for (const k of [5, 10]) {
    it(`property: with index, α and gap cells (members without a value; LTC, PCT and GAP one family) as well, the attacker never isolates 1…${k - 1} councils (k = ${k})`, () => {
      let shown = 0;
      let withdrawn = 0;
      fc.assert(
        fc.property(largerRegisterArb, eventsArb, (councils, events) => {
          const { groupViews, cellViews, measureViews } = simulate(councils, events, k, 4, true, { audit: true });
          expect(attackItems(groupViews, cellViews, k)).toEqual([]);
          // Each family's cells against one another, over time too (no response sets: decision 074).
          expect(attackItems([], measureViews, k)).toEqual([]);
          shown += measureViews.length;
          withdrawn += simulate(councils, events, k, 4, true, { audit: false }).measureViews.length - measureViews.length;
        }),
        { numRuns: 300 },
      );
      // Not vacuous: measure cells were shown, and measure cells were withdrawn.
      expect(shown).toBeGreaterThan(0);
      expect(withdrawn).toBeGreaterThan(0);
    }, 120_000);
  }

  it("property: without the measure audit the same attacker finds leaks in index, α and gap cells (k = 5)", () => {
    let leaky = 0;
    fc.assert(
      fc.property(largerRegisterArb, eventsArb, (councils, events) => {
        const { measureViews } = simulate(councils, events, 5, 4, true, { audit: false });
        if (attackItems([], measureViews, 5).length > 0) leaky++;
      }),
      { numRuns: 30 },
    );
    expect(leaky).toBeGreaterThan(10);
  }, 120_000);

  it("property: without the item audit the same attacker finds leaks in most registers (k = 5)", () => {
    let leaky = 0;
    fc.assert(
      fc.property(largerRegisterArb, eventsArb, (councils, events) => {
        const { groupViews, cellViews } = simulate(councils, events, 5, 4, false);
        if (attackItems(groupViews, cellViews, 5).length > 0) leaky++;
      }),
      { numRuns: 40 },
    );
    expect(leaky).toBeGreaterThan(20);
  }, 60_000);
});
