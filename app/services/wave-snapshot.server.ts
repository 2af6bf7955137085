import { countChartBins, snapshotCharts, type ChartCounts, type Pairs, type SnapshotCharts } from "../domain/chart-data";
import { PUBLIC_K, STAFF_K, cellFor, isDisclosable, type Cell } from "../domain/disclosure";
import { TokenNumbers, auditSnapshot, type AuditDecision, type AuditGroup, type AuditHistory } from "../domain/disclosure-audit";
import { auditItemCells, type ItemBlanks } from "../domain/disclosure-item-audit";
import { HEADLINE_ITEMS, MEASURE_FAMILIES, auditMeasureCells, headlineMean, measureRank } from "../domain/disclosure-measure-audit";
import { alphaSetDifferences, measureBlanks, measureCellsOf, withMeasureCells } from "./measure-cells.server";
import { INDEX_CODES, type IndexCode } from "../domain/instrument";
import { jsonValueAt, jsonValueInHead } from "../domain/json-path";
import { getInstrument } from "../domain/instruments";
import type { NumberItemFigures } from "../domain/number-items";
import { cronbachAlphaAt, presentAt, presentPairsAt, scoreColumns, type ScoreColumns } from "../domain/score-columns";
import { wavesBefore } from "../domain/wave-order";
import type { Db } from "../models/db-types";
import {
  countChangesSince,
  findLatestSnapshot,
  findLatestSnapshotView,
  findSnapshotViewDocument,
  insertSnapshot,
  listLatestSnapshots,
  listSnapshotViewHeads,
  listSnapshotHistory,
  listSnapshotViews,
  type Audience,
  type NewSnapshot,
  type SnapshotRow,
} from "../models/snapshot.server";
import {
  countItemValuesByGroup,
  listBlankAnswers,
  listCouncilGroups,
  listItemAnswerers,
  listResponseStatuses,
  listSubmittedScores,
  listWavesInOrder,
  type CouncilGroups,
  type GroupFilters,
  type ScoreRow,
} from "../models/summary-data.server";
import { getWaveBySlug } from "../models/wave.server";
import type { Wave } from "../../db/schema";
import {
  BREAKDOWNS,
  alphaCell,
  gapFiguresOfValues,
  indexFiguresOf,
  itemCellsOf,
  itemTallies,
  normaliseFilters,
  numberItemsOfCounts,
  summarisedItemIds,
  numberItemCellsOf,
  type BreakdownGroup,
  type BreakdownKey,
  type GapCode,
  type GapFigures,
  type IndexFigures,
  type ItemTally,
  type SnapshotInfo,
  type TrendPoint,
  type WaveSummary,
} from "./wave-summary.server";

// Stored, audited snapshots (FIGURES.md, INSTRUMENT.md "Disclosure control"). Every figure
// staff, councils or the public see is read from a snapshot: a set of documents, one per view (the
// whole wave and each single-dimension filter, decision 034), built from stored scores in one pass,
// put through the auditor together with every earlier snapshot the audience could see, and stored.
// A view is then one indexed read of a stored document, the same in every process.

export type { Audience };
export const AUDIENCES: readonly Audience[] = ["staff", "public"];
export const AUDIENCE_K: Record<Audience, number> = { staff: STAFF_K, public: PUBLIC_K };
/** Staff can also read what is published, so their audit counts the public snapshots as seen too. */
const SEEN_BY: Record<Audience, Audience[]> = { staff: ["staff", "public"], public: ["public"] };

export const WHOLE_WAVE = "all";

/** One view of a snapshot: the summary document and the binned charts. */
export interface SnapshotViewDocument {
  summary: WaveSummary;
  charts: SnapshotCharts | null;
  /** Filter choices: the groups the snapshot offers a view of. */
  options: Record<BreakdownKey, string[]>;
}

/** The key of the view a set of filters asks for, or an error when it is not a view we offer (decision 034: one dimension at a time). */
export function viewKeyFor(rawFilters: GroupFilters): { key: string } | { error: string } {
  const filters = normaliseFilters(rawFilters);
  const set = BREAKDOWNS.filter((b) => filters[b] !== null);
  if (set.length === 0) return { key: WHOLE_WAVE };
  if (set.length > 1) return { error: "Filter by one of council type, region or nation at a time" };
  const dim = set[0]!;
  return { key: `${dim}:${filters[dim]}` };
}

// ---------------------------------------------------------------------------------------------
// Building

interface SnapshotData {
  wave: Wave;
  councils: CouncilGroups[];
  statuses: { council_id: number; status: string }[];
  rows: ScoreRow[];
  itemCounts: Awaited<ReturnType<typeof countItemValuesByGroup>>;
  waves: { id: number; slug: string; title: string; opens_on: string | null; closes_on: string | null; created_at: string }[];
  /** The item audit's rows (decision 067): who left each partly answered item blank, or answered each mostly blank one. */
  blankAnswers: BlankAnswers;
  /** Each audience's trend sources, read while the queries ran (buildNextSnapshots). */
  earlierTrends?: Map<Audience, Promise<TrendSources>>;
}

type SnapshotQueries = { [K in "councils" | "statuses" | "rows" | "itemCounts" | "waves"]: Promise<SnapshotData[K]> };

/** A promise awaited later: a failure before then is not an unhandled rejection (it is thrown where it is awaited). */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The queries of gatherSnapshotData, started together, each result as it comes: a build starts on
 * the scores while the item counts are still being counted (on PostgreSQL, decision 069).
 */
function startSnapshotQueries(db: Db, wave: Wave): SnapshotQueries {
  const instrument = getInstrument(wave.instrument_version);
  const itemIds = summarisedItemIds(instrument);
  return {
    councils: awaitedLater(listCouncilGroups(db)),
    statuses: awaitedLater(listResponseStatuses(db, wave.id)),
    rows: awaitedLater(listSubmittedScores(db, [wave.id], {}, { withItemValues: true })),
    itemCounts: awaitedLater(countItemValuesByGroup(db, wave.id, itemIds)),
    waves: awaitedLater(listWavesInOrder(db)),
  };
}

interface BlankAnswers {
  /** The items some response answered and some left blank, and of them those most left blank. */
  partly: string[];
  mostlyBlank: string[];
  rows: { itemId: string; councilId: number }[];
  /** Who answered each headline item (LTC1, PCT1) "Don't know": out of its mean (decision 074). */
  dontKnow: { itemId: string; councilId: number }[];
}

