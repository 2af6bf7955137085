// Descriptive statistics, reliability and the paired trust-gap test (docs/instrument.md, "Statistics").
// Pure functions: numbers in, figures out. A figure that is undefined for the data (the SD of one
// value, the test on no non-zero differences) is null, never NaN, so it can be serialised and shown
// as "not available" rather than as "NaN".
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export type Interval = [lo: number, hi: number];

export interface Description {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  ci95: Interval | null;
}

export interface Reliability {
  alpha: number | null;
  n: number;
}

export interface PairedGap {
  /** Complete pairs, zero differences included. */
  n: number;
  meanDiff: number | null;
  ci95: Interval | null;
  medianDiff: number | null;
  /** Fractions (0–1) of all n pairs. */
  shareNegative: number | null;
  shareZero: number | null;
  sharePositive: number | null;
  /** Pairs left in the signed-rank test once zero differences are dropped. */
  nNonZero: number;
  /** Sum of the ranks of |d| over the positive differences. */
  wPlus: number | null;
  /** Signed: positive when W⁺ is above its expectation (the first measure is higher). */
  z: number | null;
  p: number | null;
}

/** Values as a plain array or a typed array (a snapshot gathers each group's values into a Float64Array). */
export type Numbers = ArrayLike<number> & Iterable<number>;

// Indexed loops rather than for…of: the same order, without an iterator over typed arrays.
function assertFinite(values: Numbers, what: string): void {
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      throw new RangeError(`${what} must be finite numbers; got ${String(value)}`);
    }
  }
}

function sum(values: Numbers): number {
  let total = 0;
  for (let i = 0; i < values.length; i += 1) total += values[i]!;
  return total;
}

function meanOf(values: Numbers): number {
  return sum(values) / values.length;
}

// Two-pass sample variance: Σ(x − x̄)² / (n − 1), x̄ = meanOf(values); the caller guarantees n ≥ 2.
function sampleVariance(values: Numbers, mean: number = meanOf(values)): number {
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) squares += (values[i]! - mean) ** 2;
  return squares / (values.length - 1);
}

function medianOfSorted(sorted: Float64Array): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** The values sorted, as a typed array: numeric order without a comparator call per pair (a snapshot takes dozens of medians of ~26,000 values). */
function sortedCopy(values: Numbers): Float64Array {
  // A typed array's copy is one memory copy; Float64Array.from would step through its iterator.
  return (values instanceof Float64Array ? values.slice() : Float64Array.from(values)).sort();
}

/**
 * The value at position k (0-based) of the values in increasing order, as the sorted typed array
 * would hold it, found by selection (decision 069): `a` (a copy) is rearranged so that a[k] is that
 * value, everything before it ≤ it and everything after it ≥ it. Three-way partitions (ties are
 * common in scores); a range that does not shrink fast enough is sorted instead.
 */
function selectInPlace(a: Float64Array, k: number): number {
  let low = 0;
  let high = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (high > low) {
    if (budget-- === 0) {
      a.subarray(low, high + 1).sort();
      break;
    }
    // Median of three as the pivot.
    const x = a[low]!;
    const y = a[(low + high) >>> 1]!;
    const z = a[high]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // a[low..lt) < pivot, a[lt..i) == pivot, a(gt..high] > pivot.
    let lt = low;
    let i = low;
    let gt = high;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i] = a[lt]!;
        a[lt] = v;
        lt += 1;
        i += 1;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt] = v;
        gt -= 1;
      } else i += 1;
    }
    if (k < lt) high = lt - 1;
    else if (k > gt) low = gt + 1;
    else return orderedZero(a, k, pivot);
  }
  return orderedZero(a, k, a[k]!);
}

// Sorting puts −0 before +0 though they compare equal; selection does not tell them apart. A zero
// at position k is −0 when k falls among the −0s of the sorted values.
function orderedZero(a: Float64Array, k: number, value: number): number {
  if (value !== 0) return value;
  let below = 0;
  let negativeZeros = 0;
  for (let i = 0; i < a.length; i += 1) {
    const v = a[i]!;
    if (v < 0) below += 1;
    else if (v === 0 && Object.is(v, -0)) negativeZeros += 1;
  }
  return k < below + negativeZeros ? -0 : 0;
}

