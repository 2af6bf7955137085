// A wave's stored scores as columns (decision 069): each index's value per response in a
// Float64Array, and each response's item values per index, parsed once. A snapshot computes every
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

const INDEX_FIELD: Record<IndexCode, keyof ScoreValues> = { PRESC: "presc", BURDEN: "burden", TECH: "tech", LTC: "ltc", PCT: "pct" };

/** Per index, the item values of each response that answered every item of it. */
export interface CompleteItems {
  /** Where row r's values start in `values`. */
  start: Int32Array;
  /** How many items row r answered in full; 0 when it left one out (or has none). */
  count: Int32Array;
  values: Float64Array;
}

export interface ScoreColumns {
  rows: number;
  /** Each index's value per row; NaN where the row has none. */
  index: Record<IndexCode, Float64Array>;
  gap: Float64Array;
  headlineGap: Float64Array;
  items: Record<IndexCode, CompleteItems>;
}

function column(rows: readonly ScoreValues[], field: keyof ScoreValues): Float64Array {
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    const v = rows[r]![field];
    if (v === null) out[r] = NaN;
    else if (Number.isNaN(v)) throw new RangeError(`stored ${field} must be a number or null; got NaN`);
    else out[r] = v;
  }
  return out;
}

/** Growing item values of one index, row after row. */
class ItemsBuilder {
  readonly start: Int32Array;
  readonly count: Int32Array;
  values = new Float64Array(1024);
  length = 0;
  constructor(rows: number) {
    this.start = new Int32Array(rows);
    this.count = new Int32Array(rows);
  }
  add(row: number, from: Float64Array, start: number, count: number): void {
    if (this.length + count > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, this.length + count));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.start[row] = this.length;
    this.count[row] = count;
    this.values.set(from.subarray(start, start + count), this.length);
    this.length += count;
  }
  done(): CompleteItems {
    return { start: this.start, count: this.count, values: this.values.slice(0, this.length) };
  }
}

const CODE_INDEX = new Map<string, number>(INDEX_CODES.map((code, c) => [code, c]));

/**
 * One row's stored item values (JSON.stringify of { INDEX: [number or null, …] }) read straight
 * into `scratch`: per index, where its list starts and how long it is, and whether every item is a
 * finite number. False when the text is not that plain shape (another key, a string, a space, a
 * number JSON would refuse…): then JSON.parse decides, as before.
 */
function readStoredItemValues(text: string, scratch: { values: Float64Array; start: Int32Array; count: Int32Array; complete: Uint8Array }): boolean {
  scratch.count.fill(-1);
  let i = 0;
  let used = 0;
  if (text.charCodeAt(i++) !== 123 /* { */) return false;
  if (text.charCodeAt(i) === 125 /* } */) return i + 1 === text.length;
  for (;;) {
    if (text.charCodeAt(i++) !== 34 /* " */) return false;
    const keyEnd = text.indexOf('"', i);
    if (keyEnd < 0) return false;
    const c = CODE_INDEX.get(text.slice(i, keyEnd));
    if (c === undefined || scratch.count[c] !== -1) return false;
    i = keyEnd + 1;
    if (text.charCodeAt(i++) !== 58 /* : */ || text.charCodeAt(i++) !== 91 /* [ */) return false;
    scratch.start[c] = used;
    let complete = true;
    let count = 0;
    if (text.charCodeAt(i) === 93 /* ] */) i++;
    else
      for (;;) {
        if (used === scratch.values.length) return false;
        if (text.startsWith("null", i)) {
          i += 4;
          complete = false;
          scratch.values[used++] = NaN;
        } else {
          // A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; whole numbers of up to 15 digits summed exactly here.
          const begin = i;
          const negative = text.charCodeAt(i) === 45; /* - */
          if (negative) i++;
          const first = text.charCodeAt(i);
          if (first < 48 || first > 57) return false;
          let whole = 0;
          let digits = 0;
          while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
            whole = whole * 10 + (text.charCodeAt(i) - 48);
            digits++;
            i++;
          }
          if (first === 48 && digits > 1) return false;
          let value: number;
          const next = text.charCodeAt(i);
          if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */ || digits > 15) {
            while (i < text.length && text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 93) i++;
            const literal = text.slice(begin, i);
            if (!/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(literal)) return false;
            value = Number(literal);
          } else value = negative ? -whole : whole;
          if (!Number.isFinite(value)) complete = false;
          scratch.values[used++] = value;
        }
        count++;
        const after = text.charCodeAt(i++);
        if (after === 93 /* ] */) break;
        if (after !== 44 /* , */) return false;
      }
    scratch.count[c] = count;
    scratch.complete[c] = complete && count > 0 ? 1 : 0;
    const after = text.charCodeAt(i++);
    if (after === 125 /* } */) return i === text.length;
    if (after !== 44 /* , */) return false;
  }
}

