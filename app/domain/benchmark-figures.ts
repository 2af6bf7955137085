// The comparator figures of a published wave for councils' benchmark reports (INSTRUMENT.md,
// "Benchmark report (k = 10)" and "Disclosure control"). Built once when a wave is published and
// stored; the document holds group-level figures only — quartiles per measure per comparator
// group, and the all-councils distribution of every L5 item — never a council's value.
import { quantileSorted } from "d3-array";
import { PUBLIC_K } from "./disclosure";
import { auditSnapshot } from "./disclosure-audit";
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

export type ItemDistribution =
  | { suppressed: true }
  | {
      suppressed: false;
      /** Some answers are shown together (a small category merged, or almost every council agreeing). */
      merged: boolean;
      base: number;
      /** In scale order; category "4" is one answer, "1-2" the answers 1 to 2 together. */
      shares: { category: string; percent: number }[];
    };

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
 * Which comparator groups may be shown for one measure at threshold k, decided by the snapshot
 * auditor (app/domain/disclosure-audit.ts; decision 063), the one rule for every figure: members are
 * the councils of each group that have a value for the measure; no shown group has 1…k−1 of them,
 * and no shown group minus one shown group inside it, or minus several disjoint shown groups inside
 * it (types and regions mixed), leaves 1…k−1. The smaller group goes first; all councils last.
 * Returns the keys shown.
 */
export function shownGroups(groups: readonly CandidateGroup[], k: number): Set<string> {
  const { decisions } = auditSnapshot({
    k,
    groups: groups.map((g) => ({ key: g.key, identity: g.key, members: [...g.members].map(String), protect: g.kind === "all" })),
  });
  return new Set(groups.filter((g) => decisions[g.key]?.status === "shown").map((g) => g.key));
}

function cellFor(values: readonly number[], shown: boolean): GroupCell {
  const quartiles = quartilesType7(values);
  return shown && quartiles ? { suppressed: false, n: values.length, ...quartiles } : { suppressed: true };
}

/**
 * Quartiles of every measure for all councils, each council type and each region, with the
 * suppression of shownGroups at k. The distribution of a group is over its councils that have a
 * value for that measure. `allowed`: the comparator groups the wave's published (public, k = 10)
 * snapshot shows with its own figures (publicSnapshotComparators); any other group is suppressed
 * whatever its size, so a group the snapshot's audit suppresses (a subtraction across snapshots,
 * across time, across breakdowns) is "[c]" in the report too.
 */
