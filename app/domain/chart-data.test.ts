import { describe, expect, it } from "vitest";
import { MAX_GAP_BARS, MAX_SCATTER_POINTS, dashboardCharts, gapChartData, pearson, techGapData } from "./chart-data";

describe("gapChartData", () => {
  it("keeps one bar per council, sorted, when there are few councils", () => {
    const data = gapChartData([10, -20, 0, 100, -100, 5]);
    expect(data.bars).toEqual([-100, -20, 0, 5, 10, 100]);
    expect(data.councilsPerBar).toBe(1);
    expect(data).toMatchObject({ councils: 6, positive: 3, negative: 2, even: 1 });
  });

  it("counts every council into the bands, with 100 in the last band and each lower edge inside its band", () => {
    const data = gapChartData([-100, -50, -25.5, -10, -0.5, 0, 9.99, 10, 25, 50, 100]);
    expect(data.bands.map((b) => b.councils)).toEqual([1, 2, 0, 2, 2, 1, 1, 2]);
    expect(data.bands[0]!.label).toBe("-100 to under -50");
    expect(data.bands.at(-1)!.label).toBe("50 to under 100 (incl.)");
    expect(data.bands.reduce((s, b) => s + b.councils, 0)).toBe(11);
  });

  it("turns many councils into runs of equal length, each bar the median of its run", () => {
    const gaps = Array.from({ length: 8 }, (_, i) => i * 10); // 0,10,…,70
    const data = gapChartData(gaps, 4);
    expect(data.bars).toEqual([5, 25, 45, 65]);
    expect(data.councilsPerBar).toBe(2);
    const odd = gapChartData([1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
    expect(odd.bars).toEqual([2, 5, 8]);
  });

  it("keeps the shape of a large wave in at most MAX_GAP_BARS bars, ascending, with exact counts", () => {
    const gaps = Array.from({ length: 25_907 }, (_, i) => Math.round(((i * 7919) % 201) - 100));
    const data = gapChartData(gaps);
    expect(data.bars).toHaveLength(MAX_GAP_BARS);
    expect(data.councilsPerBar).toBeCloseTo(25_907 / MAX_GAP_BARS, 10);
    for (let i = 1; i < data.bars.length; i++) expect(data.bars[i]!).toBeGreaterThanOrEqual(data.bars[i - 1]!);
    expect(data.bars[0]).toBe(-100);
    expect(data.bars.at(-1)).toBe(100);
    expect(data.positive + data.negative + data.even).toBe(25_907);
    expect(data.bands.reduce((s, b) => s + b.councils, 0)).toBe(25_907);
  });

  it("does not reorder its input and handles no councils", () => {
    const gaps = [3, 1, 2];
    gapChartData(gaps);
    expect(gaps).toEqual([3, 1, 2]);
    expect(gapChartData([])).toMatchObject({ councils: 0, bars: [], councilsPerBar: 1 });
    expect(() => gapChartData([1], 0)).toThrow(RangeError);
  });
});

describe("pearson", () => {
  it("is 1, −1 and undefined where it should be", () => {
    expect(pearson([[0, 0], [1, 2], [2, 4]])).toBeCloseTo(1, 12);
    expect(pearson([[0, 4], [1, 2], [2, 0]])).toBeCloseTo(-1, 12);
    expect(pearson([[0, 1], [1, 1], [2, 1]])).toBeNull();
    expect(pearson([[0, 1], [1, 2]])).toBeNull();
  });

  it("matches a hand-worked value", () => {
    // x = 1..5, y = 2,4,5,4,5: sxy = 6, sxx = 10, syy = 6 → r = 6 / √60
    expect(pearson([[1, 2], [2, 4], [3, 5], [4, 4], [5, 5]])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });
});

describe("techGapData", () => {
  it("draws each council as a point when there are few, and counts the TECH quarters", () => {
    const points: [number, number][] = [[80, 10], [10, -5], [30, 0], [100, 20], [75, 30], [76, 40], [77, 50], [78, 60]];
    const data = techGapData(points);
    expect(data.marks).toEqual({ kind: "points", points: [[10, -5], [30, 0], [75, 30], [76, 40], [77, 50], [78, 60], [80, 10], [100, 20]] });
    expect(data.quarters.map((q) => q.councils)).toEqual([1, 1, 0, 6]);
    expect(data.quarters[0]!.meanGap).toBeNull(); // under five councils
    expect(data.quarters[3]!.meanGap).toBeCloseTo((30 + 40 + 50 + 60 + 10 + 20) / 6, 12);
    expect(data.quarters[3]!.label).toBe("75 to 100");
  });

  it("bins many points into cells whose counts add up, with the scale's top in the last cell", () => {
    const points: [number, number][] = Array.from({ length: MAX_SCATTER_POINTS + 1 }, (_, i) => [i % 2 === 0 ? 100 : 1, i % 2 === 0 ? 100 : -100]);
    const data = techGapData(points);
    expect(data.marks.kind).toBe("cells");
    if (data.marks.kind !== "cells") return;
    expect(data.marks.cells).toEqual([
      { tech: 0, gap: -100, councils: 500 },
      { tech: 95, gap: 90, councils: 501 },
    ]);
    expect(data.marks.maxCouncils).toBe(501);
    expect(data.councils).toBe(MAX_SCATTER_POINTS + 1);
    expect(data.r).toBeCloseTo(1, 12);
  });

  it("puts a value on a cell edge in the upper cell", () => {
    const data = techGapData([[5, 10], [4.9, 9.9]], 1);
    expect(data.marks).toEqual({ kind: "cells", cells: [{ tech: 0, gap: 0, councils: 1 }, { tech: 5, gap: 10, councils: 1 }], maxCouncils: 1 });
  });
});

describe("dashboardCharts", () => {
  it("passes the index bins through and reduces the per-council points", () => {
    const charts = dashboardCharts({ indexBins: { TECH: [1, 2] }, gaps: [1, -1], techVsGap: [[50, 1]] });
    expect(charts.indexBins).toEqual({ TECH: [1, 2] });
    expect(charts.gap.councils).toBe(2);
    expect(charts.techGap.councils).toBe(1);
  });
});