/**
 * The item audit's queries (decision 067), once the item counts and the scores are in: the item
 * counts tell which items every submitted response answered; for the others, who left each blank
 * (or, for an item most left blank, who answered it).
 */
async function queryBlankAnswers(db: Db, wave: Wave, rows: readonly ScoreRow[], itemCounts: SnapshotData["itemCounts"]): Promise<BlankAnswers> {
  const answered = new Map<string, number>();
  for (const c of itemCounts) answered.set(c.itemId, (answered.get(c.itemId) ?? 0) + c.n);
  const total = rows.length;
  const partly = total === 0 ? [] : summarisedItemIds(getInstrument(wave.instrument_version)).filter((id) => (answered.get(id) ?? 0) !== total);
  const mostlyBlank = partly.filter((id) => 2 * (answered.get(id) ?? 0) < total);
  const found = [
    ...(await listBlankAnswers(
      db,
      wave.id,
      partly.filter((id) => !mostlyBlank.includes(id)),
    )),
    ...(await listItemAnswerers(db, wave.id, mostlyBlank)),
  ];
  const withDontKnow = HEADLINE_ITEMS.filter((id) => itemCounts.some((c) => c.itemId === id && c.value === "dk" && c.n > 0));
  return { partly, mostlyBlank, rows: found, dontKnow: await listItemAnswerers(db, wave.id, withDontKnow, "dk") };
}

/**
 * Every query a snapshot build runs over the wave's responses and the register, the item audit's
 * included (the bench's and scripts/bench/profile-snapshot.ts's "SQL alone" run exactly this).
 */
export async function gatherSnapshotData(db: Db, wave: Wave): Promise<SnapshotData> {
  const q = startSnapshotQueries(db, wave);
  const [councils, statuses, rows, itemCounts, waves] = await Promise.all([q.councils, q.statuses, q.rows, q.itemCounts, q.waves]);
  const blankAnswers = await queryBlankAnswers(db, wave, rows, itemCounts);
  return { wave, councils, statuses, rows, itemCounts, waves, blankAnswers };
}

const token = (row: ScoreRow) => `${row.council_id}@${Number(row.submission_count)}`;

/**
 * Per summarised item, the contributions that left it blank (decision 067), or for an item most
 * responses left blank, `{ answered }`: those that did not (from the rows queryBlankAnswers read).
 */
function blankContributions(data: SnapshotData, tokens: readonly string[]): Map<string, ItemBlanks> {
  const { partly, mostlyBlank, rows } = data.blankAnswers;
  // Each council's contribution (`tokens[i]` is row i's).
  const tokenOf = new Map<number, string>();
  for (let i = 0; i < data.rows.length; i++) tokenOf.set(data.rows[i]!.council_id, tokens[i]!);
  const lists = new Map<string, string[]>(partly.map((id) => [id, []]));
  for (const { itemId, councilId } of rows) {
    const t = tokenOf.get(councilId);
    if (t !== undefined) lists.get(itemId)!.push(t);
  }
  const blanks = new Map<string, ItemBlanks>();
  for (const [itemId, list] of lists) blanks.set(itemId, mostlyBlank.includes(itemId) ? { answered: list } : list);
  return blanks;
}

/**
 * Per headline item, the measure "LTC1:mean" (or "PCT1:mean"): the contributions out of the item's
 * mean, those that left it blank or answered "Don't know" (decision 074), as the measure audit takes
 * them.
 */
function headlineMeanBlanks(data: SnapshotData, tokens: readonly string[], blanks: ReadonlyMap<string, ItemBlanks>): Map<string, ItemBlanks> {
  const tokenOf = new Map<number, string>();
  for (let i = 0; i < data.rows.length; i++) tokenOf.set(data.rows[i]!.council_id, tokens[i]!);
  const out = new Map<string, ItemBlanks>();
  for (const item of HEADLINE_ITEMS) {
    const dk = new Set(data.blankAnswers.dontKnow.filter((r) => r.itemId === item).flatMap((r) => tokenOf.get(r.councilId) ?? []));
    const blank = blanks.get(item) ?? [];
    out.set(
      headlineMean(item),
      Array.isArray(blank) ? [...blank, ...dk] : { answered: (blank as { answered: readonly string[] }).answered.filter((t) => !dk.has(t)) },
    );
  }
  return out;
}

interface ViewGroup {
  key: string;
  dim: BreakdownKey | null;
  value: string | null;
  rows: ScoreRow[];
  /** The positions of the group's rows among the wave's rows (and its score columns), in order. */
  at: Int32Array;
  /** The group's contributions (audit tokens), the same for every audience. */
  members: string[];
  /** Answers per item and value in the group. */
  itemCounts: { itemId: string; value: string; n: number }[];
  /** Active councils of the group on the register. */
  population: number;
  /** The group's responses in progress. */
  inProgress: number;
}

/** The rows of the whole wave and of each group of each breakdown that has any: their positions and contributions, in row order. */
type RowGroups = Map<string, { value: string | null; at: Int32Array; members: string[] }>;

function rowGroups(rows: readonly ScoreRow[]): RowGroups {
  // Each row's token made once for every group it is in.
  const tokens = rows.map(token);
  const everyRow = new Int32Array(rows.length);
  for (let i = 0; i < everyRow.length; i++) everyRow[i] = i;
  // One pass: each row's position under its type, its region and its nation (named reads, in row order).
  const byType = new Map<string, number[]>();
  const byRegion = new Map<string, number[]>();
  const byNation = new Map<string, number[]>();
  const add = (groups: Map<string, number[]>, value: string, i: number) => {
    const list = groups.get(value);
    if (list) list.push(i);
    else groups.set(value, [i]);
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    add(byType, row.type, i);
    add(byRegion, row.region, i);
    add(byNation, row.nation, i);
  }
  const by: Record<BreakdownKey, Map<string, number[]>> = { type: byType, region: byRegion, nation: byNation };
  const out: RowGroups = new Map([[WHOLE_WAVE, { value: null, at: everyRow, members: tokens }]]);
  for (const dim of BREAKDOWNS) {
    for (const [value, indices] of by[dim]) {
      const members = new Array<string>(indices.length);
      for (let j = 0; j < indices.length; j++) members[j] = tokens[indices[j]!]!;
      out.set(`${dim}:${value}`, { value, at: Int32Array.from(indices), members });
    }
  }
  return out;
}

