import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  publicSnapshotComparators,
  REPORT_MEASURES,
  bandOf,
  buildComparatorFigures,
  categoryLabel,
  categoryOf,
  buildComparatorGroups,
  comparatorRegion,
  itemDistribution,
  quartilesType7,
  shownGroups,
  type MeasureValues,
  type SubmittedCouncil,
} from "./benchmark-figures";
import { getInstrument } from "./instruments";

const values = (v: number | null, overrides: Partial<MeasureValues> = {}): MeasureValues =>
  ({ ...Object.fromEntries(REPORT_MEASURES.map((m) => [m, v])), ...overrides }) as MeasureValues;

let nextId = 1;
const councils = (count: number, type: string, region: string, value: (i: number) => number | null = (i) => i): SubmittedCouncil[] =>
  Array.from({ length: count }, (_, i) => ({ councilId: nextId++, type, region, values: values(value(i)) }));

const group = (key: string, kind: "all" | "type" | "region", ids: number[]) => ({ key, kind, name: key, members: new Set(ids) });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("quartiles by R's type 7", () => {
  it("interpolates between order statistics: quantile(c(1, 2, 3, 4)) is 1.75, 2.5, 3.25", () => {
    expect(quartilesType7([4, 1, 3, 2])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25 });
  });

  it("gives 32.5, 55, 77.5 for a group of exactly 10 (10, 20, …, 100)", () => {
    expect(quartilesType7(range(1, 10).map((i) => i * 10))).toEqual({ q1: 32.5, median: 55, q3: 77.5 });
  });

  it("lands on order statistics when (n − 1)·p is whole: 0, 25, 50, 75, 100 gives 25, 50, 75", () => {
    expect(quartilesType7([100, 0, 50, 25, 75])).toEqual({ q1: 25, median: 50, q3: 75 });
  });

  it("keeps ties: 5, 5, 5, 5, 10 has every quartile at 5", () => {
    expect(quartilesType7([5, 10, 5, 5, 5])).toEqual({ q1: 5, median: 5, q3: 5 });
  });

  it("is null for no values and refuses non-finite ones", () => {
    expect(quartilesType7([])).toBeNull();
    expect(() => quartilesType7([1, Number.NaN])).toThrow(RangeError);
  });

  it("orders Q1 ≤ median ≤ Q3 within the range of the values (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const q = quartilesType7(xs)!;
        expect(q.q1).toBeLessThanOrEqual(q.median);
        expect(q.median).toBeLessThanOrEqual(q.q3);
        expect(q.q1).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(q.q3).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });
});

describe("bands", () => {
  const q = { q1: 25, q3: 75 };
  it("puts a value equal to Q1 or Q3 in the middle half", () => {
    expect(bandOf(25, q)).toBe("middle");
    expect(bandOf(75, q)).toBe("middle");
  });
  it("puts a value below Q1 in the lowest quarter and above Q3 in the highest", () => {
    expect(bandOf(24.9, q)).toBe("lowest");
    expect(bandOf(75.1, q)).toBe("highest");
  });
  it("puts a tied value in the middle half when every quartile is that value", () => {
    const tied = quartilesType7([5, 5, 5, 5, 10])!;
    expect(bandOf(5, tied)).toBe("middle");
    expect(bandOf(10, tied)).toBe("highest");
    expect(bandOf(4, tied)).toBe("lowest");
  });
});

