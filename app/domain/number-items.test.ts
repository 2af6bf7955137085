import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INTEGER_MAX } from "./instrument";
import { NUMBER_BIN_EDGES, numberBinLabel, numberItemBins, numberItemFigures, numberValues } from "./number-items";

describe("numberItemFigures", () => {
  it("gives n, the R type 7 quartiles and the mean (quantile(1:10) = 3.25, 5.5, 7.75)", () => {
    expect(numberItemFigures([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ n: 10, median: 5.5, q1: 3.25, q3: 7.75, mean: 5.5 });
  });

  it("has no figures for no answers, and one value's own figures for one", () => {
    expect(numberItemFigures([])).toEqual({ n: 0, median: null, q1: null, q3: null, mean: null });
    expect(numberItemFigures([40])).toEqual({ n: 1, median: 40, q1: 40, q3: 40, mean: 40 });
  });
});

describe("numberValues", () => {
  it("expands (value, count) rows and skips anything that is not a whole number", () => {
    expect(
      numberValues([
        { value: "3", n: 2 },
        { value: "dk", n: 4 },
        { value: "1.5", n: 1 },
        { value: "0", n: 1 },
      ]),
    ).toEqual([3, 3, 0]);
  });
});

describe("numberItemBins", () => {
  it("merges neighbouring tenths of a percentage until each holds at least k councils", () => {
    const values = [5, 5, 5, 5, 5, 15, 25, 25, 25, 25, 95];
    expect(numberItemBins("percent", values, 5)).toEqual([
      { lo: 0, hi: 10, councils: 5 },
      { lo: 10, hi: 100, councils: 6 },
    ]);
  });

  it("shows nothing for 1…k−1 answers", () => {
    expect(numberItemBins("integer", [1, 2, 3, 4], 5)).toEqual([]);
  });

  it("holds 0 or at least k councils in every bin, counts every answer once, and never ends below the top of the scale (no maximum)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("percent" as const, "integer" as const),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 120 }),
        (scale, k, raw) => {
          const values = scale === "percent" ? raw.map((v) => v % 101) : raw;
          const bins = numberItemBins(scale, values, k);
          if (values.length > 0 && values.length < k) {
            expect(bins).toEqual([]);
            return;
          }
          for (const b of bins) expect(b.councils === 0 || b.councils >= k).toBe(true);
          expect(bins.reduce((s, b) => s + b.councils, 0)).toBe(values.length);
          const edges = NUMBER_BIN_EDGES[scale];
          if (bins.length > 0) {
            expect(bins[0]!.lo).toBe(0);
            expect(bins[bins.length - 1]!.hi).toBe(edges[edges.length - 1]);
          }
          for (const v of values) expect(bins.filter((b, i) => v >= b.lo && (i === bins.length - 1 || v < b.hi))).toHaveLength(1);
        },
      ),
    );
  });
});

describe("numberBinLabel", () => {
  it("names bins in words, with an open top bin for counts", () => {
    expect(numberBinLabel({ scale: "percent" }, { lo: 20, hi: 30 })).toBe("20–29%");
    expect(numberBinLabel({ scale: "percent" }, { lo: 90, hi: 100 })).toBe("90–100%");
    expect(numberBinLabel({ scale: "integer" }, { lo: 0, hi: 1 })).toBe("0");
    expect(numberBinLabel({ scale: "integer" }, { lo: 3, hi: 5 })).toBe("3–4");
    expect(numberBinLabel({ scale: "integer" }, { lo: 20, hi: INTEGER_MAX })).toBe("20 or more");
  });
});