type ItemCount = { itemId: string; value: string; n: number };

/**
 * countItemValuesByGroup splits each (item, value) by type/region/nation: the counts of each group
 * (whole wave first, then each breakdown's groups by value), added up in one pass. Each group's
 * list has its items in the order they first come in the counts, and each item's values likewise.
 */
export function itemCountsByGroup(counts: SnapshotData["itemCounts"]): { whole: ItemCount[]; byDim: Record<BreakdownKey, Map<string, ItemCount[]>> } {
  // Every (item, value) numbered once; each group then counts into an array by that number.
  const pairs: { itemId: string; value: string; item: number }[] = [];
  const pairOf = new Map<string, Map<string, number>>();
  const itemOf = new Map<string, number>();
  const groupOf = BREAKDOWNS.map(() => new Map<string, number>());
  const rowPairs = new Int32Array(counts.length);
  const rowGroups = BREAKDOWNS.map(() => new Int32Array(counts.length));
  let groupCount = 1;
  const groupNumber = (d: number, value: string) => {
    let g = groupOf[d]!.get(value);
    if (g === undefined) groupOf[d]!.set(value, (g = groupCount++));
    return g;
  };
  // The rows come mostly in runs of the same item and of the same type, region and nation (the
  // query groups by them): the last ones looked up are kept.
  let lastItem: string | null = null;
  let lastByValue = new Map<string, number>();
  let lastType: string | null = null;
  let lastRegion: string | null = null;
  let lastNation: string | null = null;
  let typeGroup = 0;
  let regionGroup = 0;
  let nationGroup = 0;
  for (let r = 0; r < counts.length; r++) {
    const c = counts[r]!;
    if (c.itemId !== lastItem) {
      let byValue = pairOf.get(c.itemId);
      if (!byValue) {
        pairOf.set(c.itemId, (byValue = new Map()));
        itemOf.set(c.itemId, itemOf.size);
      }
      lastItem = c.itemId;
      lastByValue = byValue;
    }
    let p = lastByValue.get(c.value);
    if (p === undefined) {
      lastByValue.set(c.value, (p = pairs.length));
      pairs.push({ itemId: c.itemId, value: c.value, item: itemOf.get(c.itemId)! });
    }
    rowPairs[r] = p;
    // Named reads (type, region, nation: the order of BREAKDOWNS); groups numbered in order of first sight.
    if (c.type !== lastType) {
      typeGroup = groupNumber(0, c.type);
      lastType = c.type;
    }
    if (c.region !== lastRegion) {
      regionGroup = groupNumber(1, c.region);
      lastRegion = c.region;
    }
    if (c.nation !== lastNation) {
      nationGroup = groupNumber(2, c.nation);
      lastNation = c.nation;
    }
    rowGroups[0]![r] = typeGroup;
    rowGroups[1]![r] = regionGroup;
    rowGroups[2]![r] = nationGroup;
  }
  // Per group: the count of each pair, the items in order of first sight, and each item's pairs likewise.
  const totals = Array.from({ length: groupCount }, () => new Float64Array(pairs.length));
  const seen = Array.from({ length: groupCount }, () => new Uint8Array(pairs.length));
  const itemOrder = Array.from({ length: groupCount }, () => [] as number[]);
  const itemPairs = Array.from({ length: groupCount }, () => new Map<number, number[]>());
  const add = (g: number, p: number, n: number) => {
    if (seen[g]![p] === 0) {
      seen[g]![p] = 1;
      const item = pairs[p]!.item;
      let list = itemPairs[g]!.get(item);
      if (!list) {
        itemPairs[g]!.set(item, (list = []));
        itemOrder[g]!.push(item);
      }
      list.push(p);
    }
    totals[g]![p] = totals[g]![p]! + n;
  };
  for (let r = 0; r < counts.length; r++) {
    const p = rowPairs[r]!;
    const n = counts[r]!.n;
    add(0, p, n);
    for (let d = 0; d < BREAKDOWNS.length; d++) add(rowGroups[d]![r]!, p, n);
  }
  const listOf = (g: number): ItemCount[] =>
    itemOrder[g]!.flatMap((item) => itemPairs[g]!.get(item)!.map((p) => ({ itemId: pairs[p]!.itemId, value: pairs[p]!.value, n: totals[g]![p]! })));
  const byDim = Object.fromEntries(BREAKDOWNS.map((dim, d) => [dim, new Map([...groupOf[d]!].map(([value, g]) => [value, listOf(g)]))])) as Record<
    BreakdownKey,
    Map<string, ItemCount[]>
  >;
  return { whole: listOf(0), byDim };
}

/** Each group's item counts (countItemValuesByGroup's rows added up per group). */
function withItemCounts(groups: ViewGroup[], itemCounts: SnapshotData["itemCounts"]): ViewGroup[] {
  const counted = itemCountsByGroup(itemCounts);
  for (const g of groups) g.itemCounts = g.dim === null ? counted.whole : (counted.byDim[g.dim].get(g.value!) ?? []);
  return groups;
}

/**
 * The whole wave and every group of every breakdown (each also a filter view), from the register,
 * the statuses and the rows, counted in one pass each; their item counts are added by
 * withItemCounts (a group audit does not need them).
 */
