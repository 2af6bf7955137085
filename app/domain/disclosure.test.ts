import { describe, expect, it } from "vitest";
import { PUBLIC_K, STAFF_K, cellFor, comparisonDisclosable, isDisclosable, suppressBreakdown, withholdFigures } from "./disclosure";

const flags = (groups: { suppressed: boolean }[]) => groups.map(({ suppressed }) => suppressed);

describe("thresholds", () => {
  it("are 5 for staff and 10 for councils and the public", () => {
    expect(STAFF_K).toBe(5);
    expect(PUBLIC_K).toBe(10);
  });
});

describe("isDisclosable", () => {
  it("hides groups of 0, 1 and k − 1 and shows a group of exactly k", () => {
    expect(isDisclosable(0, STAFF_K)).toBe(false);
    expect(isDisclosable(1, STAFF_K)).toBe(false);
    expect(isDisclosable(4, STAFF_K)).toBe(false);
    expect(isDisclosable(5, STAFF_K)).toBe(true);
    expect(isDisclosable(9, PUBLIC_K)).toBe(false);
    expect(isDisclosable(10, PUBLIC_K)).toBe(true);
  });

  it("treats a size that is not a whole number as not safe to show", () => {
    expect(isDisclosable(Number.NaN, STAFF_K)).toBe(false);
    expect(isDisclosable(7.5, STAFF_K)).toBe(false);
  });

  it("refuses a threshold below 1", () => {
    expect(() => isDisclosable(3, 0)).toThrow(RangeError);
  });
});

describe("comparisonDisclosable", () => {
  it("needs both sides to reach k", () => {
    expect(comparisonDisclosable(5, 5, STAFF_K)).toBe(true);
    expect(comparisonDisclosable(5, 4, STAFF_K)).toBe(false);
    expect(comparisonDisclosable(4, 50, STAFF_K)).toBe(false);
    expect(comparisonDisclosable(12, 10, PUBLIC_K)).toBe(true);
    expect(comparisonDisclosable(12, 9, PUBLIC_K)).toBe(false);
  });
});

describe("suppressBreakdown", () => {
  it("suppresses only the small groups when no total is shown", () => {
    const groups = [
      { name: "London", n: 3 },
      { name: "North East", n: 6 },
      { name: "South West", n: 8 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: false }))).toEqual([true, false, false]);
  });

  it("suppresses the next smallest group when a total is shown and only one group is small", () => {
    const groups = [
      { name: "London", n: 3 },
      { name: "North East", n: 9 },
      { name: "South West", n: 6 },
      { name: "Wales", n: 12 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([true, false, true, false]);
  });

  it("adds nothing when two groups are already suppressed", () => {
    const groups = [
      { name: "London", n: 3 },
      { name: "North East", n: 2 },
      { name: "South West", n: 6 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([true, true, false]);
  });

  it("breaks a tie for the next smallest group by input order", () => {
    const groups = [
      { name: "London", n: 7 },
      { name: "North East", n: 6 },
      { name: "South West", n: 6 },
      { name: "Wales", n: 1 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([false, true, false, true]);
  });

  it("suppresses a single small group that has no other group to pair with", () => {
    expect(flags(suppressBreakdown([{ n: 4 }], STAFF_K, { hasTotal: true }))).toEqual([true]);
    expect(flags(suppressBreakdown([{ n: 5 }], STAFF_K, { hasTotal: true }))).toEqual([false]);
  });

  it("suppresses a group of k − 1 and shows a group of k", () => {
    const groups = [{ n: 9 }, { n: 10 }, { n: 10 }];
    expect(flags(suppressBreakdown(groups, PUBLIC_K, { hasTotal: false }))).toEqual([true, false, false]);
  });

  it("suppresses empty groups as cells but does not count them as the protecting partner", () => {
    const groups = [
      { name: "London", n: 3 },
      { name: "Scotland", n: 0 },
      { name: "North East", n: 8 },
      { name: "South West", n: 6 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([true, true, false, true]);
  });

  it("adds nothing when the only suppressed groups are empty", () => {
    const groups = [
      { name: "Scotland", n: 0 },
      { name: "North East", n: 8 },
      { name: "South West", n: 6 },
    ];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([true, false, false]);
  });

  it("leaves a small group without a partner when every other group is empty", () => {
    const groups = [{ n: 3 }, { n: 0 }, { n: 0 }];
    expect(flags(suppressBreakdown(groups, STAFF_K, { hasTotal: true }))).toEqual([true, true, true]);
  });

  it("gives an empty breakdown back empty", () => {
    expect(suppressBreakdown([], STAFF_K, { hasTotal: true })).toEqual([]);
  });

  it("keeps every field of each group and does not change the input", () => {
    const groups = [
      { name: "London", n: 3, mean: 42.5 },
      { name: "Wales", n: 7, mean: 61 },
    ];
    const result = suppressBreakdown(groups, STAFF_K, { hasTotal: false });
    expect(result).toEqual([
      { name: "London", n: 3, mean: 42.5, suppressed: true },
      { name: "Wales", n: 7, mean: 61, suppressed: false },
    ]);
    expect(groups[0]).not.toHaveProperty("suppressed");
  });

  it("refuses group sizes that are not whole numbers", () => {
    expect(() => suppressBreakdown([{ n: -1 }], STAFF_K, { hasTotal: false })).toThrow(RangeError);
    expect(() => suppressBreakdown([{ n: Number.NaN }], STAFF_K, { hasTotal: false })).toThrow(RangeError);
  });
});

describe("cellFor", () => {
  it("keeps the figures of a group of k", () => {
    expect(cellFor({ n: 5, mean: 40 }, STAFF_K)).toEqual({ n: 5, mean: 40, suppressed: false });
  });

  it("gives only the flag for a group of k − 1", () => {
    expect(cellFor({ n: 4, mean: 40, ci95: [10, 70] }, STAFF_K)).toEqual({ suppressed: true });
  });
});

describe("withholdFigures", () => {
  it("leaves no number in a suppressed cell", () => {
    const [london] = suppressBreakdown([{ region: "London", n: 3, mean: 42.5, ci95: [30, 55] as [number, number], p: 0.04 }], STAFF_K, { hasTotal: false });
    const cell = withholdFigures(london!, ["region"]);
    expect(cell).toEqual({ region: "London", suppressed: true });
    expect(JSON.stringify(cell)).not.toMatch(/[0-9]/);
  });

  it("returns a disclosed cell with its figures", () => {
    const [wales] = suppressBreakdown([{ region: "Wales", n: 7, mean: 61 }], STAFF_K, { hasTotal: false });
    const cell = withholdFigures(wales!, ["region"]);
    expect(cell).toEqual({ region: "Wales", n: 7, mean: 61, suppressed: false });
    if (!cell.suppressed) expect(cell.mean).toBe(61);
  });

  it("keeps nothing but the flag when no labels are named", () => {
    expect(withholdFigures({ n: 2, mean: 10, suppressed: true })).toEqual({ suppressed: true });
  });
});
