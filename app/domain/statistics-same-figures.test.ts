// Decision 069 made a snapshot's statistics work on typed arrays gathered per group (one sort per
// median and per signed-rank test, no array or tuple per response). The figures must be the same to
// the last bit: every property below compares the new code with the code it replaced, kept here
// verbatim as the reference, on random inputs with ties, zeros, missing values and tiny groups.
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { countChartBins, mergeSmallBins, pairsOf, pearsonOfPairs, snapshotCharts, type MergedBin } from "./chart-data";
import { NUMBER_BIN_EDGES, numberItemBinCounts, numberItemFigures, numberItemOfCounts, numberValues, type NumberScale } from "./number-items";
import { cronbachAlphaAt, presentAt, presentPairsAt, scoreColumns, type ScoreValues } from "./score-columns";
import { cronbachAlpha, cronbachAlphaOfColumns, describe, pairedGap } from "./statistics";

// ---- The implementations before decision 069 ----

function referenceSum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function referenceVariance(values: ArrayLike<number> & Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  const mean = total / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return squares / (values.length - 1);
}

function referenceCronbachAlpha(rows: readonly (readonly number[])[]): { alpha: number | null; n: number } {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  for (const row of rows) if (row.length !== k) throw new RangeError(`cronbachAlpha: every row needs ${k} items; got a row with ${row.length}`);
  if (n < 2 || k < 2) return { alpha: null, n };
  const columns = Array.from({ length: k }, () => new Float64Array(n));
  const totals = new Float64Array(n);
  rows.forEach((row, r) => {
    for (let item = 0; item < k; item += 1) columns[item]![r] = row[item] as number;
    totals[r] = referenceSum(row);
  });
  let itemVariances = 0;
  for (const column of columns) itemVariances += referenceVariance(column);
  const totalVariance = referenceVariance(totals);
  if (totalVariance === 0) return { alpha: null, n };
  return { alpha: (k / (k - 1)) * (1 - itemVariances / totalVariance), n };
}

function referenceAverageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1;
    const rank = (start + end + 2) / 2;
    for (let position = start; position <= end; position += 1) ranks[order[position]!.index] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

function referencePairedGap(diffs: readonly number[]) {
  const n = diffs.length;
  const { mean, median, ci95 } = describe(diffs);
  const share = (count: number): number | null => (n === 0 ? null : count / n);
  const nonZero = diffs.filter((d) => d !== 0);
  const m = nonZero.length;
  let test: { nNonZero: number; wPlus: number | null; z: number | null; p: number | null } = { nNonZero: 0, wPlus: null, z: null, p: null };
  if (m > 0) {
    const { ranks, tieSizes } = referenceAverageRanks(nonZero.map((d) => Math.abs(d)));
    let wPlus = 0;
    nonZero.forEach((d, index) => {
      if (d > 0) wPlus += ranks[index] as number;
    });
    const expected = (m * (m + 1)) / 4;
    const tieCorrection = referenceSum(tieSizes.map((t) => t ** 3 - t)) / 48;
    const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24 - tieCorrection);
    const centred = wPlus - expected;
    const z = (centred - 0.5 * Math.sign(centred)) / sigma;
    const p = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
    test = { nNonZero: m, wPlus, z, p };
  }
  return {
    n,
    meanDiff: mean,
    ci95,
    medianDiff: median,
    shareNegative: share(diffs.filter((d) => d < 0).length),
    shareZero: share(diffs.filter((d) => d === 0).length),
    sharePositive: share(diffs.filter((d) => d > 0).length),
    ...test,
  };
}

function referencePearson(points: readonly (readonly [number, number])[]): number | null {
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

function referenceCountInto(values: readonly number[], edges: readonly number[]): MergedBin[] {
  const bins = edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1] as number, councils: 0 }));
  const last = bins.length - 1;
  for (const v of values) {
    let i = -1;
    for (let j = 0; j <= last; j++) {
      const b = bins[j]!;
      if (v >= b.lo && (j === last ? v <= b.hi : v < b.hi)) {
        i = j;
        break;
      }
    }
    if (i < 0) i = v < (edges[0] as number) ? 0 : bins.length - 1;
    bins[i]!.councils++;
  }
  return bins;
}

function referenceNumberItemBins(scale: NumberScale, values: readonly number[], k: number): MergedBin[] {
  const edges = NUMBER_BIN_EDGES[scale];
  const bins = edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1]!, councils: 0 }));
  for (const v of values) {
    const i = bins.findIndex((b, j) => v >= b.lo && (j === bins.length - 1 || v < b.hi));
    bins[i < 0 ? 0 : i]!.councils++;
  }
  return mergeSmallBins(bins, k);
}

