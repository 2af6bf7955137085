// What the two per-council charts of the staff dashboard draw, reduced on the server so that a
// wave of tens of thousands of responses renders as fast as one of 400: the sorted gap
// bars become at most MAX_GAP_BARS bars, each the median of an equal run of councils, and the
// TECH × GAP scatter becomes a grid of counted cells when there are more than MAX_SCATTER_POINTS
// points. The tables beside each chart are counted from every council, never from the reduction.

/** Above this many councils each gap bar stands for a run of councils (the bars stay readable at 720 px). */
export const MAX_GAP_BARS = 400;
/** Above this many points the scatter is drawn as a grid of counted cells. */
export const MAX_SCATTER_POINTS = 1000;
/** Grid cells of the binned scatter (20 × 20): TECH in steps of 5 points, GAP in steps of 10 points; TECH takes few distinct values, so finer cells leave empty stripes. */
export const SCATTER_TECH_STEP = 5;
export const SCATTER_GAP_STEP = 10;
/** Means of a TECH band under this many councils are withheld in the table, as elsewhere on the page. */
export const SCATTER_BAND_MIN = 5;

const GAP_BANDS = [-100, -50, -25, -10, 0, 10, 25, 50, 100] as const;

export interface GapChartData {
  councils: number;
  /** Councils with LTC > PCT, LTC < PCT and LTC = PCT. */
  positive: number;
  negative: number;
  even: number;
  /** How many councils' gaps fall in each band; the last band includes 100. */
  bands: { label: string; councils: number }[];
  /** Bar heights in ascending order: each council's gap, or the median gap of each run of councils. */
  bars: number[];
  /** Councils per bar: 1, or the (possibly fractional) run length when the bars are medians. */
  councilsPerBar: number;
}

