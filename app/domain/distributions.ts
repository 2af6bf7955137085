// Answer distributions for single items (docs/instrument.md, "Statistics", last bullet): counts and
// whole-number percentages per code for L5 and M5 items, the OECD grouping for T11 items, and the
// geometry of a diverging stacked bar. `dk` is an answer but not a position on the scale, so it is
// counted and shown separately and never enters a percentage base or a mean.
import { DONT_KNOW } from "./instrument";

export interface CodeShare {
  code: string;
  count: number;
  /** Whole-number percentage of `base`; null when base is 0. */
  percent: number | null;
}

export interface ScaleDistribution {
  /** Every scale code in scale order, including codes nobody chose. */
  categories: CodeShare[];
  dk: number;
  /** Answers other than dk: the percentage base. */
  base: number;
}

export type TrustGroup = "low" | "neutral" | "high";

export interface TrustGroupShare {
  group: TrustGroup;
  label: string;
  count: number;
  percent: number | null;
}

export interface OecdGrouping {
  groups: TrustGroupShare[];
  dk: number;
  base: number;
  /** Mean on the 0–10 scale of the answers other than dk; null when base is 0. */
  mean: number | null;
}

export interface BarSegment {
  code: string;
  /** Offsets in percent of the base, negative to the left of the centre line. */
  start: number;
  end: number;
}

// Round half up on exact integers: ⌊(200·count + base) / (2·base)⌋ = ⌊100·count/base + ½⌋, so
// 12.5% becomes 13% with no floating-point doubt. Each percentage is rounded on its own, so a
// distribution may add up to 99 or 101; that is the usual convention for published tables.
/** percent = ⌊100 · count / base + ½⌋ (round half up), null when base is 0. */
export function wholePercent(count: number, base: number): number | null {
  if (base === 0) return null;
  return Math.floor((200 * count + base) / (2 * base));
}

/** Counts per code, dk separately; percent = round-half-up(100 · count / base), base = answers other than dk. */
export function scaleDistribution(codes: readonly string[], scaleCodes: readonly string[]): ScaleDistribution {
  // instrument.scaleCodes(item) lists "dk" with the scale codes; it is not a category of the bar.
  const positions = scaleCodes.filter((code) => code !== DONT_KNOW);
  const counts = new Map<string, number>(positions.map((code) => [code, 0]));
  let dk = 0;
  for (const code of codes) {
    if (code === DONT_KNOW) {
      dk += 1;
      continue;
    }
    const count = counts.get(code);
    // An unknown code means the caller passed blanks or data from another scale: a wrong table is
    // worse than no table, so refuse rather than quietly drop it.
    if (count === undefined) {
      throw new RangeError(`scaleDistribution: "${code}" is not one of ${positions.join(", ")} or dk`);
    }
    counts.set(code, count + 1);
  }
  const base = codes.length - dk;
  return {
    categories: positions.map((code) => {
      const count = counts.get(code) ?? 0;
      return { code, count, percent: wholePercent(count, base) };
    }),
    dk,
    base,
  };
}

/** scaleDistribution from counts per code (as many answers of each code), without listing every answer. */
export function scaleDistributionOfCounts(counts: Readonly<Record<string, number>>, scaleCodes: readonly string[]): ScaleDistribution {
  const positions = scaleCodes.filter((code) => code !== DONT_KNOW);
  const known = new Set(positions);
  let dk = 0;
  let total = 0;
  for (const [code, count] of Object.entries(counts)) {
    if (count === 0) continue;
    total += count;
    if (code === DONT_KNOW) dk += count;
    else if (!known.has(code)) throw new RangeError(`scaleDistribution: "${code}" is not one of ${positions.join(", ")} or dk`);
  }
  const base = total - dk;
  return {
    categories: positions.map((code) => {
      const count = counts[code] ?? 0;
      return { code, count, percent: wholePercent(count, base) };
    }),
    dk,
    base,
  };
}