function groupsOf(data: Pick<SnapshotData, "councils" | "statuses" | "rows">, byRows: RowGroups): ViewGroup[] {
  const active = data.councils.filter((c) => c.active === 1);
  // The councils of the responses in progress (in the statuses' order; a council not on the register counts in no group).
  const inProgressIds = data.statuses.filter((s) => s.status === "in_progress").map((s) => s.council_id);
  const wanted = new Set(inProgressIds);
  const councilById = new Map<number, CouncilGroups>();
  for (const c of data.councils) if (wanted.has(c.id)) councilById.set(c.id, c);
  const inProgressCouncils = inProgressIds.map((id) => councilById.get(id));
  const whole = byRows.get(WHOLE_WAVE)!;
  const groups: ViewGroup[] = [
    {
      key: WHOLE_WAVE,
      dim: null,
      value: null,
      rows: data.rows,
      at: whole.at,
      members: whole.members,
      itemCounts: [],
      population: active.length,
      inProgress: inProgressCouncils.filter((c) => c !== undefined).length,
    },
  ];
  const none = { at: new Int32Array(0), members: [] as string[] };
  // Councils per type, region and nation: of the register's active ones, and of those with a response in progress (one pass each, named reads).
  const tally = (list: readonly (CouncilGroups | undefined)[]): Record<BreakdownKey, Map<string, number>> => {
    const out = { type: new Map<string, number>(), region: new Map<string, number>(), nation: new Map<string, number>() };
    for (const c of list) {
      if (!c) continue;
      out.type.set(c.type, (out.type.get(c.type) ?? 0) + 1);
      out.region.set(c.region, (out.region.get(c.region) ?? 0) + 1);
      out.nation.set(c.nation, (out.nation.get(c.nation) ?? 0) + 1);
    }
    return out;
  };
  const populations = tally(active);
  const inProgressBy = tally(inProgressCouncils);
  for (const dim of BREAKDOWNS) {
    const population = populations[dim];
    const inProgress = inProgressBy[dim];
    // The register's groups, then those only responses name (councils since retired), in order of first sight.
    const values = new Set(population.keys());
    for (const [key, g] of byRows) if (key.startsWith(`${dim}:`) && g.value !== null) values.add(g.value);
    for (const value of [...values].sort((a, b) => a.localeCompare(b))) {
      const key = `${dim}:${value}`;
      const { at, members } = byRows.get(key) ?? none;
      let rows: ScoreRow[] | null = null;
      groups.push({
        key,
        dim,
        value,
        // The group's rows, made only if asked for.
        get rows() {
          return (rows ??= Array.from(at, (i) => data.rows[i]!));
        },
        at,
        members,
        itemCounts: [],
        population: population.get(value) ?? 0,
        inProgress: inProgress.get(value) ?? 0,
      });
    }
  }
  return groups;
}

/** The filter choices every view offers: the active councils' types, regions and nations (the same for both audiences: made once per build). */
const filterOptionsOf = new WeakMap<SnapshotData, Record<BreakdownKey, string[]>>();
function filterOptions(data: SnapshotData): Record<BreakdownKey, string[]> {
  let options = filterOptionsOf.get(data);
  if (!options) {
    const activeCouncils = data.councils.filter((c) => c.active === 1);
    options = Object.fromEntries(BREAKDOWNS.map((dim) => [dim, [...new Set(activeCouncils.map((c) => c[dim]))].sort((a, b) => a.localeCompare(b))])) as Record<
      BreakdownKey,
      string[]
    >;
    filterOptionsOf.set(data, options);
  }
  return options;
}

const THIS_SNAPSHOT = "this";
const ALL_SUPPRESSED = { suppressed: true } as const;

function filtersOf(group: ViewGroup): WaveSummary["filters"] {
  return {
    type: group.dim === "type" ? group.value : null,
    region: group.dim === "region" ? group.value : null,
    nation: group.dim === "nation" ? group.value : null,
  };
}

function suppressedSummary(data: SnapshotData, group: ViewGroup, k: number, population: number, instrumentItems: string[]): WaveSummary {
  return {
    wave: waveHeader(data.wave),
    instrumentVersion: data.wave.instrument_version,
    k,
    filters: filtersOf(group),
    population,
    responses: ALL_SUPPRESSED,
    indices: Object.fromEntries(INDEX_CODES.map((c) => [c, ALL_SUPPRESSED])) as WaveSummary["indices"],
    gaps: { GAP: ALL_SUPPRESSED, HEADLINE_GAP: ALL_SUPPRESSED },
    items: Object.fromEntries(instrumentItems.map((id) => [id, ALL_SUPPRESSED])),
    breakdowns: { type: [], region: [], nation: [] },
    trends: [],
  };
}

function waveHeader(wave: Wave): WaveSummary["wave"] {
  return { slug: wave.slug, title: wave.title, status: wave.status, opensOn: wave.opens_on, closesOn: wave.closes_on };
}

/**
 * What a group's figures are before any threshold: computed once per group and shared by the
 * snapshot's two audiences (decision 061), each of which then applies its own k.
 */
interface GroupStats {
  inProgress: number;
  indices: ReturnType<typeof indexFiguresOf>;
  reliability: Record<IndexCode, { alpha: number | null; n: number }>;
  gaps: Record<GapCode, GapFigures>;
  items: ItemTally[];
  chartInputs: { indexValues: Record<IndexCode, Float64Array>; techVsGap: Pairs; gaps: Float64Array };
  chartCounts: ChartCounts;
  /** The number items' figures (BURDEN7, BURDEN8; their histograms are in chartCounts). */
  numberItemFigures: Record<string, NumberItemFigures>;
}

/** The figures of a group that come from its stored scores alone (not the item counts). */
type ScoreStats = Pick<GroupStats, "indices" | "reliability" | "gaps" | "chartInputs"> & {
  chartCounts: Omit<ChartCounts, "numberItemBins">;
  /** Per index, the councils by which α's set and the index's differ in the group (decision 072's check). */
  alphaDiffers: Record<IndexCode, number>;
};

/**
 * A build's shared state: the wave's scores as columns (parsed once) and each group's
 * k-independent figures, computed on first use from the columns (decision 069). The figures from
 * the scores can be computed before the item counts have come (scoresOf).
 */
class StatsCache {
  private numbers: TokenNumbers | null = null;
  private readonly byGroup = new Map<string, GroupStats>();
  private readonly scoresByGroup = new Map<string, ScoreStats>();
  private scores: ScoreColumns | null = null;
  constructor(private readonly rows: readonly ScoreRow[]) {}
  columns(): ScoreColumns {
    this.scores ??= scoreColumns(this.rows, (r) => this.rows[r]!.item_values);
    return this.scores;
  }
  /** The figures from the scores of the group whose rows are `at`. */
  scoresOf(key: string, at: Int32Array): ScoreStats {
    let stats = this.scoresByGroup.get(key);
    if (!stats) {
      stats = scoreStatsOf(this.columns(), at);
      this.scoresByGroup.set(key, stats);
    }
    return stats;
  }
  /**
   * The build's token numbers, shared by its audits (decision 069): the whole wave's tokens numbered
   * once, each breakdown group's picked out of them by its rows' positions (no lookups).
   */
  tokenNumbers(groups: readonly ViewGroup[]): TokenNumbers {
    if (!this.numbers) {
      const numbers = new TokenNumbers();
      const whole = groups.find((g) => g.key === WHOLE_WAVE);
      if (whole) {
        const ids = numbers.idsOf(whole.members);
        for (const g of groups)
          if (g !== whole)
            numbers.alias(
              g.members,
              Int32Array.from(g.at, (r) => ids[r]!),
            );
      }
      this.numbers = numbers;
    }
    return this.numbers;
  }
  get(key: string): GroupStats | undefined {
    return this.byGroup.get(key);
  }
  set(key: string, stats: GroupStats): void {
    this.byGroup.set(key, stats);
  }
}

