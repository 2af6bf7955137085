import { describe as group, expect, it } from "vitest";
import { cronbachAlpha, describe, pairedGap, pairedGapFromPairs } from "./statistics";

// docs/instrument.md, "Reference values for tests".
const LTC = [60, 45, 70, 55, 40, 65, 50, 75, 35, 60, 55, 45];
const PCT = [40, 50, 45, 30, 40, 35, 55, 40, 30, 45, 50, 40];
const GAP = LTC.map((value, index) => value - (PCT[index] as number));

group("describe", () => {
  it("gives the reference mean and 95% t interval of the GAP", () => {
    const result = describe(GAP);
    expect(result.n).toBe(12);
    expect(result.mean).toBeCloseTo(12.9167, 4);
    expect(result.ci95?.[0]).toBeCloseTo(4.09, 4);
    expect(result.ci95?.[1]).toBeCloseTo(21.7433, 4);
    expect(result.median).toBe(10);
  });

  it("gives all figures as null for no values", () => {
    expect(describe([])).toEqual({ n: 0, mean: null, sd: null, median: null, ci95: null });
  });

  it("gives the value as mean and median of one value, with no SD or interval", () => {
    expect(describe([42])).toEqual({ n: 1, mean: 42, sd: null, median: 42, ci95: null });
  });

  it("uses the n − 1 sample SD and t with 1 degree of freedom for two values", () => {
    const result = describe([1, 3]);
    expect(result.mean).toBe(2);
    expect(result.sd).toBeCloseTo(Math.SQRT2, 12);
    // t(0.975, 1) = 12.7062047..., s/√n = 1.
    expect(result.ci95?.[0]).toBeCloseTo(2 - 12.7062047362, 8);
    expect(result.ci95?.[1]).toBeCloseTo(2 + 12.7062047362, 8);
  });

  it("takes the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(describe([9, 1, 5]).median).toBe(5);
    expect(describe([9, 1, 5, 2]).median).toBe(3.5);
  });

  it("gives an SD of 0 and a zero-width interval when every value is the same", () => {
    const result = describe([50, 50, 50]);
    expect(result.sd).toBe(0);
    expect(result.ci95).toEqual([50, 50]);
  });

  it("agrees with SciPy on a data set with ties", () => {
    // Expected values from SciPy 1.17.1 / NumPy 2.4.6: np.mean, np.std(ddof=1), np.median,
    // scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=scipy.stats.sem(x)).
    const result = describe([62.5, 50, 75, 50, 43.75, 100, 0, 68.75, 50]);
    expect(result.mean).toBeCloseTo(55.55555555555556, 10);
    expect(result.sd).toBeCloseTo(27.14336295999038, 10);
    expect(result.median).toBe(50);
    expect(result.ci95?.[0]).toBeCloseTo(34.691319812527084, 10);
    expect(result.ci95?.[1]).toBeCloseTo(76.41979129858403, 10);
  });

  it("refuses values that are not finite numbers", () => {
    expect(() => describe([1, Number.NaN])).toThrow(RangeError);
    expect(() => describe([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

group("cronbachAlpha", () => {
  it("matches a hand-computed α for two items", () => {
    // Items (1,2,3) and (1,3,2) each have variance 1; totals (2,5,5) have variance 3.
    // α = 2/1 · (1 − 2/3) = 2/3.
    const result = cronbachAlpha([
      [1, 1],
      [2, 3],
      [3, 2],
    ]);
    expect(result.n).toBe(3);
    expect(result.alpha).toBeCloseTo(2 / 3, 12);
  });

  it("counts an item with zero variance as contributing no item variance", () => {
    // Item variances 1, 1, 0; totals (7,10,10) have variance 3; α = 3/2 · (1 − 2/3) = 0.5.
    const result = cronbachAlpha([
      [1, 1, 5],
      [2, 3, 5],
      [3, 2, 5],
    ]);
    expect(result.alpha).toBeCloseTo(0.5, 12);
  });

  it("gives 1 for items that move in perfect step", () => {
    expect(
      cronbachAlpha([
        [0, 0],
        [25, 25],
        [100, 100],
      ]).alpha,
    ).toBeCloseTo(1, 12);
  });

  it("agrees with an independent NumPy computation on rescaled L5 items", () => {
    // Expected α from NumPy 2.4.6: k/(k−1)·(1 − Σ np.var(items, ddof=1) / np.var(totals, ddof=1)).
    const rows = [
      [75, 50, 75, 100, 50],
      [25, 25, 50, 25, 0],
      [50, 75, 50, 50, 75],
      [100, 75, 100, 75, 75],
      [0, 25, 25, 0, 50],
      [50, 50, 25, 75, 50],
    ];
    expect(cronbachAlpha(rows).alpha).toBeCloseTo(0.8859536082474226, 12);
  });

  it("gives no α for fewer than two responses", () => {
    expect(cronbachAlpha([])).toEqual({ alpha: null, n: 0 });
    expect(cronbachAlpha([[1, 2, 3]])).toEqual({ alpha: null, n: 1 });
  });

  it("gives no α for a single item", () => {
    expect(cronbachAlpha([[1], [2], [3]])).toEqual({ alpha: null, n: 3 });
  });

  it("gives no α when every response has the same total", () => {
    expect(
      cronbachAlpha([
        [50, 50],
        [50, 50],
      ]).alpha,
    ).toBeNull();
    expect(
      cronbachAlpha([
        [25, 75],
        [75, 25],
      ]).alpha,
    ).toBeNull();
  });

  it("refuses rows with different numbers of items", () => {
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(RangeError);
  });
});

group("pairedGap", () => {
  it("gives the reference mean, interval, W⁺ and p for the GAP", () => {
    const result = pairedGap(GAP);
    expect(result.n).toBe(12);
    expect(result.meanDiff).toBeCloseTo(12.9167, 4);
    expect(result.ci95?.[0]).toBeCloseTo(4.09, 4);
    expect(result.ci95?.[1]).toBeCloseTo(21.7433, 4);
    expect(result.nNonZero).toBe(11);
    expect(result.wPlus).toBe(60);
    expect(result.p).toBeCloseTo(0.01727, 5);
    // SciPy 1.17.1 wilcoxon(LTC, PCT, zero_method="wilcox", correction=True, method="approx"):
    // pvalue 0.017267088089972953, zstatistic −2.380970640456628 (SciPy reports −|z|).
    expect(result.p).toBeCloseTo(0.017267088089972953, 12);
    expect(result.z).toBeCloseTo(2.380970640456628, 12);
  });

  it("gives the median and the shares of negative, zero and positive gaps out of all pairs", () => {
    const result = pairedGap(GAP);
    expect(result.medianDiff).toBe(10);
    expect(result.shareNegative).toBeCloseTo(2 / 12, 12);
    expect(result.shareZero).toBeCloseTo(1 / 12, 12);
    expect(result.sharePositive).toBeCloseTo(9 / 12, 12);
  });

  it("gives tied absolute differences their average rank", () => {
    // |d| of the non-zero d = 1, 1, 2, 2, 3 → ranks 1.5, 1.5, 3.5, 3.5, 5.
    // W⁺ = 1.5 + 3.5 + 3.5 = 8.5; E = 5·6/4 = 7.5; σ² = 5·6·11/24 − (6 + 6)/48 = 13.5;
    // z = (8.5 − 7.5 − 0.5)/√13.5 = 0.136083; SciPy 1.17.1 gives p = 0.8917558535067943.
    const result = pairedGap([1, -1, 2, 2, -3, 0]);
    expect(result.nNonZero).toBe(5);
    expect(result.wPlus).toBe(8.5);
    expect(result.z).toBeCloseTo(0.5 / Math.sqrt(13.5), 12);
    expect(result.p).toBeCloseTo(0.8917558535067943, 12);
  });

  it("drops zero differences from the test but keeps them in the shares", () => {
    // SciPy 1.17.1: W⁺ = 13.5, p = 0.13441657417036018, |z| = 1.4969103983674978.
    const result = pairedGap([0, 0, 0, 1, 2, -1, 3, 3]);
    expect(result.n).toBe(8);
    expect(result.nNonZero).toBe(5);
    expect(result.shareZero).toBeCloseTo(3 / 8, 12);
    expect(result.wPlus).toBe(13.5);
    expect(result.z).toBeCloseTo(1.4969103983674978, 12);
    expect(result.p).toBeCloseTo(0.13441657417036018, 12);
  });

  it("gives no test when every difference is zero", () => {
    const result = pairedGap([0, 0, 0]);
    expect(result).toMatchObject({
      n: 3,
      meanDiff: 0,
      ci95: [0, 0],
      medianDiff: 0,
      shareNegative: 0,
      shareZero: 1,
      sharePositive: 0,
      nNonZero: 0,
      wPlus: null,
      z: null,
      p: null,
    });
  });

  it("gives null figures and no test for no pairs", () => {
    expect(pairedGap([])).toEqual({
      n: 0,
      meanDiff: null,
      ci95: null,
      medianDiff: null,
      shareNegative: null,
      shareZero: null,
      sharePositive: null,
      nNonZero: 0,
      wPlus: null,
      z: null,
      p: null,
    });
  });

  it("gives p = 1 and no interval for a single pair", () => {
    // W⁺ − E = ±0.5 is cancelled exactly by the continuity correction.
    expect(pairedGap([4])).toMatchObject({ n: 1, meanDiff: 4, ci95: null, wPlus: 1, z: 0, p: 1 });
    expect(pairedGap([-4])).toMatchObject({ wPlus: 0, z: 0, p: 1 });
  });

  it("gives z = 0 and p = 1 when W⁺ equals its expectation", () => {
    expect(pairedGap([5, -5])).toMatchObject({ wPlus: 1.5, z: 0, p: 1 });
  });

  it("flips the sign of z and keeps p when every difference is negated", () => {
    const forward = pairedGap(GAP);
    const backward = pairedGap(GAP.map((d) => -d));
    expect(backward.wPlus).toBe((11 * 12) / 2 - 60);
    expect(backward.z).toBeCloseTo(-(forward.z as number), 12);
    expect(backward.p).toBeCloseTo(forward.p as number, 12);
  });
});

group("pairedGapFromPairs", () => {
  it("keeps only councils with both values", () => {
    const result = pairedGapFromPairs([60, null, 70, 40, 55], [40, 50, null, 40, null]);
    expect(result.n).toBe(2);
    expect(result.meanDiff).toBe(10);
    expect(result.shareZero).toBe(0.5);
  });

  it("gives the reference figures from the LTC and PCT columns", () => {
    const result = pairedGapFromPairs(LTC, PCT);
    expect(result.wPlus).toBe(60);
    expect(result.p).toBeCloseTo(0.0173, 4);
  });

  it("refuses columns of different lengths", () => {
    expect(() => pairedGapFromPairs([1, 2], [1])).toThrow(RangeError);
  });
});