describe("which comparator groups are shown at k = 10", () => {
  it("shows a group of exactly 10 and suppresses a group of 9", () => {
    const shown = shownGroups([group("all", "all", range(1, 19)), group("type:A", "type", range(1, 10)), group("type:B", "type", range(11, 19))], 10);
    expect([...shown].sort()).toEqual(["all"]);
    // With 20 the two types are 10 and 10, and all − each one leaves 10.
    const both = shownGroups([group("all", "all", range(1, 20)), group("type:A", "type", range(1, 10)), group("type:B", "type", range(11, 20))], 10);
    expect([...both].sort()).toEqual(["all", "type:A", "type:B"]);
  });

  it("suppresses a type that equals a region minus a few councils (real membership, not the breakdown)", () => {
    // Region London has 14 councils; the type LBO holds 12 of them: London − LBO isolates 2.
    const shown = shownGroups(
      [
        group("all", "all", range(1, 40)),
        group("region:London", "region", range(1, 14)),
        group("type:LBO", "type", range(1, 12)),
        group("type:CC", "type", [13, 14]),
      ],
      10,
    );
    expect(shown.has("region:London")).toBe(true);
    expect(shown.has("type:LBO")).toBe(false);
  });

  it("suppresses one more group when all councils minus the shown groups of a partition leaves 1 to 9", () => {
    const shown = shownGroups(
      [
        group("all", "all", range(1, 25)),
        group("type:A", "type", range(1, 10)),
        group("type:B", "type", range(11, 22)),
        group("type:C", "type", range(23, 25)),
      ],
      10,
    );
    // C (3) is below k; all − A − B = C, so the smaller of A and B goes too; all − B = 13 is then safe.
    expect([...shown].sort()).toEqual(["all", "type:B"]);
  });

  it("lets a region equal to a type stand (the difference is 0 councils)", () => {
    const shown = shownGroups(
      [
        group("all", "all", range(1, 30)),
        group("region:Wales", "region", range(1, 12)),
        group("type:WPA", "type", range(1, 12)),
        group("type:UA", "type", range(13, 30)),
        group("region:Else", "region", range(13, 30)),
      ],
      10,
    );
    expect([...shown].sort()).toEqual(["all", "region:Else", "region:Wales", "type:UA", "type:WPA"]);
  });

  it("never leaves a shown group whose difference from a shown group containing it is 1 to 9 (property)", () => {
    const council = fc.record({ type: fc.constantFrom("A", "B", "C"), region: fc.constantFrom("X", "Y", "Z", "W") });
    fc.assert(
      fc.property(fc.array(council, { minLength: 0, maxLength: 80 }), (list) => {
        const all = group(
          "all",
          "all",
          list.map((_, i) => i),
        );
        const byKind = (kind: "type" | "region") =>
          [...new Set(list.map((c) => c[kind]))].map((name) =>
            group(
              `${kind}:${name}`,
              kind,
              list.flatMap((c, i) => (c[kind] === name ? [i] : [])),
            ),
          );
        const groups = [all, ...byKind("type"), ...byKind("region")];
        const shown = shownGroups(groups, 10);
        const visible = groups.filter((g) => shown.has(g.key));
        for (const g of visible) expect(g.members.size).toBeGreaterThanOrEqual(10);
        for (const outer of visible) {
          for (const inner of visible) {
            if (inner === outer || ![...inner.members].every((id) => outer.members.has(id))) continue;
            const difference = outer.members.size - inner.members.size;
            expect(difference === 0 || difference >= 10).toBe(true);
          }
          for (const kind of ["type", "region"] as const) {
            const inside = visible.filter((g) => g.kind === kind && g !== outer && [...g.members].every((id) => outer.members.has(id)));
            const remainder = outer.members.size - inside.reduce((s, g) => s + g.members.size, 0);
            expect(remainder === 0 || remainder >= 10).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("comparator groups of a wave", () => {
  it("computes each group's quartiles over the councils with a value, and leaves out a council without one", () => {
    nextId = 1;
    const list = [
      ...councils(10, "MD", "North", (i) => (i + 1) * 10),
      ...councils(10, "UA", "South", (i) => (i + 1) * 10),
      { councilId: 999, type: "MD", region: "North", values: values(null) },
    ];
    const groups = buildComparatorGroups(list);
    const md = groups.find((g) => g.key === "type:MD")!;
    expect(md.measures.PRESC).toEqual({ suppressed: false, n: 10, q1: 32.5, median: 55, q3: 77.5 });
    const all = groups.find((g) => g.key === "all")!;
    expect(all.measures.TECH).toMatchObject({ suppressed: false, n: 20 });
    // Nothing but group keys and figures: no council id anywhere in the document.
    expect(JSON.stringify(groups)).not.toContain("999");
  });

  it("suppresses a measure's group that falls under 10 councils with a value while the others show", () => {
    nextId = 1;
    const list = councils(10, "MD", "North").map((c, i) => (i === 0 ? { ...c, values: values(i, { TECH: null }) } : c));
    const group = buildComparatorGroups(list).find((g) => g.key === "type:MD")!;
    expect(group.measures.TECH).toEqual({ suppressed: true });
    expect(group.measures.PRESC).toMatchObject({ suppressed: false, n: 10 });
  });

  it("uses the nation outside England as the region", () => {
    expect(comparatorRegion({ region: "Yorkshire and The Humber", nation: "England" })).toBe("Yorkshire and The Humber");
    expect(comparatorRegion({ region: "Cardiff area", nation: "Wales" })).toBe("Wales");
  });
});

describe("L5 item distributions at k = 10", () => {
  it("shows five answers when every answer given is given by 10 or more councils, dk out of the base", () => {
    expect(itemDistribution({ "1": 10, "2": 10, "3": 10, "4": 10, "5": 10, dk: 3 })).toEqual({
      suppressed: false,
      merged: false,
      base: 50,
      shares: ["1", "2", "3", "4", "5"].map((category) => ({ category, percent: 20 })),
    });
  });

  it("keeps an answer nobody gave (0 councils) as its own share", () => {
    expect(itemDistribution({ "1": 0, "2": 10, "3": 10, "4": 10, "5": 10 })).toMatchObject({
      merged: false,
      shares: [{ category: "1", percent: 0 }, { category: "2", percent: 25 }, {}, {}, {}],
    });
  });

  it("merges an answer given by 1 to 9 councils with its smaller neighbour", () => {
    // 1 has 2 councils: its only neighbour is 2 → "1-2" (12); 5 has 6: neighbour 4 → "4-5" (26).
    expect(itemDistribution({ "1": 2, "2": 10, "3": 12, "4": 20, "5": 6 })).toEqual({
      suppressed: false,
      merged: true,
      base: 50,
      shares: [
        { category: "1-2", percent: 24 },
        { category: "3", percent: 24 },
        { category: "4-5", percent: 52 },
      ],
    });
    // 3 has 4 councils: neighbours 2 (12) and 4 (30) → merged with 2.
    expect(itemDistribution({ "1": 10, "2": 12, "3": 4, "4": 30, "5": 10 })).toMatchObject({
      shares: [{ category: "1" }, { category: "2-3" }, { category: "4" }, { category: "5" }],
    });
  });

  it("collapses to disagree / neither / agree when almost every council (95% or more) gives the same answer", () => {
    expect(itemDistribution({ "1": 10, "4": 200, "5": 10, dk: 4 })).toMatchObject({ merged: false }); // 200 of 220 is 90.9%
    expect(itemDistribution({ "1": 10, "4": 200 })).toMatchObject({ merged: true }); // 200 of 210 is 95.2%
    expect(itemDistribution({ "1": 10, "4": 210 })).toEqual({
      suppressed: false,
      merged: true,
      base: 220,
      shares: [
        { category: "1-2", percent: 5 },
        { category: "3", percent: 0 },
        { category: "4-5", percent: 95 },
      ],
    });
  });

  it("suppresses an item answered by fewer than 10 councils, or one that merges into a single group", () => {
    expect(itemDistribution({ "1": 5, "4": 4, dk: 30 })).toEqual({ suppressed: true });
    expect(itemDistribution({ "1": 5, "5": 5 })).toEqual({ suppressed: true });
  });

  it("never shows a share of 1 to 9 councils, and the shares cover the scale in order (property)", () => {
    const counts = fc.tuple(...Array.from({ length: 5 }, () => fc.nat({ max: 40 })));
    fc.assert(
      fc.property(counts, (c) => {
        const d = itemDistribution(Object.fromEntries(c.map((n, i) => [String(i + 1), n])));
        if (d.suppressed) return;
        let next = 1;
        for (const share of d.shares) {
          const [from, to = from] = share.category.split("-").map(Number);
          expect(from).toBe(next);
          next = to! + 1;
          const count = c.slice(from! - 1, to).reduce((a, b) => a + b, 0);
          expect(count === 0 || count >= 10).toBe(true);
        }
        expect(next).toBe(6);
      }),
    );
  });

  it("finds the share holding an answer and names merged shares in words", () => {
    const d = itemDistribution({ "1": 2, "2": 10, "3": 12, "4": 20, "5": 6 });
    expect(categoryOf(d, "2")).toBe("1-2");
    expect(categoryOf(d, "5")).toBe("4-5");
    expect(categoryOf(d, "dk")).toBeNull();
    expect(categoryOf(d, null)).toBeNull();
    expect(categoryLabel("1-2")).toBe("Strongly disagree or disagree");
    expect(categoryLabel("2-4")).toBe("Disagree to agree");
    expect(categoryLabel("3")).toBe("Neither");
  });

  it("refuses codes that are not L5 answers", () => {
    expect(() => itemDistribution({ "7": 20 })).toThrow(RangeError);
  });

  it("builds the stored document with every L5 item of the instrument", () => {
    const figures = buildComparatorFigures({ instrument: getInstrument(1), councils: [], itemCounts: {} });
    expect(Object.keys(figures.items)).toContain("PRESC1");
    expect(Object.keys(figures.items)).not.toContain("LTC1");
    expect(figures.k).toBe(10);
    expect(figures.groups.map((g) => g.key)).toEqual(["all"]);
  });
});

describe("comparator groups decided by the public snapshot (decision 063)", () => {
  const council = (councilId: number, type: string, region: string) => ({
    councilId,
    type,
    region,
    values: { PRESC: councilId, BURDEN: null, TECH: null, LTC: null, PCT: null, GAP: null, HEADLINE_GAP: null },
  });
  const councils = [
    ...Array.from({ length: 12 }, (_, i) => council(i + 1, "MD", "North West")),
    ...Array.from({ length: 12 }, (_, i) => council(i + 13, "UA", "South West")),
  ];

  it("suppresses a group of at least k councils that the snapshot does not show, and shows it when it does", () => {
    const cell = (groups: ReturnType<typeof buildComparatorGroups>, key: string) => groups.find((g) => g.key === key)!.measures.PRESC;
    const all = buildComparatorGroups(councils, 10, new Set(["all", "type:MD", "type:UA", "region:North West", "region:South West"]));
    expect(cell(all, "type:MD")).toMatchObject({ suppressed: false, n: 12 });
    const withoutMd = buildComparatorGroups(councils, 10, new Set(["all", "type:UA", "region:South West"]));
    expect(cell(withoutMd, "type:MD")).toEqual({ suppressed: true });
    expect(cell(withoutMd, "region:North West")).toEqual({ suppressed: true });
    expect(cell(withoutMd, "type:UA")).toMatchObject({ suppressed: false, n: 12 });
    expect(cell(withoutMd, "all")).toMatchObject({ suppressed: false, n: 24 });
  });

  it("reads the groups shown with their own figures from the whole-wave view: kept and suppressed rows are not, nations stand in for regions outside England", () => {
    const allowed = publicSnapshotComparators({
      responses: { suppressed: false },
      figuresAsOf: null,
      breakdowns: {
        type: [
          { group: "MD", suppressed: false, asOf: null },
          { group: "UA", suppressed: false, asOf: "2026-01-01T00:00:00.000Z" },
          { group: "WPA", suppressed: true },
        ],
        region: [{ group: "North West", suppressed: false, asOf: null }],
        nation: [
          { group: "England", suppressed: false, asOf: null },
          { group: "Scotland", suppressed: false, asOf: null },
          { group: "Wales", suppressed: true },
        ],
      },
    });
    expect([...allowed].sort()).toEqual(["all", "region:North West", "region:Scotland", "type:MD"]);
    expect(
      publicSnapshotComparators({ responses: { suppressed: false }, figuresAsOf: "2026-01-01T00:00:00.000Z", breakdowns: { type: [], region: [], nation: [] } })
        .size,
    ).toBe(0);
    expect(publicSnapshotComparators({ responses: { suppressed: true }, breakdowns: { type: [], region: [], nation: [] } }).size).toBe(0);
  });
});