function scoreStatsOf(columns: ScoreColumns, at: Int32Array): ScoreStats {
  const indexValues = Object.fromEntries(INDEX_CODES.map((code) => [code, presentAt(columns.index[code], at)])) as Record<IndexCode, Float64Array>;
  const techVsGap = presentPairsAt(columns.index.TECH, columns.gap, at);
  const gaps = presentAt(columns.gap, at);
  const { numberItemBins: _none, ...chartCounts } = countChartBins(indexValues, techVsGap, gaps);
  return {
    indices: indexFiguresOf(indexValues),
    reliability: Object.fromEntries(INDEX_CODES.map((code) => [code, cronbachAlphaAt(columns.items[code], at)])) as GroupStats["reliability"],
    gaps: gapFiguresOfValues(gaps, presentAt(columns.headlineGap, at)),
    chartInputs: { indexValues, techVsGap, gaps },
    chartCounts,
    alphaDiffers: alphaSetDifferences(columns, at),
  };
}

function groupStats(data: SnapshotData, group: ViewGroup, cache: StatsCache): GroupStats {
  const cached = cache.get(group.key);
  if (cached) return cached;
  const instrument = getInstrument(data.wave.instrument_version);
  const scores = cache.scoresOf(group.key, group.at);
  const numberItems = numberItemsOfCounts(instrument, group.itemCounts);
  const stats: GroupStats = {
    inProgress: group.inProgress,
    indices: scores.indices,
    reliability: scores.reliability,
    gaps: scores.gaps,
    items: itemTallies(instrument, group.itemCounts),
    chartInputs: scores.chartInputs,
    chartCounts: {
      ...scores.chartCounts,
      numberItemBins: numberItems.bins,
    },
    numberItemFigures: numberItems.figures,
  };
  cache.set(group.key, stats);
  return stats;
}

/** The figures of one group (n ≥ k, passed by the auditor) at threshold k: the same cells as the live summary. */
function groupSummary(
  data: SnapshotData,
  group: ViewGroup,
  k: number,
  population: number,
  stats: GroupStats,
): { summary: WaveSummary; charts: SnapshotCharts } {
  const submitted = group.at.length;
  const indices = Object.fromEntries(
    INDEX_CODES.map((code) => {
      const cell = cellFor(stats.indices[code], k);
      return [code, cell.suppressed ? ALL_SUPPRESSED : { ...cell, ...alphaCell(stats.reliability[code], k) }];
    }),
  ) as Record<IndexCode, Cell<IndexFigures>>;
  const summary: WaveSummary = {
    wave: waveHeader(data.wave),
    instrumentVersion: data.wave.instrument_version,
    k,
    filters: filtersOf(group),
    population,
    responses: {
      suppressed: false,
      submitted,
      inProgress: stats.inProgress,
      notStarted: Math.max(0, population - submitted - stats.inProgress),
      responseRate: population === 0 ? null : submitted / population,
    },
    indices,
    gaps: { GAP: cellFor(stats.gaps.GAP, k), HEADLINE_GAP: cellFor(stats.gaps.HEADLINE_GAP, k) },
    items: { ...numberItemCellsOf(stats.numberItemFigures, k), ...itemCellsOf(stats.items, k) },
    breakdowns: { type: [], region: [], nation: [] },
    trends: [],
  };
  const charts = snapshotCharts(stats.chartInputs.indexValues, stats.chartInputs.techVsGap, stats.chartInputs.gaps, k, undefined, stats.chartCounts);
  return { summary, charts };
}

function breakdownRow(summary: WaveSummary, group: string, population: number, asOf: string | null): BreakdownGroup {
  if (summary.responses.suppressed) return { group, population, suppressed: true };
  return {
    group,
    population,
    suppressed: false,
    asOf,
    n: summary.responses.submitted,
    inProgress: summary.responses.inProgress,
    indices: Object.fromEntries(INDEX_CODES.map((c) => [c, stripAlpha(summary.indices[c])])) as Extract<BreakdownGroup, { suppressed: false }>["indices"],
    gaps: summary.gaps as Record<GapCode, Cell<GapFigures>>,
  };
}

function stripAlpha(cell: Cell<IndexFigures>): Cell<Omit<IndexFigures, "alpha" | "alphaN">> {
  if (cell.suppressed) return ALL_SUPPRESSED;
  const { alpha: _alpha, alphaN: _alphaN, ...rest } = cell;
  return rest;
}

function withSnapshot(summary: WaveSummary, info: SnapshotInfo): WaveSummary {
  const { snapshot: _earlier, ...rest } = summary;
  return { snapshot: info, ...rest };
}

interface HistoryEntry {
  row: SnapshotRow;
  groups: AuditHistory["groups"];
}

const auditGroupsOf = (groups: readonly ViewGroup[]): AuditGroup[] =>
  groups.map((g) => ({ key: g.key, identity: g.key, members: g.members, protect: g.key === WHOLE_WAVE }));
const auditHistoryOf = (history: readonly HistoryEntry[]): AuditHistory[] => history.map((h) => ({ snapshot: String(h.row.id), groups: h.groups }));

/** The group audit of one audience's next snapshot (it needs the groups' members and the history, not the item counts). */
function groupAudit(groups: readonly ViewGroup[], stats: StatsCache, audience: Audience, history: readonly HistoryEntry[]) {
  return auditSnapshot({ k: AUDIENCE_K[audience], groups: auditGroupsOf(groups), history: auditHistoryOf(history), numbers: stats.tokenNumbers(groups) });
}

