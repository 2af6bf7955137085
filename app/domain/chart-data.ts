import { numberItemBinCounts, type NumberScale } from "./number-items";
import type { Numbers } from "./statistics";

// The staff dashboard's charts, as stored in snapshots (see "Snapshot charts" below). The
// per-council gap bars and TECH × GAP scatter were removed with the snapshots.

const GAP_BANDS = [-100, -50, -25, -10, 0, 10, 25, 50, 100] as const;

/** The councils that have both values, as two columns: council i has x[i] and y[i] (TECH and GAP). */
export interface Pairs {
  x: Numbers;
  y: Numbers;
}

/** The points as two columns. */
export function pairsOf(points: readonly (readonly [number, number])[]): Pairs {
  return { x: points.map((p) => p[0]), y: points.map((p) => p[1]) };
}

/** Pearson's r; null when undefined. */
export function pearson(points: readonly (readonly [number, number])[]): number | null {
  return pearsonOfPairs(pairsOf(points));
}

/** Pearson's r of the pairs (x[i], y[i]); null when undefined. */
export function pearsonOfPairs({ x, y }: Pairs): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

// ---------------------------------------------------------------------------------------------
// Snapshot charts: nothing per council. Every bin holds 0 or at least k councils —
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

// The bin of each value: edges[j] ≤ v < edges[j + 1] (the last bin includes its top); a value
// outside the scale goes to the first bin when below it, else to the last. The bins are disjoint, so
// a bin that holds the value is the only one: with edges at equal steps its number is computed and
// checked, else (or when the check fails) a binary search over the edges finds it.
function countInto(values: Numbers, edges: readonly number[]): MergedBin[] {
  const last = edges.length - 2;
  const counts = new Array<number>(last + 1).fill(0);
  const first = edges[0]!;
  const step = edges[1]! - first;
  let even = true;
  for (let j = 1; j <= last + 1; j++) if (edges[j]! - edges[j - 1]! !== step) even = false;
  const holds = (j: number, v: number) => v >= edges[j]! && (j === last ? v <= edges[j + 1]! : v < edges[j + 1]!);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    let i = even ? Math.floor((v - first) / step) : -1;
    if (!(i >= 0 && i <= last && holds(i, v))) {
      // The largest j ≤ last with edges[j] ≤ v.
      let low = 0;
      let high = last;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (edges[middle]! <= v) low = middle;
        else high = middle - 1;
      }
      i = holds(low, v) ? low : v < first ? 0 : last;
    }
    counts[i]!++;
  }
  return counts.map((councils, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, councils }));
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
  /** Histograms of the number items (BURDEN7, BURDEN8), bins of 0 or ≥ k councils; absent in snapshots cut before number items were summarised. */
  numberItemBins?: Record<string, MergedBin[]>;
  gap: SnapshotGapChart;
  techGap: SnapshotTechGap;
}

/** The bins of a group's charts before merging: they do not depend on k, so a snapshot counts them once for both audiences. */
export interface ChartCounts {
  indexBins: Record<string, MergedBin[]>;
  techBands: MergedBin[];
  gapBands: MergedBin[];
  /** Councils with a positive and a negative gap. */
  positiveGaps: number;
  negativeGaps: number;
  /** Pearson's r between TECH and GAP (shown only when at least k councils have both). */
  techGapR: number | null;
  /** The number items' histograms before merging. */
  numberItemBins: Record<string, MergedBin[]>;
}

/**
 * What a group's charts hold before merging small bins: none of it depends on k, so a snapshot
 * counts it once per group for both audiences. `techVsGap`: TECH and GAP of the councils with both.
 */
export function countChartBins(
  indexValues: Record<string, Numbers>,
  techVsGap: Pairs,
  gaps: Numbers,
  numberItems: Record<string, { scale: NumberScale; values: readonly number[] }> = {},
): ChartCounts {
  let positiveGaps = 0;
  let negativeGaps = 0;
  for (let i = 0; i < gaps.length; i++) {
    const g = gaps[i]!;
    if (g > 0) positiveGaps++;
    else if (g < 0) negativeGaps++;
  }
  return {
    indexBins: Object.fromEntries(Object.entries(indexValues).map(([code, values]) => [code, countInto(values, TENTHS)])),
    techBands: countInto(techVsGap.x, [0, 25, 50, 75, 100]),
    gapBands: countInto(gaps, [...GAP_BANDS]),
    positiveGaps,
    negativeGaps,
    techGapR: pearsonOfPairs(techVsGap),
    numberItemBins: Object.fromEntries(Object.entries(numberItems).map(([id, { scale, values }]) => [id, numberItemBinCounts(scale, values)])),
  };
}

/** The charts of one group from its councils' values, binned for disclosure at threshold k (`counts`: the same values' countChartBins, when already counted). */
export function snapshotCharts(
  indexValues: Record<string, Numbers>,
  techVsGap: Pairs,
  gaps: Numbers,
  k: number,
  numberItems: Record<string, { scale: NumberScale; values: readonly number[] }> = {},
  counts: ChartCounts = countChartBins(indexValues, techVsGap, gaps, numberItems),
): SnapshotCharts {
  const indexBins = Object.fromEntries(Object.entries(counts.indexBins).map(([code, bins]) => [code, mergeSmallBins(bins, k)]));
  const positive = counts.positiveGaps;
  const negative = counts.negativeGaps;
  const even = gaps.length - positive - negative;
  const small = [positive, negative, even].some((n) => n > 0 && n < k);
  const { x: tech, y: gap } = techVsGap;
  // Each council's GAP added to its TECH band's total, in the councils' order, in one pass.
  const merged = mergeSmallBins(counts.techBands, k);
  const totals = merged.map(() => 0);
  const inBand = merged.map(() => 0);
  const last = merged.length - 1;
  for (let p = 0; p < tech.length; p++) {
    const t = tech[p]!;
    for (let b = 0; b <= last; b++) {
      if (t >= merged[b]!.lo && (b === last ? t <= merged[b]!.hi : t < merged[b]!.hi)) {
        totals[b]! += gap[p]!;
        inBand[b]!++;
        break;
      }
    }
  }
  const techBands = merged.map((band, b) => ({ ...band, meanGap: inBand[b]! >= k ? totals[b]! / inBand[b]! : null }));
  return {
    indexBins,
    gap: {
      councils: gaps.length,
      positive: small ? null : positive,
      negative: small ? null : negative,
      even: small ? null : even,
      bands: mergeSmallBins(counts.gapBands, k),
    },
    techGap: { councils: tech.length, r: tech.length >= k ? counts.techGapR : null, bands: techBands },
    numberItemBins: Object.fromEntries(Object.entries(counts.numberItemBins).map(([id, bins]) => [id, mergeSmallBins(bins, k)])),
  };
}

/**
 * The biggest bin in words: "most councils (40 of 63) score 30–40" only when it holds more than
 * half of them, otherwise "the largest group of councils (10 of 63) scores 30–40"; null with no
 * councils. Ties go to the lower bin.
 */
export function largestBinWords(
  bins: readonly MergedBin[],
  label: (bin: MergedBin) => string,
  verb: { one: string; many: string } = { one: "scores", many: "score" },
): string | null {
  const total = bins.reduce((s, b) => s + b.councils, 0);
  if (total === 0) return null;
  const top = bins.reduce((best, b) => (b.councils > best.councils ? b : best));
  return 2 * top.councils > total
    ? `most councils (${top.councils} of ${total}) ${verb.many} ${label(top)}`
    : `the largest group of councils (${top.councils} of ${total}) ${verb.one} ${label(top)}`;
}