function referenceSnapshotCharts(
  indexValues: Record<string, readonly number[]>,
  techVsGap: readonly (readonly [number, number])[],
  gaps: readonly number[],
  k: number,
  numberItems: Record<string, { scale: NumberScale; values: readonly number[] }>,
) {
  const TENTHS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  const counts = {
    indexBins: Object.fromEntries(Object.entries(indexValues).map(([code, values]) => [code, referenceCountInto(values, TENTHS)])),
    techBands: referenceCountInto(
      techVsGap.map((p) => p[0]),
      [0, 25, 50, 75, 100],
    ),
    gapBands: referenceCountInto(gaps, [-100, -50, -25, -10, 0, 10, 25, 50, 100]),
  };
  const indexBins = Object.fromEntries(Object.entries(counts.indexBins).map(([code, bins]) => [code, mergeSmallBins(bins, k)]));
  const positive = gaps.filter((g) => g > 0).length;
  const negative = gaps.filter((g) => g < 0).length;
  const even = gaps.length - positive - negative;
  const small = [positive, negative, even].some((n) => n > 0 && n < k);
  const techBands = mergeSmallBins(counts.techBands, k).map((band, i, all) => {
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
      bands: mergeSmallBins(counts.gapBands, k),
    },
    techGap: { councils: techVsGap.length, r: techVsGap.length >= k ? referencePearson(techVsGap) : null, bands: techBands },
    numberItemBins: Object.fromEntries(Object.entries(numberItems).map(([id, { scale, values }]) => [id, referenceNumberItemBins(scale, values, k)])),
  };
}

/** The same bytes, and the same values (toEqual tells 0 from −0). */
const same = (actual: unknown, expected: unknown) => {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
};

// ---- Inputs: many ties (a few scale points), any double, or both; from empty up ----

const scalePoint = fc.constantFrom(0, 25, 50, 75, 100, 12.5, 62.5, 100 / 3, 200 / 3);
const anyValue = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const value = fc.oneof(scalePoint, anyValue, fc.integer({ min: -3, max: 3 }));
const values = fc.array(value, { maxLength: 60 });

