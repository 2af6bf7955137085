// The comparator figures of a published wave for councils' benchmark reports (INSTRUMENT.md,
// "Benchmark report (k = 10)" and "Disclosure control"). Built once when a wave is published and
// stored; the document holds group-level figures only — quartiles per measure per comparator
// group, and the all-councils distribution of every L5 item — never a council's value.
import { quantileSorted } from "d3-array";
import { PUBLIC_K } from "./disclosure";
import { wholePercent } from "./distributions";
import { DONT_KNOW, INDEX_CODES, allItems, type Instrument } from "./instrument";

export const REPORT_K = PUBLIC_K;
export const REPORT_MEASURES = [...INDEX_CODES, "GAP", "HEADLINE_GAP"] as const;
export type ReportMeasure = (typeof REPORT_MEASURES)[number];
export type MeasureValues = Record<ReportMeasure, number | null>;

export const COMPARATORS = ["all", "type", "region"] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/** Q1, median, Q3 by R's quantile type 7: h = (n − 1)·p, Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎); null for no values. */
export function quartilesType7(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`quartiles: values must be finite; got ${value}`);
  const sorted = [...values].sort((a, b) => a - b);
  // d3-array's quantileSorted is R-7 (linear interpolation between order statistics).
  return { q1: quantileSorted(sorted, 0.25)!, median: quantileSorted(sorted, 0.5)!, q3: quantileSorted(sorted, 0.75)! };
}

export type Band = "lowest" | "middle" | "highest";
export const BAND_WORDS: Record<Band, string> = { lowest: "lowest quarter", middle: "middle half", highest: "highest quarter" };

/** lowest when value < Q1, highest when value > Q3, otherwise (Q1 ≤ value ≤ Q3) the middle half. */
export function bandOf(value: number, quartiles: Pick<Quartiles, "q1" | "q3">): Band {
  if (value < quartiles.q1) return "lowest";
  if (value > quartiles.q3) return "highest";
  return "middle";
}

export type GroupCell = ({ suppressed: false; n: number } & Quartiles) | { suppressed: true };

export interface ComparatorGroup {
  /** "all", "type:MD", "region:Wales". */
  key: string;
  kind: Comparator;
  /** The type code or the region (nation outside England) name; "All councils" for all. */
  name: string;
  measures: Record<ReportMeasure, GroupCell>;
}

export const ITEM_CATEGORIES_FULL = ["1", "2", "3", "4", "5"] as const;
export const ITEM_CATEGORIES_COLLAPSED = ["disagree", "neither", "agree"] as const;

export type ItemDistribution =
  | { suppressed: true }
  | { suppressed: false; collapsed: boolean; base: number; shares: { category: string; percent: number }[] };

export interface ComparatorFigures {
  /** The shape of this document; a reader refuses a version it does not know. */
  format: 1;
  k: number;
  instrumentVersion: number;
  groups: ComparatorGroup[];
  /** All councils' answers to each L5 item (the council's own group is not split further). */
  items: Record<string, ItemDistribution>;
}

/** A council that submitted to the wave, as the builder sees it (never stored). */
export interface SubmittedCouncil {
  councilId: number;
  type: string;
  /** comparatorRegion(council): the English region, or the nation outside England. */
  region: string;
  values: MeasureValues;
}

/** The region comparator: the English region, or the nation outside England. */
export function comparatorRegion(council: { region: string; nation: string }): string {
  return council.nation === "England" ? council.region : council.nation;
}

export const groupKey = (kind: Comparator, name: string): string => (kind === "all" ? "all" : `${kind}:${name}`);

interface CandidateGroup {
  key: string;
  kind: Comparator;
  name: string;
  members: Set<number>;
}

/**
 * Which comparator groups may be shown for one measure at threshold k. members: the councils of
 * each group that have a value for the measure. Suppressed: every group with fewer than k
 * members; then, until nothing changes, for every shown group A and each partition (types,
 * regions), the shown groups of that partition contained in A (by actual membership) are
 * subtracted together and one by one: when A minus them leaves 1…k−1 councils, the smallest of
 * them is suppressed too. Returns the keys shown.
 */
export function shownGroups(groups: readonly CandidateGroup[], k: number): Set<string> {
  const shown = new Set(groups.filter((g) => g.members.size >= k).map((g) => g.key));
  const isSubset = (inner: Set<number>, outer: Set<number>) => inner.size <= outer.size && [...inner].every((id) => outer.has(id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const outer of groups) {
      if (!shown.has(outer.key)) continue;
      for (const kind of ["type", "region"] as const) {
        const inside = groups.filter((g) => g.kind === kind && g.key !== outer.key && shown.has(g.key) && isSubset(g.members, outer.members));
        const remainderOf = (subtracted: readonly CandidateGroup[]) => outer.members.size - subtracted.reduce((sum, g) => sum + g.members.size, 0);
        const leaks = (remainder: number) => remainder > 0 && remainder < k;
        // Groups of one partition are disjoint, so their sizes add up.
        const culprit = leaks(remainderOf(inside))
          ? inside.reduce((a, b) => (b.members.size < a.members.size ? b : a))
          : inside.find((g) => leaks(remainderOf([g])));
        if (culprit) {
          shown.delete(culprit.key);
          changed = true;
        }
      }
    }
  }
  return shown;
}