/**
 * The columns of the rows. `itemValues(r)`: row r's stored item values, the JSON text
 * { INDEX: [value, …] }; an item that is not a finite number counts as not answered, as in
 * parseItemValues.
 */
export function scoreColumns(rows: readonly ScoreValues[], itemValues: (row: number) => string): ScoreColumns {
  const n = rows.length;
  const index = Object.fromEntries(INDEX_CODES.map((code) => [code, column(rows, INDEX_FIELD[code])])) as Record<IndexCode, Float64Array>;
  const builders = INDEX_CODES.map(() => new ItemsBuilder(n));
  const scratch = {
    values: new Float64Array(4096),
    start: new Int32Array(INDEX_CODES.length),
    count: new Int32Array(INDEX_CODES.length),
    complete: new Uint8Array(INDEX_CODES.length),
  };
  for (let r = 0; r < n; r += 1) {
    const text = itemValues(r);
    if (readStoredItemValues(text, scratch)) {
      for (let c = 0; c < INDEX_CODES.length; c += 1) {
        if (scratch.count[c]! > 0 && scratch.complete[c] === 1) builders[c]!.add(r, scratch.values, scratch.start[c]!, scratch.count[c]!);
      }
      continue;
    }
    // Anything else: JSON.parse (which throws on a text that is not JSON, as before).
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") continue;
    for (let c = 0; c < INDEX_CODES.length; c += 1) {
      const list = (parsed as Record<string, unknown>)[INDEX_CODES[c]!];
      if (!Array.isArray(list) || list.length === 0) continue;
      if (!list.every((v) => typeof v === "number" && Number.isFinite(v))) continue;
      builders[c]!.add(r, Float64Array.from(list as number[]), 0, list.length);
    }
  }
  const items = Object.fromEntries(INDEX_CODES.map((code, c) => [code, builders[c]!.done()])) as Record<IndexCode, CompleteItems>;
  return { rows: n, index, gap: column(rows, "gap"), headlineGap: column(rows, "headline_gap"), items };
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
 * its squared deviations from its mean; each row's total summed in item order, and the same two
 * passes over the totals — cronbachAlpha's arithmetic, in the same order, without gathering a
 * column per item. Throws, as cronbachAlpha does, when two such rows have a different number of
 * items (and there are at least two).
 */
export function cronbachAlphaAt(items: CompleteItems, at: Int32Array): Reliability {
  const { start, count, values } = items;
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
  const sums = new Float64Array(k);
  let totalSum = 0;
  for (let i = 0; i < at.length; i += 1) {
    const row = at[i]!;
    if (count[row] === 0) continue;
    const s = start[row]!;
    let total = 0;
    for (let item = 0; item < k; item += 1) {
      const v = values[s + item]!;
      sums[item] = sums[item]! + v;
      total += v;
    }
    totalSum += total;
  }
  const means = sums.map((sum) => sum / n);
  const totalMean = totalSum / n;
  const squares = new Float64Array(k);
  let totalSquares = 0;
  for (let i = 0; i < at.length; i += 1) {
    const row = at[i]!;
    if (count[row] === 0) continue;
    const s = start[row]!;
    let total = 0;
    for (let item = 0; item < k; item += 1) {
      const v = values[s + item]!;
      squares[item] = squares[item]! + (v - means[item]!) ** 2;
      total += v;
    }
    totalSquares += (total - totalMean) ** 2;
  }
  let itemVariances = 0;
  for (let item = 0; item < k; item += 1) itemVariances += squares[item]! / (n - 1);
  const totalVariance = totalSquares / (n - 1);
  // Every respondent has the same total: the ratio is 0/0 and α is undefined.
  if (totalVariance === 0) return { alpha: null, n };
  return { alpha: (k / (k - 1)) * (1 - itemVariances / totalVariance), n };
}