group("the statistics on typed arrays give the figures of the code they replaced", () => {
  it("property: describe of a Float64Array is describe of the same values in an array", () => {
    fc.assert(fc.property(values, (xs) => same(describe(Float64Array.from(xs)), describe(xs))));
  });

  it("property: the median by selection is the median of the sorted values, ties, −0 and +0 included", () => {
    const referenceMedian = (xs: readonly number[]) => {
      const sorted = Float64Array.from(xs).sort();
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    const tied = fc.oneof(fc.constantFrom(0, -0, 1, -1, 50, 25), value);
    fc.assert(
      fc.property(fc.array(tied, { minLength: 1, maxLength: 300 }), (xs) => {
        expect(Object.is(describe(xs).median, referenceMedian(xs))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Many equal values, sorted and reversed input: the selection's worst cases.
    for (const xs of [
      Array.from({ length: 5001 }, (_, i) => i % 3),
      Array.from({ length: 4000 }, (_, i) => 4000 - i),
      Array.from({ length: 4000 }, (_, i) => i),
      [-0, 0],
      [0, -0],
      [-0, -0, 0],
    ]) {
      expect(Object.is(describe(xs).median, referenceMedian(xs))).toBe(true);
    }
  });

  it("property: pairedGap (one typed sort for the ranks) equals the comparator-sorted ranks it replaced", () => {
    fc.assert(
      fc.property(values, (diffs) => {
        same(pairedGap(diffs), referencePairedGap(diffs));
        same(pairedGap(Float64Array.from(diffs)), referencePairedGap(diffs));
      }),
      { numRuns: 500 },
    );
  });

  it("property: Cronbach's α from columns equals α from rows, including identical totals and tiny groups", () => {
    const matrix = fc.integer({ min: 0, max: 6 }).chain((k) => fc.array(fc.array(value, { minLength: k, maxLength: k }), { maxLength: 30 }));
    fc.assert(
      fc.property(matrix, (rows) => {
        same(cronbachAlpha(rows), referenceCronbachAlpha(rows));
        const k = rows[0]?.length ?? 0;
        const columns = Array.from({ length: k }, (_, item) => Float64Array.from(rows, (row) => row[item]!));
        same(cronbachAlphaOfColumns(columns, rows.length), referenceCronbachAlpha(rows));
      }),
      { numRuns: 500 },
    );
  });

  it("property: the snapshot charts (counted once, merged per k) equal the charts of the code they replaced", () => {
    // Values on and just beside the bins' edges too, where a computed bin number could round the wrong way.
    const nearEdge = fc
      .tuple(fc.integer({ min: -1, max: 11 }), fc.constantFrom(-1e-13, -Number.EPSILON * 64, 0, Number.EPSILON * 64, 1e-13))
      .map(([j, d]) => j * 10 + d);
    const score = fc.oneof(
      scalePoint,
      fc.double({ min: -20, max: 120, noNaN: true }),
      nearEdge,
      fc.constantFrom(-0, 100, 25, 75, 29.999999999999996, 100.00000000000001),
    );
    const gapValue = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -130, max: 130, noNaN: true }));
    const numberValue = fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constantFrom(0, 1, 2, 49, 50, 100, 999));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(score, gapValue), { maxLength: 50 }),
        fc.array(score, { maxLength: 50 }),
        fc.array(gapValue, { maxLength: 50 }),
        fc.array(numberValue, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (points, presc, gaps, numbers, k) => {
          const numberItems = { BURDEN7: { scale: "percent" as const, values: numbers }, BURDEN8: { scale: "integer" as const, values: numbers } };
          const indexValues = { PRESC: presc, TECH: points.map((p) => p[0]) };
          const expected = referenceSnapshotCharts(indexValues, points, gaps, k, numberItems);
          const typed = { PRESC: Float64Array.from(presc), TECH: Float64Array.from(points, (p) => p[0]) };
          const pairs = { x: Float64Array.from(points, (p) => p[0]), y: Float64Array.from(points, (p) => p[1]) };
          const counts = countChartBins(typed, pairs, Float64Array.from(gaps), numberItems);
          same(snapshotCharts(typed, pairs, Float64Array.from(gaps), k, numberItems, counts), expected);
          same(snapshotCharts(indexValues, pairsOf(points), gaps, k, numberItems), expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("property: a number item's figures and bins from its counts equal those of every answer listed", () => {
    const value = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 120 }).map(String), weight: 6 },
      fc.constantFrom("0", "007", "50", "100000", "dk", "", "1.5", "-3", "99999999999999999999", "9007199254740993", "1e3"),
    );
    const rows = fc.array(fc.record({ value, n: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(rows, fc.constantFrom<NumberScale>("percent", "integer"), (counts, scale) => {
        const outcome = (f: () => unknown) => {
          try {
            return f();
          } catch (error) {
            return { threw: (error as Error).message };
          }
        };
        same(
          outcome(() => numberItemOfCounts(scale, counts)),
          outcome(() => {
            const values = numberValues(counts);
            return { figures: numberItemFigures(values), bins: numberItemBinCounts(scale, values) };
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("property: Pearson's r of two columns equals r of the points", () => {
    fc.assert(fc.property(fc.array(fc.tuple(value, value), { maxLength: 40 }), (points) => same(pearsonOfPairs(pairsOf(points)), referencePearson(points))));
  });
});

// ---- Columns: each group's values gathered from the wave's columns ----

const maybe = (v: fc.Arbitrary<number>) => fc.option(v, { nil: null, freq: 4 });
const itemList = fc.oneof(
  { arbitrary: fc.array(value, { minLength: 3, maxLength: 3 }), weight: 6 },
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(0, 50, 100), fc.constant(null), fc.constant("dk")), { minLength: 3, maxLength: 3 }), weight: 2 },
  { arbitrary: fc.constant([] as unknown[]), weight: 1 },
  // A row of another length: α refuses the group, old and new alike.
  { arbitrary: fc.array(value, { minLength: 2, maxLength: 2 }), weight: 1 },
);
const row = fc.record({
  presc: maybe(value),
  burden: maybe(value),
  tech: maybe(value),
  ltc: maybe(value),
  pct: maybe(value),
  gap: maybe(value),
  headline_gap: maybe(value),
  items: fc.record({ PRESC: itemList, TECH: fc.oneof(itemList, fc.constant(undefined)) }),
  group: fc.integer({ min: 0, max: 3 }),
});

const present = (xs: readonly (number | null)[]) => xs.filter((x): x is number => x !== null);

group("score columns", () => {
  it("property: a group's values gathered from the columns are its rows' present values, in row order", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const columns = scoreColumns(rows as ScoreValues[], (r) => JSON.stringify(rows[r]!.items));
        for (let g = 0; g < 4; g++) {
          const inGroup = rows.filter((r) => r.group === g);
          const at = Int32Array.from(rows.flatMap((r, i) => (r.group === g ? [i] : [])));
          same(Array.from(presentAt(columns.index.TECH, at)), present(inGroup.map((r) => r.tech)));
          same(Array.from(presentAt(columns.headlineGap, at)), present(inGroup.map((r) => r.headline_gap)));
          const both = inGroup.filter((r) => r.tech !== null && r.gap !== null);
          const pairs = presentPairsAt(columns.index.TECH, columns.gap, at);
          same([Array.from(pairs.x), Array.from(pairs.y)], [both.map((r) => r.tech), both.map((r) => r.gap)]);
          // α over the rows that answered every item, as before: lists of finite numbers only.
          for (const code of ["PRESC", "TECH"] as const) {
            const complete = inGroup
              .map((r) => r.items[code])
              .filter((list): list is number[] => Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === "number"));
            const outcome = (f: () => unknown) => {
              try {
                return f();
              } catch (error) {
                return { threw: (error as Error).message };
              }
            };
            same(
              outcome(() => cronbachAlphaAt(columns.items[code], at)),
              outcome(() => referenceCronbachAlpha(complete)),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses two complete rows with different numbers of items, as cronbachAlpha does", () => {
    const rows = [{ PRESC: [0, 50, 100] }, { PRESC: [0, 50] }];
    const base = { presc: null, burden: null, tech: null, ltc: null, pct: null, gap: null, headline_gap: null };
    const columns = scoreColumns([base, base], (r) => JSON.stringify(rows[r]));
    expect(() => cronbachAlphaAt(columns.items.PRESC, Int32Array.of(0, 1))).toThrow("every row needs 3 items; got a row with 2");
    expect(cronbachAlphaAt(columns.items.PRESC, Int32Array.of(1))).toEqual({ alpha: null, n: 1 });
  });

  it("refuses a stored score that is NaN, which describe would have refused", () => {
    const base = { presc: NaN, burden: null, tech: null, ltc: null, pct: null, gap: null, headline_gap: null };
    expect(() => scoreColumns([base], () => "{}")).toThrow(RangeError);
  });

  it("property: the stored item values read as JSON.parse and parseItemValues read them, odd texts included", () => {
    const number = fc.oneof(
      fc.constantFrom(0, 25, 50, 75, 100, -0, 1e21, 123456789012345, 1234567890123456, 33.333333333333336, -12.5, 1e-7),
      fc.double({ noNaN: true }),
      fc.integer(),
    );
    const element = fc.oneof({ arbitrary: number, weight: 8 }, fc.constant(null), fc.constant("dk"), fc.boolean());
    const list = fc.array(element, { maxLength: 8 });
    const object = fc.dictionary(
      fc.constantFrom("PRESC", "BURDEN", "TECH", "LTC", "PCT", "OTHER"),
      fc.oneof({ arbitrary: list, weight: 5 }, fc.constant(null)),
      { maxKeys: 6 },
    );
    // Texts JSON.stringify writes, texts with spaces and number forms it does not write, and texts that are not JSON.
    const text = fc.oneof(
      { arbitrary: object.map((o) => JSON.stringify(o)), weight: 6 },
      object.map((o) => JSON.stringify(o, null, 1)),
      fc.constantFrom(
        '{"PRESC":[1E2,5e-1,0.50,-0]}',
        '{"PRESC":[1,2],"PRESC":[3,4]}',
        '{"PRESC":[01]}',
        '{"PRESC":[1.]}',
        '{"PRESC":[1,2]} ',
        "[1,2]",
        "null",
        '{"PRESC":[1e999,2]}',
      ),
    );
    const base = { presc: null, burden: null, tech: null, ltc: null, pct: null, gap: null, headline_gap: null };
    const referenceLists = (t: string) => {
      const parsed: unknown = JSON.parse(t);
      return ["PRESC", "BURDEN", "TECH", "LTC", "PCT"].map((code) => {
        const l = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>)[code] : undefined;
        return Array.isArray(l) && l.length > 0 && l.every((v) => typeof v === "number" && Number.isFinite(v)) ? (l as number[]) : null;
      });
    };
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (texts) => {
        let expected: (number[] | null)[][] | { threw: string };
        try {
          expected = texts.map(referenceLists);
        } catch (error) {
          expected = { threw: (error as Error).name };
        }
        let actual: (number[] | null)[][] | { threw: string };
        try {
          const columns = scoreColumns(
            texts.map(() => base),
            (r) => texts[r]!,
          );
          actual = texts.map((_, r) =>
            (["PRESC", "BURDEN", "TECH", "LTC", "PCT"] as const).map((code) => {
              const items = columns.items[code];
              const count = items.count[r]!;
              return count === 0 ? null : Array.from(items.values.subarray(items.start[r]!, items.start[r]! + count));
            }),
          );
        } catch (error) {
          actual = { threw: (error as Error).name };
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