/** The median of the values (n ≥ 1) by selection: the middle value, or the mean of the middle two, of the values in increasing order. */
function medianBySelection(values: Numbers): number {
  const a = values instanceof Float64Array ? values.slice() : Float64Array.from(values);
  const middle = Math.floor(a.length / 2);
  const upper = selectInPlace(a, middle);
  if (a.length % 2 === 1) return upper;
  // The one before the middle: the largest of those before it.
  let lower = a[0]!;
  for (let i = 1; i < middle; i += 1) if (a[i]! > lower) lower = a[i]!;
  return (orderedZero(a, middle - 1, lower) + upper) / 2;
}

/** n, mean, sample SD (n − 1), median and the 95% CI of the mean: x̄ ± t(0.975, n − 1) · s / √n. */
export function describe(values: Numbers): Description {
  assertFinite(values, "describe: values");
  return describeOf(values, null);
}

// describe; `sorted`: the same values sorted, when the caller has them (pairedGap sorts them once
// for the median and the ranks), else the median is found by selection.
function describeOf(values: Numbers, sorted: Float64Array | null): Description {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, median: null, ci95: null };
  const mean = meanOf(values);
  const median = sorted ? medianOfSorted(sorted) : medianBySelection(values);
  if (n === 1) return { n, mean, sd: null, median, ci95: null };
  const sd = Math.sqrt(sampleVariance(values, mean));
  const halfWidth = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, median, ci95: [mean - halfWidth, mean + halfWidth] };
}

/** Cronbach's α = k/(k − 1) · (1 − Σ var(itemᵢ) / var(Σ items)), sample variances over complete rows. */
export function cronbachAlpha(rows: readonly (readonly number[])[]): Reliability {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  for (const row of rows) {
    if (row.length !== k) {
      throw new RangeError(`cronbachAlpha: every row needs ${k} items; got a row with ${row.length}`);
    }
    assertFinite(row, "cronbachAlpha: item scores");
  }
  if (n < 2 || k < 2) return { alpha: null, n };
  // Columns gathered into typed arrays (no array per item per row).
  const columns = Array.from({ length: k }, () => new Float64Array(n));
  rows.forEach((row, r) => {
    for (let item = 0; item < k; item += 1) columns[item]![r] = row[item] as number;
  });
  return cronbachAlphaOfColumns(columns, n);
}

/**
 * Cronbach's α of n complete rows given as one column per item (column i holds item i of rows
 * 0…n−1): what a snapshot gathers for each group straight from its parsed item values, with the
 * same arithmetic as cronbachAlpha (each row's total summed in item order, two-pass variances).
 */
export function cronbachAlphaOfColumns(columns: readonly Float64Array[], n: number): Reliability {
  const k = columns.length;
  for (const column of columns) {
    if (column.length !== n) throw new RangeError(`cronbachAlphaOfColumns: every column needs ${n} rows; got one with ${column.length}`);
    assertFinite(column, "cronbachAlpha: item scores");
  }
  if (n < 2 || k < 2) return { alpha: null, n };
  const totals = new Float64Array(n);
  for (let r = 0; r < n; r += 1) {
    let total = 0;
    for (let item = 0; item < k; item += 1) total += columns[item]![r]!;
    totals[r] = total;
  }
  let itemVariances = 0;
  for (const column of columns) itemVariances += sampleVariance(column);
  const totalVariance = sampleVariance(totals);
  // Every respondent has the same total: the ratio is 0/0 and α is undefined.
  if (totalVariance === 0) return { alpha: null, n };
  return { alpha: (k / (k - 1)) * (1 - itemVariances / totalVariance), n };
}

interface SignedRankTest {
  nNonZero: number;
  wPlus: number | null;
  z: number | null;
  p: number | null;
}