export function buildComparatorGroups(councils: readonly SubmittedCouncil[], k: number = REPORT_K, allowed?: ReadonlySet<string>): ComparatorGroup[] {
  const defs: { key: string; kind: Comparator; name: string; includes: (c: SubmittedCouncil) => boolean }[] = [
    { key: "all", kind: "all", name: "All councils", includes: () => true },
    ...[...new Set(councils.map((c) => c.type))]
      .sort()
      .map((type) => ({ key: groupKey("type", type), kind: "type" as const, name: type, includes: (c: SubmittedCouncil) => c.type === type })),
    ...[...new Set(councils.map((c) => c.region))]
      .sort()
      .map((region) => ({ key: groupKey("region", region), kind: "region" as const, name: region, includes: (c: SubmittedCouncil) => c.region === region })),
  ];
  const measures = Object.fromEntries(
    REPORT_MEASURES.map((measure) => {
      const candidates = defs
        .filter((d) => !allowed || allowed.has(d.key))
        .map((d) => ({ ...d, members: new Set(councils.filter((c) => d.includes(c) && c.values[measure] !== null).map((c) => c.councilId)) }));
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

/** Share of the base at or above which one answer counts as "almost every council" (INSTRUMENT.md). */
export const NEAR_UNANIMOUS = 0.95;

interface Bin {
  from: number;
  to: number;
  count: number;
}

const L5_CODES = ["1", "2", "3", "4", "5"] as const;

/**
 * The k = 10 distribution of one L5 item from its answer counts ("1"…"5", "dk"); percentages are of
 * the answers other than dk. When almost every council (95% or more) gives one answer, the answers
 * start collapsed to disagree (1–2) / neither (3) / agree (4–5). Then, while an answer (or group of
 * answers) is given by 1…k−1 councils, it is merged with its smaller neighbour on the scale, so
 * every share shown holds 0 or at least k councils. Suppressed when fewer than k councils answered
 * or everything merges into one group (nothing left to show).
 */
export function itemDistribution(counts: Readonly<Record<string, number>>, k: number = REPORT_K): ItemDistribution {
  for (const code of Object.keys(counts)) {
    if (code !== DONT_KNOW && !(L5_CODES as readonly string[]).includes(code)) throw new RangeError(`itemDistribution: "${code}" is not an L5 answer`);
  }
  let bins: Bin[] = L5_CODES.map((code) => ({ from: Number(code), to: Number(code), count: counts[code] ?? 0 }));
  const base = bins.reduce((sum, b) => sum + b.count, 0);
  if (base < k) return { suppressed: true };
  let merged = false;
  if (bins.some((b) => b.count >= NEAR_UNANIMOUS * base)) {
    const sum = (from: number, to: number) => bins.filter((b) => b.from >= from && b.to <= to).reduce((total, b) => total + b.count, 0);
    bins = [
      { from: 1, to: 2, count: sum(1, 2) },
      { from: 3, to: 3, count: sum(3, 3) },
      { from: 4, to: 5, count: sum(4, 5) },
    ];
    merged = true;
  }
  for (;;) {
    const small = bins.findIndex((b) => b.count > 0 && b.count < k);
    if (small < 0 || bins.length === 1) break;
    const left = bins[small - 1];
    const right = bins[small + 1];
    const other = !left ? small + 1 : !right ? small - 1 : left.count <= right.count ? small - 1 : small + 1;
    const [a, b] = [Math.min(small, other), Math.max(small, other)];
    bins.splice(a, 2, { from: bins[a]!.from, to: bins[b]!.to, count: bins[a]!.count + bins[b]!.count });
    merged = true;
  }
  if (bins.length === 1) return { suppressed: true };
  return {
    suppressed: false,
    merged,
    base,
    shares: bins.map((b) => ({ category: b.from === b.to ? String(b.from) : `${b.from}-${b.to}`, percent: wholePercent(b.count, base) ?? 0 })),
  };
}

/** The category of a distribution that holds an L5 answer code, null for dk, no answer, or a suppressed item. */
export function categoryOf(distribution: ItemDistribution, code: string | null): string | null {
  if (distribution.suppressed || code === null || !(L5_CODES as readonly string[]).includes(code)) return null;
  const value = Number(code);
  return (
    distribution.shares.find((share) => {
      const [from = Number.NaN, to = from] = share.category.split("-").map(Number);
      return value >= from && value <= to;
    })?.category ?? null
  );
}

const SHORT_LABELS: Record<string, string> = { "1": "Strongly disagree", "2": "Disagree", "3": "Neither", "4": "Agree", "5": "Strongly agree" };

/** "Agree", "Strongly disagree or disagree", "Disagree to agree". */
export function categoryLabel(category: string): string {
  const [from, to] = category.split("-");
  if (to === undefined) return SHORT_LABELS[from!] ?? category;
  const first = SHORT_LABELS[from!] ?? from!;
  const last = (SHORT_LABELS[to] ?? to).toLowerCase();
  return Number(to) - Number(from) === 1 ? `${first} or ${last}` : `${first} to ${last}`;
}

/**
 * The comparator groups (report keys) that a wave's public snapshot shows with its own figures, from
 * its whole-wave view: all councils when the wave's figures are shown; a type, an English region or
 * a nation outside England when its breakdown row is shown and not kept from an earlier snapshot.
 */
export function publicSnapshotComparators(whole: {
  responses: { suppressed: boolean };
  figuresAsOf?: string | null;
  breakdowns: Record<
    "type" | "region" | "nation",
    readonly ({ group: string; suppressed: true } | { group: string; suppressed: false; asOf?: string | null })[]
  >;
}): Set<string> {
  const allowed = new Set<string>();
  if (whole.responses.suppressed || (whole.figuresAsOf ?? null) !== null) return allowed;
  allowed.add("all");
  const own = (row: { suppressed: boolean; asOf?: string | null }) => !row.suppressed && (row.asOf ?? null) === null;
  for (const row of whole.breakdowns.type) if (own(row)) allowed.add(groupKey("type", row.group));
  for (const row of whole.breakdowns.region) if (own(row)) allowed.add(groupKey("region", row.group));
  // Outside England the report's "region" is the nation (comparatorRegion).
  for (const row of whole.breakdowns.nation) if (row.group !== "England" && own(row)) allowed.add(groupKey("region", row.group));
  return allowed;
}

/** The whole stored document of a published wave: groups at k and every L5 item's distribution. */
export function buildComparatorFigures(input: {
  instrument: Instrument;
  councils: readonly SubmittedCouncil[];
  /** item id → answer code → how many submitted responses gave it. */
  itemCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  k?: number;
  /** The comparator groups the published snapshot shows (see buildComparatorGroups); all when not given. */
  allowed?: ReadonlySet<string>;
}): ComparatorFigures {
  const k = input.k ?? REPORT_K;
  const items: Record<string, ItemDistribution> = {};
  for (const item of agreementItems(input.instrument)) items[item.id] = itemDistribution(input.itemCounts[item.id] ?? {}, k);
  return { format: 1, k, instrumentVersion: input.instrument.version, groups: buildComparatorGroups(input.councils, k, input.allowed), items };
}
