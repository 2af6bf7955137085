// A wave's stored scores as columns (decision 069): each index's value per response in a
// Float64Array, and each response's complete item values per index, parsed once. A snapshot computes every
// group's figures from these by gathering the group's rows, in row order, into typed arrays — the
// same values in the same order as the per-row arrays it gathered before, so the same figures to
// the last bit, without an array or a tuple per response per group.
import { INDEX_CODES, type IndexCode } from "./instrument";
import type { Reliability } from "./statistics";

/** The stored scores of one submitted response (null: no value). */
export interface ScoreValues {
  presc: number | null;
  burden: number | null;
  tech: number | null;
  ltc: number | null;
  pct: number | null;
  gap: number | null;
  headline_gap: number | null;
}

/** Per index, the item values of each response that answered every item of it. */
export interface CompleteItems {
  /** Where row r's values start in `values`. */
  start: Int32Array;
  /** How many items row r answered in full; 0 when it left one out (or has none). */
  count: Int32Array;
  values: Float64Array;
  /** Row r's total over its items, summed in item order (0 when not complete). */
  totals: Float64Array;
}

export interface ScoreColumns {
  rows: number;
  /** Each index's value per row; NaN where the row has none. */
  index: Record<IndexCode, Float64Array>;
  gap: Float64Array;
  headlineGap: Float64Array;
  items: Record<IndexCode, CompleteItems>;
}

/** Growing item values of one index, row after row. */
class ItemsBuilder {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly totals: Float64Array;
  values = new Float64Array(1024);
  length = 0;
  constructor(rows: number) {
    this.start = new Int32Array(rows);
    this.count = new Int32Array(rows);
    this.totals = new Float64Array(rows);
  }
  addList(row: number, list: readonly number[]): void {
    const count = list.length;
    if (this.length + count > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, this.length + count));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.start[row] = this.length;
    this.count[row] = count;
    const values = this.values;
    let total = 0;
    for (let i = 0; i < count; i += 1) {
      const v = list[i]!;
      values[this.length + i] = v;
      total += v;
    }
    this.totals[row] = total;
    this.length += count;
  }
  done(): CompleteItems {
    return { start: this.start, count: this.count, values: this.values.slice(0, this.length), totals: this.totals };
  }
}

/** Row r's item values of one index, when it answered every item (a list of finite numbers). */
function addComplete(builder: ItemsBuilder, r: number, values: unknown): void {
  if (!Array.isArray(values) || values.length === 0) return;
  for (let i = 0; i < values.length; i += 1) {
    const v: unknown = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) return;
  }
  builder.addList(r, values as number[]);
}

/** A stored score as a column value: NaN for none. */
function valueOf(v: number | null, field: string): number {
  if (v === null) return NaN;
  if (Number.isNaN(v)) throw new RangeError(`stored ${field} must be a number or null; got NaN`);
  return v;
}

/**
 * The columns of the rows, in one pass. `itemValues(r)`: row r's stored item values, the JSON text
 * { INDEX: [value, …] }; an item that is not a finite number counts as not answered, as in
 * parseItemValues.
 */
export function scoreColumns(rows: readonly ScoreValues[], itemValues: (row: number) => string): ScoreColumns {
  const n = rows.length;
  const presc = new Float64Array(n);
  const burden = new Float64Array(n);
  const tech = new Float64Array(n);
  const ltc = new Float64Array(n);
  const pct = new Float64Array(n);
  const gap = new Float64Array(n);
  const headlineGap = new Float64Array(n);
  const builders = INDEX_CODES.map(() => new ItemsBuilder(n));
  for (let r = 0; r < n; r += 1) {
    const row = rows[r]!;
    presc[r] = valueOf(row.presc, "presc");
    burden[r] = valueOf(row.burden, "burden");
    tech[r] = valueOf(row.tech, "tech");
    ltc[r] = valueOf(row.ltc, "ltc");
    pct[r] = valueOf(row.pct, "pct");
    gap[r] = valueOf(row.gap, "gap");
    headlineGap[r] = valueOf(row.headline_gap, "headline_gap");
    const parsed = JSON.parse(itemValues(r)) as Partial<Record<IndexCode, unknown>> | null;
    if (!parsed || typeof parsed !== "object") continue;
    addComplete(builders[0]!, r, parsed.PRESC);
    addComplete(builders[1]!, r, parsed.BURDEN);
    addComplete(builders[2]!, r, parsed.TECH);
    addComplete(builders[3]!, r, parsed.LTC);
    addComplete(builders[4]!, r, parsed.PCT);
  }
  const items = Object.fromEntries(INDEX_CODES.map((code, c) => [code, builders[c]!.done()])) as Record<IndexCode, CompleteItems>;
  return { rows: n, index: { PRESC: presc, BURDEN: burden, TECH: tech, LTC: ltc, PCT: pct }, gap, headlineGap, items };
}

