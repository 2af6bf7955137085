import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largestBinWords, mergeSmallBins, pairsOf, snapshotCharts } from "./chart-data";

describe("binned charts (nothing per council)", () => {
  it("property: merged bins hold 0 or ≥ k councils, cover the scale without gaps and keep the total", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 2, max: 10 }), (counts, k) => {
        const bins = counts.map((councils, i) => ({ lo: i * 10, hi: i * 10 + 10, councils }));
        const merged = mergeSmallBins(bins, k);
        const total = counts.reduce((a, b) => a + b, 0);
        if (total > 0 && total < k) {
          expect(merged).toEqual([]);
          return;
        }
        for (const b of merged) expect(b.councils === 0 || b.councils >= k).toBe(true);
        expect(merged.reduce((a, b) => a + b.councils, 0)).toBe(total);
        expect(merged[0]?.lo).toBe(0);
        expect(merged[merged.length - 1]?.hi).toBe(counts.length * 10);
        for (let i = 1; i < merged.length; i++) expect(merged[i]!.lo).toBe(merged[i - 1]!.hi);
      }),
    );
  });

  it("property: snapshot charts carry no bin, band or split under k, and no per-council list", () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -100, max: 100 }));
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), fc.integer({ min: 2, max: 10 }), (points, k) => {
        const charts = snapshotCharts(
          { TECH: points.map((p) => p[0]) },
          pairsOf(points),
          points.map((p) => p[1]),
          k,
        );
        const small = (n: number | null) => n !== null && n > 0 && n < k;
        for (const b of [...charts.indexBins.TECH!, ...charts.gap.bands, ...charts.techGap.bands]) expect(small(b.councils)).toBe(false);
        for (const n of [charts.gap.positive, charts.gap.negative, charts.gap.even]) expect(small(n)).toBe(false);
        expect(JSON.stringify(charts)).not.toMatch(/"(bars|points|cells|min|max)"/);
      }),
    );
  });
});

describe("largestBinWords", () => {
  const label = (b: { lo: number; hi: number }) => `${b.lo} to ${b.hi}`;
  it("says “most” only when the biggest bin holds more than half of the councils", () => {
    const bins = [
      { lo: 0, hi: 30, councils: 20 },
      { lo: 30, hi: 40, councils: 10 },
      { lo: 40, hi: 100, councils: 33 },
    ];
    expect(largestBinWords(bins, label)).toBe("most councils (33 of 63) score 40 to 100");
    bins[2]!.councils = 15;
    expect(largestBinWords(bins, label)).toBe("the largest group of councils (20 of 45) scores 0 to 30");
  });

  it("does not call exactly half “most”, breaks ties to the lower bin, and says nothing of no councils", () => {
    expect(
      largestBinWords(
        [
          { lo: 0, hi: 50, councils: 5 },
          { lo: 50, hi: 100, councils: 5 },
        ],
        label,
      ),
    ).toBe("the largest group of councils (5 of 10) scores 0 to 50");
    expect(largestBinWords([{ lo: 0, hi: 100, councils: 0 }], label)).toBeNull();
    expect(largestBinWords([], label)).toBeNull();
  });

  it("property: “most” exactly when the biggest bin holds more than half", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 10 }), (counts) => {
        const bins = counts.map((councils, i) => ({ lo: i * 10, hi: i * 10 + 10, councils }));
        const total = counts.reduce((a, b) => a + b, 0);
        const words = largestBinWords(bins, label);
        if (total === 0) expect(words).toBeNull();
        else expect(words!.startsWith("most ")).toBe(2 * Math.max(...counts) > total);
      }),
    );
  });
});
