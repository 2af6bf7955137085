// Summaries of the number items (scales `percent` and `integer`: BURDEN7, BURDEN8 in version 1).
// Per group: n, median, quartiles (R's type 7, as the benchmark report), the mean, and a histogram
// whose bins each hold 0 or at least k councils (decision 058). Never a minimum, a maximum or a
// list of values: the top bin of an integer item is open ("50 or more").

import { quartilesType7 } from "./benchmark-figures";
import { mergeSmallBins, type MergedBin } from "./chart-data";
import { INTEGER_MAX, PERCENT_MAX, type Item, type ScaleKind } from "./instrument";

export type NumberScale = Extract<ScaleKind, "percent" | "integer">;

export function isNumberScale(scale: ScaleKind): scale is NumberScale {
  return scale === "percent" || scale === "integer";
}

/** The summary cell of a number item (before disclosure control). */
export interface NumberItemFigures {
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  mean: number | null;
}

/** n, median, Q1, Q3 (R type 7) and mean of the answers; the figures are null when there are none. */
export function numberItemFigures(values: readonly number[]): NumberItemFigures {
  const quartiles = quartilesType7(values);
  const mean = values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
  return { n: values.length, median: quartiles?.median ?? null, q1: quartiles?.q1 ?? null, q3: quartiles?.q3 ?? null, mean };
}

/**
 * The stored answers of a number item as numbers: each (value, count) from the item counts
 * expanded; values that are not whole numbers (never stored, but an import could) are skipped.
 */
export function numberValues(counts: readonly { value: string; n: number }[]): number[] {
  const out: number[] = [];
  for (const { value, n } of counts) {
    if (!/^[0-9]+$/.test(value)) continue;
    const v = Number(value);
    for (let i = 0; i < n; i++) out.push(v);
  }
  return out;
}

/**
 * Starting bins before merging. percent: tenths, [0, 10) … [90, 100]. integer (returns a year):
 * 0, 1, 2, 3–4, 5–9, 10–14, 15–19, 20–29, 30–49 and 50 or more. Lower edges inclusive, upper
 * exclusive except the last.
 */
export const NUMBER_BIN_EDGES: Record<NumberScale, readonly number[]> = {
  percent: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, PERCENT_MAX],
  integer: [0, 1, 2, 3, 5, 10, 15, 20, 30, 50, INTEGER_MAX],
};

/** The histogram of a number item: the starting bins, merged with their neighbours until each holds 0 or ≥ k councils (none when 1…k−1 answered). */
export function numberItemBins(scale: NumberScale, values: readonly number[], k: number): MergedBin[] {
  return mergeSmallBins(numberItemBinCounts(scale, values), k);
}

/** The starting bins of a number item's histogram with their councils, before merging (they do not depend on k). */
export function numberItemBinCounts(scale: NumberScale, values: readonly number[]): MergedBin[] {
  const edges = NUMBER_BIN_EDGES[scale];
  const bins = edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1]!, councils: 0 }));
  for (const v of values) {
    const i = bins.findIndex((b, j) => v >= b.lo && (j === bins.length - 1 || v < b.hi));
    bins[i < 0 ? 0 : i]!.councils++;
  }
  return bins;
}

/** A bin in words: "20–29%", "3–4", "50 or more", "0". */
export function numberBinLabel(item: Pick<Item, "scale">, bin: Pick<MergedBin, "lo" | "hi">): string {
  if (item.scale === "percent") return bin.hi >= PERCENT_MAX ? `${bin.lo}–${PERCENT_MAX}%` : `${bin.lo}–${bin.hi - 1}%`;
  if (bin.hi >= INTEGER_MAX) return `${bin.lo} or more`;
  return bin.hi - 1 === bin.lo ? String(bin.lo) : `${bin.lo}–${bin.hi - 1}`;
}