function median(sorted: readonly number[], from: number, to: number): number {
  const n = to - from;
  const mid = from + Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The gap chart of a set of councils' gaps (LTC − PCT, −100 to 100), in any order. */
export function gapChartData(gaps: readonly number[], maxBars: number = MAX_GAP_BARS): GapChartData {
  if (!Number.isInteger(maxBars) || maxBars < 1) throw new RangeError("maxBars must be a positive whole number");
  const sorted = [...gaps].sort((a, b) => a - b);
  const n = sorted.length;
  const bands = GAP_BANDS.slice(0, -1).map((lo, i) => {
    const hi = GAP_BANDS[i + 1] as number;
    const last = i === GAP_BANDS.length - 2;
    return {
      label: `${lo} to under ${last ? "100 (incl.)" : hi}`,
      councils: sorted.filter((v) => v >= lo && (last ? v <= hi : v < hi)).length,
    };
  });
  let bars: number[];
  if (n <= maxBars) bars = sorted;
  else {
    bars = [];
    for (let i = 0; i < maxBars; i++) bars.push(median(sorted, Math.floor((i * n) / maxBars), Math.floor(((i + 1) * n) / maxBars)));
  }
  return {
    councils: n,
    positive: sorted.filter((g) => g > 0).length,
    negative: sorted.filter((g) => g < 0).length,
    even: sorted.filter((g) => g === 0).length,
    bands,
    bars,
    councilsPerBar: n <= maxBars ? 1 : n / maxBars,
  };
}

export interface ScatterCell {
  /** Lower edges of the cell: TECH from tech to tech + SCATTER_TECH_STEP, GAP from gap to gap + SCATTER_GAP_STEP. */
  tech: number;
  gap: number;
  councils: number;
}

export interface TechGapData {
  councils: number;
  /** Pearson's r between TECH and GAP; null when undefined (fewer than 3 points or no spread). */
  r: number | null;
  /** Councils and mean GAP per quarter of the TECH scale; the mean is null under SCATTER_BAND_MIN councils. */
  quarters: { label: string; councils: number; meanGap: number | null }[];
  marks: { kind: "points"; points: [tech: number, gap: number][] } | { kind: "cells"; cells: ScatterCell[]; maxCouncils: number };
}

/** Pearson's r; null when undefined. */
export function pearson(points: readonly (readonly [number, number])[]): number | null {
  const n = points.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (const [a, b] of points) {
    mx += a;
    my += b;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [a, b] of points) {
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Which step-wide cell a value falls in, with the top of the scale in the last cell. */
function cellStart(value: number, min: number, max: number, step: number): number {
  const cells = Math.round((max - min) / step);
  const index = Math.min(cells - 1, Math.max(0, Math.floor((value - min) / step)));
  return min + index * step;
}

/** The TECH × GAP chart of a set of councils' (TECH 0–100, GAP −100–100) pairs. */
export function techGapData(points: readonly (readonly [number, number])[], maxPoints: number = MAX_SCATTER_POINTS): TechGapData {
  const quarters = [0, 25, 50, 75].map((lo) => {
    const inBand = points.filter(([t]) => t >= lo && (lo === 75 ? t <= 100 : t < lo + 25));
    return {
      label: `${lo} to ${lo === 75 ? "100" : `under ${lo + 25}`}`,
      councils: inBand.length,
      meanGap: inBand.length >= SCATTER_BAND_MIN ? inBand.reduce((s, p) => s + p[1], 0) / inBand.length : null,
    };
  });
  const sorted = [...points].map((p): [number, number] => [p[0], p[1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let marks: TechGapData["marks"];
  if (sorted.length <= maxPoints) marks = { kind: "points", points: sorted };
  else {
    const counts = new Map<string, ScatterCell>();
    for (const [t, g] of sorted) {
      const tech = cellStart(t, 0, 100, SCATTER_TECH_STEP);
      const gap = cellStart(g, -100, 100, SCATTER_GAP_STEP);
      const key = `${tech}:${gap}`;
      const cell = counts.get(key);
      if (cell) cell.councils++;
      else counts.set(key, { tech, gap, councils: 1 });
    }
    const cells = [...counts.values()].sort((a, b) => a.tech - b.tech || a.gap - b.gap);
    marks = { kind: "cells", cells, maxCouncils: Math.max(...cells.map((c) => c.councils)) };
  }
  return { councils: points.length, r: pearson(points), quarters, marks };
}

export interface DashboardCharts {
  /** Per index, councils in each tenth of 0–100 (the last bin includes 100). */
  indexBins: Record<string, number[]>;
  gap: GapChartData;
  techGap: TechGapData;
}

/** The dashboard's chart data from the per-council points of a wave summary. */
export function dashboardCharts<Bins extends Record<string, number[]>>(points: {
  indexBins: Bins;
  gaps: readonly number[];
  techVsGap: readonly (readonly [number, number])[];
}): DashboardCharts & { indexBins: Bins } {
  return { indexBins: points.indexBins, gap: gapChartData(points.gaps), techGap: techGapData(points.techVsGap) };
}

// ---------------------------------------------------------------------------------------------
// Snapshot charts (issue 13): nothing per council. Every bin holds 0 or at least k councils —
// a bin under k is merged with its neighbour — and there are no per-council bars or points, no
// minimum and no maximum.

export interface MergedBin {
  /** Lower edge (inclusive). */
  lo: number;
  /** Upper edge (exclusive, except the last bin, which includes the top of the scale). */
  hi: number;
  councils: number;
}

/**
 * Merges adjacent bins, left to right, until each holds at least k councils; a short remainder at
 * the top joins the bin below it. Empty bins stay only where they do not need merging (a run of
 * empty bins between two full ones joins the next bin). Every result holds 0 or ≥ k councils;
 * when the total is 1…k−1 there are no bins at all (the figure is withheld).
 */
export function mergeSmallBins(bins: readonly MergedBin[], k: number): MergedBin[] {
  const total = bins.reduce((sum, b) => sum + b.councils, 0);
  if (total > 0 && total < k) return [];
  const out: MergedBin[] = [];
  let current: MergedBin | null = null;
  for (const bin of bins) {
    current = current ? { lo: current.lo, hi: bin.hi, councils: current.councils + bin.councils } : { ...bin };
    if (current.councils >= k) {
      out.push(current);
      current = null;
    }
  }
  if (current) {
    const last = out.pop();
    out.push(last ? { lo: last.lo, hi: current.hi, councils: last.councils + current.councils } : current);
  }
  return out;
}

function countInto(values: readonly number[], edges: readonly number[]): MergedBin[] {
  const bins = edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1] as number, councils: 0 }));
  for (const v of values) {
    let i = bins.findIndex((b, j) => v >= b.lo && (j === bins.length - 1 ? v <= b.hi : v < b.hi));
    if (i < 0) i = v < (edges[0] as number) ? 0 : bins.length - 1;
    bins[i]!.councils++;
  }
  return bins;
}

const TENTHS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

export interface SnapshotGapChart {
  councils: number;
  /** Councils with a positive, negative and zero gap; all three null when any is 1…k−1. */
  positive: number | null;
  negative: number | null;
  even: number | null;
  bands: MergedBin[];
}

export interface SnapshotTechGap {
  councils: number;
  /** Pearson's r between TECH and GAP over the group; null when undefined. */
  r: number | null;
  /** Councils and mean GAP per band of TECH (quarters, merged until each holds ≥ k councils). */
  bands: (MergedBin & { meanGap: number | null })[];
}

export interface SnapshotCharts {
  indexBins: Record<string, MergedBin[]>;
  gap: SnapshotGapChart;
  techGap: SnapshotTechGap;
}

/** The charts of one group from its councils' values, binned for disclosure at threshold k. */
export function snapshotCharts(indexValues: Record<string, readonly number[]>, techVsGap: readonly (readonly [number, number])[], gaps: readonly number[], k: number): SnapshotCharts {
  const indexBins = Object.fromEntries(Object.entries(indexValues).map(([code, values]) => [code, mergeSmallBins(countInto(values, TENTHS), k)]));
  const positive = gaps.filter((g) => g > 0).length;
  const negative = gaps.filter((g) => g < 0).length;
  const even = gaps.length - positive - negative;
  const small = [positive, negative, even].some((n) => n > 0 && n < k);
  const techBands = mergeSmallBins(countInto(techVsGap.map((p) => p[0]), [0, 25, 50, 75, 100]), k).map((band, i, all) => {
    const inBand = techVsGap.filter(([t]) => t >= band.lo && (i === all.length - 1 ? t <= band.hi : t < band.hi));
    return { ...band, meanGap: inBand.length >= k ? inBand.reduce((s, p) => s + p[1], 0) / inBand.length : null };
  });
  return {
    indexBins,
    gap: {
      councils: gaps.length,
      positive: small ? null : positive,
      negative: small ? null : negative,
      even: small ? null : even,
      bands: mergeSmallBins(countInto(gaps, [...GAP_BANDS]), k),
    },
    techGap: { councils: techVsGap.length, r: techVsGap.length >= k ? pearson(techVsGap) : null, bands: techBands },
  };
}