/** The values of the column at the rows `at` that have one (not NaN), in the order of `at`. */
export function presentAt(values: Float64Array, at: Int32Array): Float64Array {
  const out = new Float64Array(at.length);
  let m = 0;
  for (let i = 0; i < at.length; i += 1) {
    const v = values[at[i]!]!;
    if (v === v) out[m++] = v;
  }
  return out.subarray(0, m);
}

/** Two columns' values at the rows `at` that have both, in the order of `at`. */
export function presentPairsAt(x: Float64Array, y: Float64Array, at: Int32Array): { x: Float64Array; y: Float64Array } {
  const outX = new Float64Array(at.length);
  const outY = new Float64Array(at.length);
  let m = 0;
  for (let i = 0; i < at.length; i += 1) {
    const a = x[at[i]!]!;
    const b = y[at[i]!]!;
    if (a === a && b === b) {
      outX[m] = a;
      outY[m] = b;
      m += 1;
    }
  }
  return { x: outX.subarray(0, m), y: outY.subarray(0, m) };
}

/**
 * Cronbach's α of the index over the rows `at` that answered every item of it, straight from the
 * parsed item values (decision 069): per item, its sum over those rows in the order of `at`, then
 * its squared deviations from its mean; each row's total (summed in item order once, when read),
 * and the same two passes over the totals — cronbachAlpha's arithmetic, in the same order, without gathering a
 * column per item. Throws, as cronbachAlpha does, when two such rows have a different number of
 * items (and there are at least two).
 */
export function cronbachAlphaAt(items: CompleteItems, at: Int32Array): Reliability {
  const { start, count, values, totals } = items;
  let n = 0;
  let k = 0;
  for (let i = 0; i < at.length; i += 1) {
    const c = count[at[i]!]!;
    if (c === 0) continue;
    if (n === 0) k = c;
    else if (c !== k) throw new RangeError(`cronbachAlpha: every row needs ${k} items; got a row with ${c}`);
    n += 1;
  }
  if (n < 2 || k < 2) return { alpha: null, n };
  // Where each complete row's items start, and its total, in the order of `at`.
  const starts = new Int32Array(n);
  const rowTotals = new Float64Array(n);
  let r = 0;
  for (let i = 0; i < at.length; i += 1) {
    const row = at[i]!;
    if (count[row] === 0) continue;
    starts[r] = start[row]!;
    rowTotals[r] = totals[row]!;
    r += 1;
  }
  // Item by item: its sum, its mean, its squared deviations; the variances added in item order.
  let itemVariances = 0;
  for (let item = 0; item < k; item += 1) {
    let sum = 0;
    for (let j = 0; j < n; j += 1) sum += values[starts[j]! + item]!;
    const mean = sum / n;
    let squares = 0;
    for (let j = 0; j < n; j += 1) squares += (values[starts[j]! + item]! - mean) ** 2;
    itemVariances += squares / (n - 1);
  }
  let totalSum = 0;
  for (let j = 0; j < n; j += 1) totalSum += rowTotals[j]!;
  const totalMean = totalSum / n;
  let totalSquares = 0;
  for (let j = 0; j < n; j += 1) totalSquares += (rowTotals[j]! - totalMean) ** 2;
  const totalVariance = totalSquares / (n - 1);
  // Every respondent has the same total: the ratio is 0/0 and α is undefined.
  if (totalVariance === 0) return { alpha: null, n };
  return { alpha: (k / (k - 1)) * (1 - itemVariances / totalVariance), n };
}
