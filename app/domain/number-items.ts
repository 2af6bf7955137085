// Summaries of the number items (scales `percent` and `integer`: BURDEN7, BURDEN8 in version 1).
// Per group: n, median, quartiles (R's type 7, as the benchmark report), the mean, and a histogram
// whose bins each hold 0 or at least k councils (decision 058). Never a minimum, a maximum or a
// list of values: the top bin of an integer item is open ("50 or more").

import { quantileSorted } from "d3-array";
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

/** A number item's answers as (value, how many) in increasing order of value: the whole numbers of the counts, as numberValues reads them. */
export interface NumberTally {
  values: Float64Array;
  counts: Float64Array;
  /** Answers in all. */
  n: number;
}

/**
 * The answers of a number item from its (value, count) rows without listing every answer (decision
 * 069): what numberValues lists, as distinct values in increasing order with their counts. null
 * when that would not give numberItemFigures' figures to the last bit (a value too large to add up
 * exactly): then list them.
 */
export function numberTally(counts: readonly { value: string; n: number }[]): NumberTally | null {
  const byValue = new Map<number, number>();
  let n = 0;
  let total = 0;
  for (const { value, n: count } of counts) {
    if (!/^[0-9]+$/.test(value) || count <= 0) continue;
    const v = Number(value);
    // numberItemFigures adds the answers one by one: exact, in any order, while every sum is a safe integer.
    if (!Number.isSafeInteger(v) || !Number.isSafeInteger(count) || !Number.isSafeInteger(v * count) || !Number.isSafeInteger(total + v * count)) return null;
    total += v * count;
    n += count;
    byValue.set(v, (byValue.get(v) ?? 0) + count);
  }
  const values = Float64Array.from(byValue.keys()).sort();
  return { values, counts: Float64Array.from(values, (v) => byValue.get(v)!), n };
}

/** The answer at a position (0-based) of the answers in increasing order. */
function nthAnswer(tally: NumberTally, position: number): number {
  let seen = 0;
  for (let i = 0; i < tally.values.length; i++) {
    seen += tally.counts[i]!;
    if (position < seen) return tally.values[i]!;
  }
  return NaN;
}

/** numberItemFigures of the answers of the tally: the quartiles by the same d3 quantileSorted over the answers in order, read from the tally. */
export function numberItemFiguresOfTally(tally: NumberTally): NumberItemFigures {
  const n = tally.n;
  if (n === 0) return { n: 0, median: null, q1: null, q3: null, mean: null };
  // The answers in increasing order, as quantileSorted reads them (length and a few positions).
  const sorted = new Proxy([] as number[], {
    get: (target, key) => (key === "length" ? n : typeof key === "string" && /^[0-9]+$/.test(key) ? nthAnswer(tally, Number(key)) : Reflect.get(target, key)),
  });
  let total = 0;
  for (let i = 0; i < tally.values.length; i++) total += tally.values[i]! * tally.counts[i]!;
  return { n, median: quantileSorted(sorted, 0.5)!, q1: quantileSorted(sorted, 0.25)!, q3: quantileSorted(sorted, 0.75)!, mean: total / n };
}

/** numberItemBinCounts of the answers of the tally. */
export function numberItemBinCountsOfTally(scale: NumberScale, tally: NumberTally): MergedBin[] {
  const edges = NUMBER_BIN_EDGES[scale];
  const bins = edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1]!, councils: 0 }));
  for (let k = 0; k < tally.values.length; k++) {
    const v = tally.values[k]!;
    const i = bins.findIndex((b, j) => v >= b.lo && (j === bins.length - 1 || v < b.hi));
    bins[i < 0 ? 0 : i]!.councils += tally.counts[k]!;
  }
  return bins;
}

/** A number item's figures and its histogram's starting bins, from its (value, count) rows: through its tally, or by listing the answers when the tally cannot be exact. */
export function numberItemOfCounts(scale: NumberScale, counts: readonly { value: string; n: number }[]): { figures: NumberItemFigures; bins: MergedBin[] } {
  const tally = numberTally(counts);
  if (tally) return { figures: numberItemFiguresOfTally(tally), bins: numberItemBinCountsOfTally(scale, tally) };
  const values = numberValues(counts);
  return { figures: numberItemFigures(values), bins: numberItemBinCounts(scale, values) };
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