// Wilcoxon signed-rank, two-sided, zeros dropped, normal approximation with tie-corrected variance
// and continuity correction, exactly as R's wilcox.test(exact = FALSE, correct = TRUE):
// z = (W⁺ − m(m+1)/4 − ½·sign(W⁺ − m(m+1)/4)) / σ, σ² = m(m+1)(2m+1)/24 − Σ(t³ − t)/48,
// m = number of non-zero differences, p = 2·(1 − Φ(|z|)).
// Ranks are of |d| among the non-zero differences, ties (exact equality, as in R with
// digits.rank = Inf, and SciPy) sharing the mean of their positions. From the differences sorted
// (the median's sort), |d| in increasing order is a merge of the negative ones read backwards and
// the positive ones read forwards; each run of tied |d| adds its rank once per positive d in it.
// Every rank is a whole or half number and W⁺ ≤ m(m+1)/2, so the sums are exact in any order.
function signedRankTestOfSorted(sorted: Float64Array): SignedRankTest {
  const n = sorted.length;
  let firstZero = 0;
  while (firstZero < n && sorted[firstZero]! < 0) firstZero += 1;
  let firstPositive = firstZero;
  while (firstPositive < n && !(sorted[firstPositive]! > 0)) firstPositive += 1;
  const m = firstZero + (n - firstPositive);
  if (m === 0) return { nNonZero: 0, wPlus: null, z: null, p: null };

  let negative = firstZero - 1;
  let positive = firstPositive;
  let position = 0;
  let wPlus = 0;
  let tieCorrection = 0;
  while (position < m) {
    const nextNegative = negative >= 0 ? -sorted[negative]! : Infinity;
    const nextPositive = positive < n ? sorted[positive]! : Infinity;
    const value = Math.min(nextNegative, nextPositive);
    let t = 0;
    while (negative >= 0 && -sorted[negative]! === value) {
      t += 1;
      negative -= 1;
    }
    let positives = 0;
    while (positive < n && sorted[positive] === value) {
      positives += 1;
      positive += 1;
    }
    t += positives;
    // Positions position .. position + t − 1 (0-based) share the mean of their ranks.
    const rank = (2 * position + t + 1) / 2;
    wPlus += rank * positives;
    tieCorrection += t ** 3 - t;
    position += t;
  }
  tieCorrection /= 48;

  const expected = (m * (m + 1)) / 4;
  // Positive for every m ≥ 1 (all |d| tied gives m(m+1)²/16), so σ never divides by zero.
  const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24 - tieCorrection);
  const centred = wPlus - expected;
  const z = (centred - 0.5 * Math.sign(centred)) / sigma;
  // 2·Φ(−|z|) is the same as 2·(1 − Φ(|z|)) without losing digits in the far tail.
  const p = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  return { nNonZero: m, wPlus, z, p };
}

/** Paired gap over d = x − y: mean d with its t interval, median d, shares < 0, = 0, > 0, and the Wilcoxon signed-rank test. */
export function pairedGap(diffs: Numbers): PairedGap {
  assertFinite(diffs, "pairedGap: differences");
  const n = diffs.length;
  // Sorted once: the median, the shares and the signed-rank test all read it.
  const sorted = sortedCopy(diffs);
  const { mean, median, ci95 } = describeOf(diffs, sorted);
  const share = (count: number): number | null => (n === 0 ? null : count / n);
  let negative = 0;
  while (negative < n && sorted[negative]! < 0) negative += 1;
  let positive = 0;
  while (positive < n - negative && sorted[n - 1 - positive]! > 0) positive += 1;
  const zero = n - negative - positive;
  return {
    n,
    meanDiff: mean,
    ci95,
    medianDiff: median,
    shareNegative: share(negative),
    shareZero: share(zero),
    sharePositive: share(positive),
    ...signedRankTestOfSorted(sorted),
  };
}

/** pairedGap over d = xᵢ − yᵢ for the councils where both xᵢ and yᵢ exist (null means missing). */
export function pairedGapFromPairs(x: readonly (number | null)[], y: readonly (number | null)[]): PairedGap {
  if (x.length !== y.length) {
    throw new RangeError(`pairedGapFromPairs: ${x.length} first values but ${y.length} second values`);
  }
  const diffs: number[] = [];
  x.forEach((first, index) => {
    const second = y[index];
    if (first !== null && second !== null && second !== undefined) diffs.push(first - second);
  });
  return pairedGap(diffs);
}