/** Builds (does not store) the next snapshot of the wave for one audience. */
async function buildAudienceSnapshot(
  db: Db,
  data: SnapshotData,
  groups: readonly ViewGroup[],
  stats: StatsCache,
  audience: Audience,
  history: HistoryEntry[],
  cut: { cutAt: string; reason: string; seq: number },
  blanks: ReadonlyMap<string, ItemBlanks>,
  measures: ReadonlyMap<string, ItemBlanks>,
  /** The group audit, when the caller has run it already (groupAudit: the same input). */
  audit?: ReturnType<typeof auditSnapshot>,
): Promise<NewSnapshot> {
  const started = performance.now();
  const k = AUDIENCE_K[audience];
  const instrument = getInstrument(data.wave.instrument_version);
  const scoredItemIds = summarisedItemIds(instrument);
  const auditGroups = auditGroupsOf(groups);
  const auditHistory = auditHistoryOf(history);
  const { decisions, sets } = audit ?? groupAudit(groups, stats, audience, history);

  // Earlier documents for kept figures, read once per snapshot.
  const keptDocs = new Map<string, Map<string, SnapshotViewDocument>>();
  const keptFrom = async (snapshotId: string, key: string): Promise<SnapshotViewDocument | null> => {
    let docs = keptDocs.get(snapshotId);
    if (!docs) {
      docs = new Map((await listSnapshotViews(db, Number(snapshotId))).map((v) => [v.view_key, JSON.parse(v.document) as SnapshotViewDocument]));
      keptDocs.set(snapshotId, docs);
    }
    return docs.get(key) ?? null;
  };
  const cutTimeOf = new Map(history.map((h) => [String(h.row.id), h.row.cut_at]));

  const options = filterOptions(data);

  const trendSources = await earlierWaveTrends(db, data, audience);
  const views = new Map<string, SnapshotViewDocument>();
  const shown: AuditHistory["groups"][number][] = [];
  const finalDecisions: Record<string, AuditDecision> = {};
  /** Each shown group's item cells that carry figures, with their n: what the item audit checks. */
  const itemCells = new Map<string, Map<string, number>>();
  /** The same for the index, α and gap cells (decision 072). */
  const measureCells = new Map<string, Map<string, number>>();
  for (const group of groups) {
    const population = group.population;
    let decision: AuditDecision = decisions[group.key]!;
    let doc: SnapshotViewDocument | null = null;
    if (decision.status === "shown") {
      const built = groupSummary(data, group, k, population, groupStats(data, group, stats));
      doc = { summary: { ...built.summary, figuresAsOf: null }, charts: built.charts, options };
      shown.push({ identity: group.key, members: group.members, snapshot: THIS_SNAPSHOT });
      itemCells.set(group.key, new Map(Object.entries(built.summary.items).flatMap(([id, cell]) => (cell.suppressed ? [] : [[id, cell.n] as const]))));
      measureCells.set(group.key, measureCellsOf(built.summary, built.charts, stats.scoresOf(group.key, group.at).alphaDiffers, k));
    } else if (decision.status === "kept") {
      const earlier = await keptFrom(decision.snapshot, group.key);
      if (earlier && !earlier.summary.responses.suppressed) {
        doc = {
          summary: { ...earlier.summary, figuresAsOf: earlier.summary.figuresAsOf ?? cutTimeOf.get(decision.snapshot) ?? null },
          charts: earlier.charts,
          options,
        };
        // Its item cells are the earlier ones too.
        const from = decision.snapshot;
        const kept = history.find((h) => String(h.row.id) === from)?.groups.find((g) => g.identity === group.key)?.measures;
        shown.push({
          identity: group.key,
          members: decision.members,
          snapshot: decision.snapshot,
          ...(decision.items ? { items: decision.items } : {}),
          ...(kept ? { measures: kept } : {}),
        });
      } else decision = { status: "suppressed", reason: "time" };
    }
    finalDecisions[group.key] = decision;
    if (!doc) doc = { summary: suppressedSummary(data, group, k, population, scoredItemIds), charts: null, options };
    doc.summary.trends = trendPoints(data, group.key, doc.summary, trendSources);
    views.set(group.key, doc);
  }

  // The item cells of the groups shown with this snapshot's figures (decision 067): a cell whose
  // blanks, or whose difference from a cell of a group inside it or from an earlier cell, would
  // isolate 1…k−1 councils is suppressed.
  const itemAudit = auditItemCells({ k, groups: auditGroups, decisions: finalDecisions, blanks, cells: itemCells, history: auditHistory, sets });
  for (const entry of shown) if (entry.snapshot === THIS_SNAPSHOT) entry.items = itemAudit.records.get(entry.identity) ?? {};
  for (const [key, items] of itemAudit.suppressed) {
    const doc = views.get(key)!;
    const bins = doc.charts?.numberItemBins;
    doc.summary = { ...doc.summary, items: { ...doc.summary.items, ...Object.fromEntries([...items.keys()].map((id) => [id, ALL_SUPPRESSED])) } };
    if (doc.charts && bins)
      doc.charts = { ...doc.charts, numberItemBins: { ...bins, ...Object.fromEntries([...items.keys()].filter((id) => id in bins).map((id) => [id, []])) } };
  }
  // The headline items' means are cells of HEADLINE_GAP's family (decision 074): a shown LTC1 or PCT1
  // item whose answers other than "Don't know" make its mean.
  for (const [key, cells] of measureCells) {
    const items = views.get(key)!.summary.items;
    for (const item of HEADLINE_ITEMS) {
      const cell = items[item];
      const oecd = cell && !cell.suppressed && "oecd" in cell ? cell.oecd : undefined;
      if (oecd && oecd.base > 0) cells.set(headlineMean(item), oecd.base);
    }
  }
  // The index, α and gap cells the same way, over the measures' sets (decision 072); the history's
  // measure records stand for its item records, and an entry stored without them is read as
  // showing every measure, as decision 067 reads an entry without item records.
  const measureHistory = auditHistory.map((h) => ({
    snapshot: h.snapshot,
    groups: h.groups.map(({ items: _items, measures: stored, ...g }) => ({ ...g, ...(stored ? { items: stored } : {}) })),
  }));
  const measureAudit = auditMeasureCells({
    k,
    families: MEASURE_FAMILIES,
    rankOf: measureRank,
    groups: auditGroups,
    decisions: finalDecisions,
    blanks: measures,
    cells: measureCells,
    history: measureHistory,
    sets,
  });
  for (const entry of shown) if (entry.snapshot === THIS_SNAPSHOT) entry.measures = measureAudit.records.get(entry.identity) ?? {};
  for (const [key, cells] of measureCells) {
    const doc = views.get(key)!;
    const withheld = measureAudit.suppressed.get(key);
    // A headline item whose mean goes is withheld whole (its counts give the mean's n), here and in the history.
    const items = HEADLINE_ITEMS.filter((item) => withheld?.has(headlineMean(item)));
    if (items.length > 0) {
      doc.summary = { ...doc.summary, items: { ...doc.summary.items, ...Object.fromEntries(items.map((id) => [id, ALL_SUPPRESSED])) } };
      const entry = shown.find((e) => e.identity === key && e.snapshot === THIS_SNAPSHOT);
      if (entry?.items) entry.items = Object.fromEntries(Object.entries(entry.items).filter(([id]) => !(items as readonly string[]).includes(id)));
    }
    const kept = new Set([...cells.keys()].filter((id) => !withheld?.has(id)));
    const audited = withMeasureCells(doc.summary, doc.charts, kept);
    doc.summary = audited.summary;
    doc.charts = audited.charts;
    if (withheld) doc.summary.trends = trendPoints(data, key, doc.summary, trendSources);
  }

  // The whole wave's breakdown tables: each row is that group's view (the same audited figures).
  const whole = views.get(WHOLE_WAVE)!;
  const breakdowns = Object.fromEntries(BREAKDOWNS.map((dim) => [dim, [] as BreakdownGroup[]])) as Record<BreakdownKey, BreakdownGroup[]>;
  for (const group of groups) {
    if (group.dim === null) continue;
    const view = views.get(group.key)!;
    // A group with no councils on the register now and no responses has no row.
    if (view.summary.population === 0 && group.at.length === 0) continue;
    breakdowns[group.dim].push(breakdownRow(view.summary, group.value!, view.summary.population, view.summary.figuresAsOf ?? null));
  }
  whole.summary = { ...whole.summary, breakdowns };

  const submitted = data.rows.length;
  const info: SnapshotInfo = { audience, cutAt: cut.cutAt, responses: isDisclosable(submitted, k) ? submitted : null, reason: cut.reason, seq: cut.seq };
  const documents = [...views.entries()].map(([key, doc]) => ({
    key,
    document: JSON.stringify({ ...doc, summary: withSnapshot(doc.summary, info) } satisfies SnapshotViewDocument),
  }));
  return {
    waveId: data.wave.id,
    audience,
    k,
    seq: cut.seq,
    cutAt: cut.cutAt,
    reason: cut.reason,
    waveStatus: data.wave.status,
    responses: submitted,
    // The snapshot id of a shown group is filled in on reading (it is this snapshot's row id).
    shownGroups: JSON.stringify(shown),
    buildMs: Math.round(performance.now() - started),
    views: documents,
  };
}