const TRUST_GROUPS: readonly { group: TrustGroup; label: string; from: number; to: number }[] = [
  { group: "low", label: "Low or no trust", from: 0, to: 4 },
  { group: "neutral", label: "Neutral", from: 5, to: 5 },
  { group: "high", label: "High or moderately high trust", from: 6, to: 10 },
];

const T11_CODE = /^(?:10|[0-9])$/;

/** OECD grouping of 0–10 trust: low 0–4, neutral 5, high 6–10 (percent of non-dk), and the mean of non-dk answers. */
export function oecdGrouping(values: readonly string[]): OecdGrouping {
  const scores: number[] = [];
  let dk = 0;
  for (const value of values) {
    if (value === DONT_KNOW) {
      dk += 1;
    } else if (T11_CODE.test(value)) {
      scores.push(Number(value));
    } else {
      throw new RangeError(`oecdGrouping: "${value}" is not 0 to 10 or dk`);
    }
  }
  const base = scores.length;
  let total = 0;
  for (const score of scores) total += score;
  return {
    groups: TRUST_GROUPS.map(({ group, label, from, to }) => {
      const count = scores.filter((score) => score >= from && score <= to).length;
      return { group, label, count, percent: wholePercent(count, base) };
    }),
    dk,
    base,
    mean: base === 0 ? null : total / base,
  };
}

/** oecdGrouping from counts per answer ("0"…"10", dk), without listing every answer. */
export function oecdGroupingOfCounts(counts: Readonly<Record<string, number>>): OecdGrouping {
  let dk = 0;
  let base = 0;
  let total = 0;
  const byScore = new Array<number>(11).fill(0);
  for (const [value, count] of Object.entries(counts)) {
    if (count === 0) continue;
    if (value === DONT_KNOW) dk += count;
    else if (T11_CODE.test(value)) {
      byScore[Number(value)]! += count;
      base += count;
      total += Number(value) * count;
    } else throw new RangeError(`oecdGrouping: "${value}" is not 0 to 10 or dk`);
  }
  return {
    groups: TRUST_GROUPS.map(({ group, label, from, to }) => {
      let count = 0;
      for (let score = from; score <= to; score++) count += byScore[score]!;
      return { group, label, count, percent: wholePercent(count, base) };
    }),
    dk,
    base,
    mean: base === 0 ? null : total / base,
  };
}

/** Diverging bar: segments laid end to end, shifted so the centre line runs through the middle category (or between the two middle ones). */
export function divergingBarSegments(distribution: ScaleDistribution): BarSegment[] {
  const { categories, base } = distribution;
  // Lengths come from the exact shares, not the rounded percentages, so the segments always add up
  // to 100 and never overlap or leave gaps; the labels show the rounded figures.
  const widths = categories.map(({ count }) => (base === 0 ? 0 : (100 * count) / base));
  // With an odd number of codes the middle one is the neutral category and is split half each side
  // of the centre: "3" (Neither agree nor disagree) for L5. M5 has no neutral answer, but its middle
  // code "2" (Piloting or partly in place) is the half-way stage, so it is treated the same way.
  // With an even number of codes the centre is the boundary between the two halves.
  const half = Math.floor(categories.length / 2);
  let left = 0;
  for (let index = 0; index < half; index += 1) left += widths[index] as number;
  if (categories.length % 2 === 1) left += (widths[half] as number) / 2;

  let position = 0 - left; // 0 − 0 is +0, so an empty bar does not start at −0
  return categories.map(({ code }, index) => {
    const start = position;
    position += widths[index] as number;
    return { code, start, end: position };
  });
}

/** A k = 10 audience sees an item's distribution collapsed when one answer holds at least this share of a group's answers other than dk (as NEAR_UNANIMOUS in benchmark-figures.ts). */
export const COLLAPSE_SHARE = 0.95;
/** The three categories of a collapsed five-point item: the two lower codes, the middle one, the two upper ones (disagree / neither / agree on L5). */
export const COLLAPSED_CODES = ["lower", "middle", "upper"] as const;

