import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLLAPSE_SHARE, collapseNearUnanimous } from "./distributions";

const L5 = ["1", "2", "3", "4", "5", "dk"] as const;
const M5 = ["0", "1", "2", "3", "4", "dk"] as const;

describe("collapseNearUnanimous (the ≥ 95% rule for k = 10 audiences)", () => {
  it("collapses exactly when one answer holds ≥ 95%, keeps every answer, and groups the two lower, middle and two upper codes", () => {
    fc.assert(
      fc.property(fc.constantFrom(L5, M5), fc.array(fc.nat(60), { minLength: 6, maxLength: 6 }), (scale, values) => {
        const counts = Object.fromEntries(scale.map((code, i) => [code, values[i] as number]));
        const total = values.reduce((s, n) => s + n, 0);
        const answered = values.slice(0, 5);
        const base = answered.reduce((s, n) => s + n, 0);
        const collapsed = collapseNearUnanimous(counts, scale);
        const due = base > 0 && Math.max(...answered) / base >= COLLAPSE_SHARE;
        expect(collapsed !== null).toBe(due);
        if (!collapsed) return;
        expect(Object.keys(collapsed)).toEqual(["lower", "middle", "upper", "dk"]);
        expect(Object.values(collapsed).reduce((s, n) => s + n, 0)).toBe(total);
        expect(collapsed.lower).toBe(counts[scale[0]]! + counts[scale[1]]!);
        expect(collapsed.middle).toBe(counts[scale[2]]!);
        expect(collapsed.upper).toBe(counts[scale[3]]! + counts[scale[4]]!);
        expect(collapsed.dk).toBe(counts.dk);
      }),
    );
  });

  it("is exact at the boundary: 19 of 20 collapses, 18 of 20 (90%) and 94 of 99 do not; dk is not in the base", () => {
    expect(collapseNearUnanimous({ "1": 0, "2": 0, "3": 1, "4": 19, "5": 0, dk: 0 }, L5)).toEqual({ lower: 0, middle: 1, upper: 19, dk: 0 });
    expect(collapseNearUnanimous({ "1": 0, "2": 0, "3": 2, "4": 18, "5": 0, dk: 0 }, L5)).toBeNull();
    expect(collapseNearUnanimous({ "1": 5, "2": 0, "3": 0, "4": 94, "5": 0, dk: 0 }, L5)).toBeNull();
    expect(collapseNearUnanimous({ "1": 0, "2": 0, "3": 0, "4": 0, "5": 0, dk: 0 }, L5)).toBeNull();
    // Don't know is outside the base: 19 agree, 1 disagree and 30 dk still collapses.
    expect(collapseNearUnanimous({ "1": 1, "2": 0, "3": 0, "4": 19, "5": 0, dk: 30 }, L5)).toEqual({ lower: 1, middle: 0, upper: 19, dk: 30 });
  });
});