type TrendSources = { slug: string; title: string; indices: Map<string, WaveSummary["indices"] | undefined> | null }[];

/** Characters read of each earlier view for the trend: its index figures come within the first ~1,500 (the rest read only when they do not). */
const TREND_HEAD_CHARS = 2048;
const INDICES_PATH = ["summary", "indices"] as const;

/**
 * The latest snapshot (same audience) of each earlier wave: their figures are the trend's earlier
 * points. Only each view's `summary.indices` is read, out of the beginning of its stored document
 * (decision 069). Read while the build's queries run, when buildNextSnapshots started it.
 */
async function earlierWaveTrends(db: Db, data: SnapshotData, audience: Audience): Promise<TrendSources> {
  return data.earlierTrends?.get(audience) ?? readEarlierTrends(db, data.wave, data.waves, audience);
}

async function readEarlierTrends(db: Db, wave: Wave, waves: SnapshotData["waves"], audience: Audience): Promise<TrendSources> {
  const earlier = wavesBefore(waves, wave);
  const latest = new Map(
    (
      await listLatestSnapshots(
        db,
        earlier.map((w) => w.id),
        audience,
      )
    ).map((s) => [s.wave_id, s]),
  );
  const indicesOf = new Map<number, Map<string, WaveSummary["indices"] | undefined>>([...latest.values()].map((s) => [s.id, new Map()]));
  for (const { snapshot_id, view_key, head } of await listSnapshotViewHeads(db, [...indicesOf.keys()], TREND_HEAD_CHARS)) {
    let found = jsonValueInHead(head, INDICES_PATH);
    if (!found) {
      const whole = await findSnapshotViewDocument(db, snapshot_id, view_key);
      found = { value: whole === undefined ? undefined : jsonValueAt(whole, INDICES_PATH) };
    }
    indicesOf.get(snapshot_id)!.set(view_key, found.value as WaveSummary["indices"] | undefined);
  }
  return earlier.map((w) => {
    const snapshot = latest.get(w.id);
    return { slug: w.slug, title: w.title, indices: snapshot ? indicesOf.get(snapshot.id)! : null };
  });
}

function trendPoints(data: SnapshotData, key: string, current: WaveSummary, sources: TrendSources): TrendPoint[] {
  const point = (slug: string, title: string, indices: WaveSummary["indices"] | null): TrendPoint => ({
    wave: slug,
    title,
    indices: Object.fromEntries(
      INDEX_CODES.map((code) => {
        const cell = indices?.[code];
        return [code, !cell || cell.suppressed ? ALL_SUPPRESSED : { suppressed: false, n: cell.n, mean: cell.mean, ci95: cell.ci95 }];
      }),
    ) as TrendPoint["indices"],
  });
  const points = sources.map((s) => point(s.slug, s.title, s.indices?.get(key) ?? null));
  points.push(point(data.wave.slug, data.wave.title, current.indices));
  return points;
}

/** A build's parsed history, by snapshot id: staff's audit sees the public snapshots too, parsed once for both (decision 069). */
type ParsedHistory = Map<number, AuditHistory["groups"]>;

async function historyFor(db: Db, waveId: number, audience: Audience, parsed: ParsedHistory = new Map()): Promise<HistoryEntry[]> {
  const rows = await listSnapshotHistory(db, waveId, SEEN_BY[audience]);
  return rows.map(({ shown_groups, ...row }) => {
    let groups = parsed.get(row.id);
    if (!groups) {
      groups = (JSON.parse(shown_groups) as AuditHistory["groups"][number][]).map((g) => ({
        identity: g.identity,
        members: g.members,
        // A group shown in its own snapshot is stored before that snapshot has a row id.
        snapshot: g.snapshot === THIS_SNAPSHOT ? String(row.id) : g.snapshot,
        // Its item and measure cells (decisions 067, 072); absent in snapshots stored before they were audited.
        ...(g.items ? { items: g.items } : {}),
        ...(g.measures ? { measures: g.measures } : {}),
      }));
      parsed.set(row.id, groups);
    }
    return { row, groups };
  });
}