function cellFor(values: readonly number[], shown: boolean): GroupCell {
  const quartiles = quartilesType7(values);
  return shown && quartiles ? { suppressed: false, n: values.length, ...quartiles } : { suppressed: true };
}

/**
 * Quartiles of every measure for all councils, each council type and each region, with the
 * suppression of shownGroups at k. The distribution of a group is over its councils that have a
 * value for that measure.
 */
export function buildComparatorGroups(councils: readonly SubmittedCouncil[], k: number = REPORT_K): ComparatorGroup[] {
  const defs: { key: string; kind: Comparator; name: string; includes: (c: SubmittedCouncil) => boolean }[] = [
    { key: "all", kind: "all", name: "All councils", includes: () => true },
    ...[...new Set(councils.map((c) => c.type))].sort().map((type) => ({ key: groupKey("type", type), kind: "type" as const, name: type, includes: (c: SubmittedCouncil) => c.type === type })),
    ...[...new Set(councils.map((c) => c.region))].sort().map((region) => ({ key: groupKey("region", region), kind: "region" as const, name: region, includes: (c: SubmittedCouncil) => c.region === region })),
  ];
  const measures = Object.fromEntries(
    REPORT_MEASURES.map((measure) => {
      const candidates = defs.map((d) => ({ ...d, members: new Set(councils.filter((c) => d.includes(c) && c.values[measure] !== null).map((c) => c.councilId)) }));
      return [measure, shownGroups(candidates, k)];
    }),
  ) as Record<ReportMeasure, Set<string>>;
  return defs.map((d) => {
    const members = councils.filter(d.includes);
    return {
      key: d.key,
      kind: d.kind,
      name: d.name,
      measures: Object.fromEntries(
        REPORT_MEASURES.map((measure) => {
          const values = members.map((c) => c.values[measure]).filter((v): v is number => v !== null);
          return [measure, cellFor(values, measures[measure].has(d.key))];
        }),
      ) as Record<ReportMeasure, GroupCell>,
    };
  });
}

/** The L5 items of an instrument, in questionnaire order. */
export function agreementItems(instrument: Instrument) {
  return allItems(instrument).filter((item) => item.scale === "L5");
}

const COLLAPSE: Record<string, (typeof ITEM_CATEGORIES_COLLAPSED)[number]> = { "1": "disagree", "2": "disagree", "3": "neither", "4": "agree", "5": "agree" };
/** Share of the base at or above which one answer counts as "almost every council" (INSTRUMENT.md). */
export const NEAR_UNANIMOUS = 0.95;

/**
 * The k = 10 distribution of one L5 item from its answer counts ("1"…"5", "dk"). Percentages are of
 * the answers other than dk. Shown as five answers when every answer given is given by at least k
 * councils and no answer reaches 95%; otherwise collapsed to disagree / neither / agree; suppressed
 * when fewer than k councils answered, or when a collapsed category still holds 1…k−1 councils.
 */
export function itemDistribution(counts: Readonly<Record<string, number>>, k: number = REPORT_K): ItemDistribution {
  const full = ITEM_CATEGORIES_FULL.map((code) => ({ category: code as string, count: counts[code] ?? 0 }));
  for (const code of Object.keys(counts)) {
    if (code !== DONT_KNOW && !(ITEM_CATEGORIES_FULL as readonly string[]).includes(code)) throw new RangeError(`itemDistribution: "${code}" is not an L5 answer`);
  }
  const base = full.reduce((sum, c) => sum + c.count, 0);
  if (base < k) return { suppressed: true };
  const small = (rows: { count: number }[]) => rows.some((r) => r.count > 0 && r.count < k);
  const nearUnanimous = full.some((c) => c.count >= NEAR_UNANIMOUS * base);
  let rows = full;
  let collapsed = false;
  if (nearUnanimous || small(full)) {
    collapsed = true;
    rows = ITEM_CATEGORIES_COLLAPSED.map((category) => ({ category, count: full.filter((c) => COLLAPSE[c.category] === category).reduce((s, c) => s + c.count, 0) }));
    if (small(rows)) return { suppressed: true };
  }
  return { suppressed: false, collapsed, base, shares: rows.map((r) => ({ category: r.category, percent: wholePercent(r.count, base) ?? 0 })) };
}

/** The collapsed category of an L5 answer code ("1"…"5"), null for dk or none. */
export function collapsedCategory(code: string | null): (typeof ITEM_CATEGORIES_COLLAPSED)[number] | null {
  return code === null ? null : (COLLAPSE[code] ?? null);
}

/** The whole stored document of a published wave: groups at k and every L5 item's distribution. */
export function buildComparatorFigures(input: {
  instrument: Instrument;
  councils: readonly SubmittedCouncil[];
  /** item id → answer code → how many submitted responses gave it. */
  itemCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  k?: number;
}): ComparatorFigures {
  const k = input.k ?? REPORT_K;
  const items: Record<string, ItemDistribution> = {};
  for (const item of agreementItems(input.instrument)) items[item.id] = itemDistribution(input.itemCounts[item.id] ?? {}, k);
  return { format: 1, k, instrumentVersion: input.instrument.version, groups: buildComparatorGroups(input.councils, k), items };
}