/**
 * The group attribute rule (INSTRUMENT.md, "Disclosure control"): where almost every council in a
 * shown group gives the same answer (≥ 95% of its answers other than don't know), a k = 10 audience
 * sees a five-point item collapsed to three categories, so a council cannot be placed by elimination
 * among the other codes. Takes the counts per code (every code of the scale, dk included) in scale
 * order; returns the collapsed counts (dk kept) or null when no answer reaches the share.
 */
export function collapseNearUnanimous(counts: Readonly<Record<string, number>>, scaleCodes: readonly string[]): Record<string, number> | null {
  const positions = scaleCodes.filter((code) => code !== DONT_KNOW);
  if (positions.length !== 5) throw new RangeError("collapseNearUnanimous: a five-point scale is expected");
  // The base is the answers other than dk, as for percentages and the benchmark report's items.
  const answered = positions.map((code) => counts[code] ?? 0);
  const total = answered.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const top = Math.max(...answered);
  // Exact integers: top / total ≥ 95 / 100.
  if (top * 100 < COLLAPSE_SHARE * 100 * total) return null;
  return collapseToThree(counts, scaleCodes);
}

/** A five-point item's counts in three categories: the two lower codes, the middle one, the two upper ones (dk kept). */
export function collapseToThree(counts: Readonly<Record<string, number>>, scaleCodes: readonly string[]): Record<string, number> {
  const positions = scaleCodes.filter((code) => code !== DONT_KNOW);
  if (positions.length !== 5) throw new RangeError("collapseToThree: a five-point scale is expected");
  const count = (codes: readonly string[]) => codes.reduce((sum, code) => sum + (counts[code] ?? 0), 0);
  return {
    lower: count(positions.slice(0, 2)),
    middle: count(positions.slice(2, 3)),
    upper: count(positions.slice(3)),
    [DONT_KNOW]: counts[DONT_KNOW] ?? 0,
  };
}

const holdsFew = (count: number, k: number) => count >= 1 && count <= k - 1;

/**
 * INSTRUMENT.md, "Disclosure control": no table cell or chart bin holds 1…k−1 councils, and that
 * includes an item's answer counts (decision 062). Takes a shown group's item figures at threshold
 * k and returns them unchanged when every count (each answer, "Don't know", each OECD group) is 0 or
 * at least k; a five-point item with a smaller count is collapsed to three categories (the two
 * lower answers, the middle one, the two upper ones; as the k = 10 near-unanimity rule does); a
 * 0–10 item keeps only its OECD groups; and when a count of 1…k−1 is still left, or the item has
 * no such grouping (choice, multiple choice), null: the item is suppressed.
 */
export function protectSmallCounts<
  F extends { n: number; counts: Record<string, number>; distribution?: ScaleDistribution; oecd?: OecdGrouping; collapsed?: true },
>(scale: string, scaleCodes: readonly string[], figures: F, k: number): F | null {
  const small = (counts: Readonly<Record<string, number>>) => Object.values(counts).some((n) => holdsFew(n, k));
  if (!small(figures.counts) && !(figures.oecd && [figures.oecd.dk, ...figures.oecd.groups.map((g) => g.count)].some((n) => holdsFew(n, k)))) return figures;
  if ((scale === "L5" || scale === "M5") && figures.distribution) {
    const counts = figures.collapsed ? figures.counts : collapseToThree(figures.counts, scaleCodes);
    if (small(counts)) return null;
    return { ...figures, counts, collapsed: true, distribution: scaleDistributionOfCounts(counts, [...COLLAPSED_CODES, DONT_KNOW]) };
  }
  if (scale === "T11" && figures.oecd) {
    const counts: Record<string, number> = Object.fromEntries([
      ...figures.oecd.groups.map((g) => [g.group, g.count] as const),
      [DONT_KNOW, figures.oecd.dk] as const,
    ]);
    if (small(counts)) return null;
    return { ...figures, counts };
  }
  return null;
}