/**
 * Builds, without storing, the next snapshot of the wave for each audience: the database is only
 * read, so on SQLite this runs in the worker thread. null when there is no such wave.
 */
export async function buildNextSnapshots(db: Db, slug: string, audiences: readonly Audience[], reason: string, now: string): Promise<NewSnapshot[] | null> {
  const wave = await getWaveBySlug(db, slug);
  if (!wave) return null;
  // Everything is read at once: the wave's data, and each audience's latest snapshot, history and
  // trend. While the item counts are counted (most of the SQL's time on PostgreSQL), the figures
  // from the scores are computed (decision 069).
  const queries = startSnapshotQueries(db, wave);
  const parsedHistory: ParsedHistory = new Map();
  const earlier = new Map(
    audiences.map((audience) => [
      audience,
      {
        latest: awaitedLater(findLatestSnapshot(db, wave.id, audience)),
        history: awaitedLater(historyFor(db, wave.id, audience, parsedHistory)),
        trends: awaitedLater(queries.waves.then((waves) => readEarlierTrends(db, wave, waves, audience))),
      },
    ]),
  );
  const rows = await queries.rows;
  const stats = new StatsCache(rows);
  const byRows = rowGroups(rows);
  // A group of fewer than STAFF_K responses has fewer councils, so no audience sees its figures. A
  // group that cannot be computed (items of another number in one index) throws only if shown.
  for (const [key, { at }] of byRows) {
    if (at.length < STAFF_K) continue;
    try {
      stats.scoresOf(key, at);
    } catch {
      // Computed again, and thrown, when an audience shows the group.
    }
  }
  // The groups and each group's figures are the same for every audience: computed once, each
  // audience then audits them at its own k (decision 061). The groups and each audience's group
  // audit need the register, the statuses, the rows and the history, not the item counts: done
  // while those are still being counted (on PostgreSQL).
  const [councils, statuses] = await Promise.all([queries.councils, queries.statuses]);
  const groups = groupsOf({ councils, statuses, rows }, byRows);
  const audits = new Map<Audience, ReturnType<typeof groupAudit>>();
  for (const audience of audiences) audits.set(audience, groupAudit(groups, stats, audience, await earlier.get(audience)!.history));
  const [itemCounts, waves] = await Promise.all([queries.itemCounts, queries.waves]);
  const blankAnswers = await queryBlankAnswers(db, wave, rows, itemCounts);
  const data: SnapshotData = {
    wave,
    councils,
    statuses,
    rows,
    itemCounts,
    waves,
    blankAnswers,
    earlierTrends: new Map([...earlier].map(([audience, e]) => [audience, e.trends])),
  };
  withItemCounts(groups, itemCounts);
  const blanks = blankContributions(data, groups[0]!.members);
  const measures = new Map<string, ItemBlanks>([
    ...measureBlanks(stats.columns(), groups[0]!.members),
    ...headlineMeanBlanks(data, groups[0]!.members, blanks),
  ]);
  const built: NewSnapshot[] = [];
  for (const audience of audiences) {
    const { latest, history } = earlier.get(audience)!;
    built.push(
      await buildAudienceSnapshot(
        db,
        data,
        groups,
        stats,
        audience,
        await history,
        { cutAt: now, reason, seq: ((await latest)?.seq ?? 0) + 1 },
        blanks,
        measures,
        audits.get(audience),
      ),
    );
  }
  return built;
}

// ---------------------------------------------------------------------------------------------
// When to cut

/** Why a snapshot was cut; "trend": an earlier wave was imported, so the trend of this one gained a point (decision 053). */
export type CutReason = "first" | "closed" | "admin" | "changes" | "publish" | "trend";

/** When an open wave's figures may be cut again for its changes (decision 071). */
export interface ChangeCutPacing {
  /** The least time between an open wave's snapshots cut for changes; 0: as soon as k responses changed. */
  minIntervalMs: number;
  /** The time now (ms since the epoch). */
  now?: number;
}

/**
 * Why the wave's audience needs a new snapshot now, or null when the latest one stands (`latest`:
 * that snapshot, when the caller has just read it). During an open wave a snapshot is due once k
 * responses have been submitted, amended or withdrawn since the latest one, and that one is at
 * least `pacing.minIntervalMs` old.
 */
export async function snapshotDue(db: Db, wave: Wave, audience: Audience, latest?: SnapshotRow, pacing?: ChangeCutPacing): Promise<CutReason | null> {
  latest ??= await findLatestSnapshot(db, wave.id, audience);
  if (!latest) return "first";
  const closed = wave.status === "closed" || wave.status === "published";
  if (closed && latest.wave_status === "open") return "closed";
  if (wave.status !== "open") return null;
  if (pacing && (pacing.now ?? Date.now()) - Date.parse(latest.cut_at) < pacing.minIntervalMs) return null;
  if ((await countChangesSince(db, wave.id, latest.cut_at)) >= AUDIENCE_K[audience]) return "changes";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SnapshotView extends SnapshotViewDocument {
  waves: { slug: string; title: string }[];
}

/**
 * The latest snapshot of the wave for the audience and the stored view asked for, in one indexed
 * read: undefined when the wave has no snapshot for the audience yet; `view` null when the snapshot
 * does not offer that view.
 */
export async function readLatestSnapshotView(
  db: Db,
  waveId: number,
  audience: Audience,
  viewKey: string,
): Promise<{ snapshot: SnapshotRow; view: SnapshotView | null } | undefined> {
  const found = await findLatestSnapshotView(db, waveId, audience, viewKey);
  if (!found) return undefined;
  if (found.document === undefined) return { snapshot: found.snapshot, view: null };
  const waves = await listWavesInOrder(db);
  return {
    snapshot: found.snapshot,
    view: { ...(JSON.parse(found.document) as SnapshotViewDocument), waves: waves.map((w) => ({ slug: w.slug, title: w.title })) },
  };
}

export { insertSnapshot };
