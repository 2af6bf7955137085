import { countChartBins, snapshotCharts, type ChartCounts, type SnapshotCharts } from "../domain/chart-data";
import { PUBLIC_K, STAFF_K, cellFor, isDisclosable, type Cell } from "../domain/disclosure";
import { auditSnapshot, type AuditDecision, type AuditGroup, type AuditHistory } from "../domain/disclosure-audit";
import { auditItemCells, type ItemBlanks } from "../domain/disclosure-item-audit";
import { measureBlanks, measureCellsOf, withMeasureCells } from "./measure-cells.server";
import { INDEX_CODES, type IndexCode } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { wavesBefore } from "../domain/wave-order";
import type { Db } from "../models/db-types";
import {
  countChangesSince,
  findLatestSnapshot,
  findLatestSnapshotView,
  insertSnapshot,
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
  indexValuesOf,
  alphaCell,
  gapFiguresOf,
  indexFiguresOf,
  itemCellsOf,
  itemTallies,
  completeItemVectors,
  reliabilityOfComplete,
  normaliseFilters,
  numberItemValues,
  summarisedItemIds,
  numberItemCells,
  present,
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
}

async function gatherData(db: Db, wave: Wave): Promise<SnapshotData> {
  const instrument = getInstrument(wave.instrument_version);
  const itemIds = summarisedItemIds(instrument);
  const [councils, statuses, rows, itemCounts, waves] = await Promise.all([
    listCouncilGroups(db),
    listResponseStatuses(db, wave.id),
    listSubmittedScores(db, [wave.id], {}, { withItemValues: true }),
    countItemValuesByGroup(db, wave.id, itemIds),
    listWavesInOrder(db),
  ]);
  return { wave, councils, statuses, rows, itemCounts, waves };
}

const token = (row: ScoreRow) => `${row.council_id}@${Number(row.submission_count)}`;

/**
 * Per summarised item, the contributions that left it blank (decision 067), or for an item most
 * responses left blank, `{ answered }`: those that did not. The item counts tell which items every
 * response answered; only the others are asked for.
 */
async function blankContributions(db: Db, data: SnapshotData): Promise<Map<string, ItemBlanks>> {
  const answered = new Map<string, number>();
  for (const c of data.itemCounts) answered.set(c.itemId, (answered.get(c.itemId) ?? 0) + c.n);
  const total = data.rows.length;
  const partly = total === 0 ? [] : summarisedItemIds(getInstrument(data.wave.instrument_version)).filter((id) => (answered.get(id) ?? 0) !== total);
  const mostlyBlank = partly.filter((id) => 2 * (answered.get(id) ?? 0) < total);
  const tokenOf = new Map(data.rows.map((r) => [r.council_id, token(r)]));
  const lists = new Map<string, string[]>(partly.map((id) => [id, []]));
  const rows = [
    ...(await listBlankAnswers(
      db,
      data.wave.id,
      partly.filter((id) => !mostlyBlank.includes(id)),
    )),
    ...(await listItemAnswerers(db, data.wave.id, mostlyBlank)),
  ];
  for (const { itemId, councilId } of rows) {
    const t = tokenOf.get(councilId);
    if (t !== undefined) lists.get(itemId)!.push(t);
  }
  const blanks = new Map<string, ItemBlanks>();
  for (const [itemId, list] of lists) blanks.set(itemId, mostlyBlank.includes(itemId) ? { answered: list } : list);
  return blanks;
}

interface ViewGroup {
  key: string;
  dim: BreakdownKey | null;
  value: string | null;
  rows: ScoreRow[];
  /** Per index, the item values of the group's rows that answered all its items (for Cronbach's α). */
  complete: Record<IndexCode, number[][]>;
  /** Each row's complete item vectors per index (rows[i]'s at i), for whose α is over whom (decision 072). */
  vectors: Partial<Record<IndexCode, number[]>>[];
  /** The group's contributions (audit tokens), the same for every audience. */
  members: string[];
  /** Answers per item and value in the group. */
  itemCounts: { itemId: string; value: string; n: number }[];
  /** Active councils of the group on the register. */
  population: number;
  /** The group's responses in progress. */
  inProgress: number;
}

/** The whole wave and every group of every breakdown (each also a filter view), counted in one pass each. */
function viewGroups(data: SnapshotData): ViewGroup[] {
  const active = data.councils.filter((c) => c.active === 1);
  const councilById = new Map(data.councils.map((c) => [c.id, c]));
  const inProgressCouncils = data.statuses.filter((s) => s.status === "in_progress").map((s) => councilById.get(s.council_id));
  // Each row's item values parsed once for every group it is in.
  const vectors = data.rows.map(completeItemVectors);
  const completeOf = (indices: readonly number[]) =>
    Object.fromEntries(INDEX_CODES.map((code) => [code, indices.map((i) => vectors[i]![code]).filter((v): v is number[] => v !== undefined)])) as Record<
      IndexCode,
      number[][]
    >;
  // countItemValuesByGroup splits each (item, value) by type/region/nation: add them up per group, in one pass.
  const counted = new Map<string, Map<string, Map<string, { itemId: string; value: string; n: number }>>>();
  const addCount = (key: string, c: SnapshotData["itemCounts"][number]) => {
    let byItem = counted.get(key);
    if (!byItem) counted.set(key, (byItem = new Map()));
    let byValue = byItem.get(c.itemId);
    if (!byValue) byItem.set(c.itemId, (byValue = new Map()));
    const m = byValue.get(c.value);
    if (m) m.n += c.n;
    else byValue.set(c.value, { itemId: c.itemId, value: c.value, n: c.n });
  };
  for (const c of data.itemCounts) {
    addCount(WHOLE_WAVE, c);
    for (const dim of BREAKDOWNS) addCount(`${dim}:${c[dim]}`, c);
  }
  const itemCountsOf = (key: string) => [...(counted.get(key)?.values() ?? [])].flatMap((byValue) => [...byValue.values()]);
  const groups: ViewGroup[] = [
    {
      key: WHOLE_WAVE,
      dim: null,
      value: null,
      rows: data.rows,
      complete: completeOf(data.rows.map((_, i) => i)),
      vectors,
      members: data.rows.map(token),
      itemCounts: itemCountsOf(WHOLE_WAVE),
      population: active.length,
      inProgress: inProgressCouncils.filter((c) => c !== undefined).length,
    },
  ];
  for (const dim of BREAKDOWNS) {
    const tally = (list: readonly (CouncilGroups | undefined)[]) => {
      const counts = new Map<string, number>();
      for (const c of list) if (c) counts.set(c[dim], (counts.get(c[dim]) ?? 0) + 1);
      return counts;
    };
    const population = tally(active);
    const inProgress = tally(inProgressCouncils);
    const rowsBy = new Map<string, number[]>();
    data.rows.forEach((row, i) => {
      const list = rowsBy.get(row[dim]);
      if (list) list.push(i);
      else rowsBy.set(row[dim], [i]);
    });
    const values = new Set([...population.keys(), ...rowsBy.keys()]);
    for (const value of [...values].sort((a, b) => a.localeCompare(b))) {
      const indices = rowsBy.get(value) ?? [];
      const rows = indices.map((i) => data.rows[i]!);
      const key = `${dim}:${value}`;
      groups.push({
        key,
        dim,
        value,
        rows,
        complete: completeOf(indices),
        vectors: indices.map((i) => vectors[i]!),
        members: rows.map(token),
        itemCounts: itemCountsOf(key),
        population: population.get(value) ?? 0,
        inProgress: inProgress.get(value) ?? 0,
      });
    }
  }
  return groups;
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
  chartInputs: { indexValues: Record<IndexCode, number[]>; techVsGap: [number, number][]; gaps: number[] };
  chartCounts: ChartCounts;
  /** The number items' values (BURDEN7, BURDEN8), for their histograms. */
  numberItems: ReturnType<typeof numberItemValues>;
}

/** A build's shared state: each group's k-independent figures, computed on first use. */
type StatsCache = Map<string, GroupStats>;

function groupStats(data: SnapshotData, group: ViewGroup, cache: StatsCache): GroupStats {
  const cached = cache.get(group.key);
  if (cached) return cached;
  const instrument = getInstrument(data.wave.instrument_version);
  const rows = group.rows;
  const indexValues = indexValuesOf(rows);
  const techVsGap = rows.filter((r) => r.tech !== null && r.gap !== null).map((r): [number, number] => [r.tech as number, r.gap as number]);
  const gaps = present(rows.map((r) => r.gap));
  const stats: GroupStats = {
    inProgress: group.inProgress,
    indices: indexFiguresOf(indexValues),
    reliability: Object.fromEntries(INDEX_CODES.map((code) => [code, reliabilityOfComplete(group.complete[code])])) as GroupStats["reliability"],
    gaps: gapFiguresOf(rows),
    items: itemTallies(instrument, group.itemCounts),
    chartInputs: {
      indexValues,
      techVsGap,
      gaps,
    },
    chartCounts: countChartBins(indexValues, techVsGap, gaps),
    numberItems: numberItemValues(instrument, group.itemCounts),
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
  const rows = group.rows;
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
      submitted: rows.length,
      inProgress: stats.inProgress,
      notStarted: Math.max(0, population - rows.length - stats.inProgress),
      responseRate: population === 0 ? null : rows.length / population,
    },
    indices,
    gaps: { GAP: cellFor(stats.gaps.GAP, k), HEADLINE_GAP: cellFor(stats.gaps.HEADLINE_GAP, k) },
    items: { ...numberItemCells(stats.numberItems, k), ...itemCellsOf(stats.items, k) },
    breakdowns: { type: [], region: [], nation: [] },
    trends: [],
  };
  const charts = snapshotCharts(stats.chartInputs.indexValues, stats.chartInputs.techVsGap, stats.chartInputs.gaps, k, stats.numberItems, stats.chartCounts);
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
): Promise<NewSnapshot> {
  const started = performance.now();
  const k = AUDIENCE_K[audience];
  const instrument = getInstrument(data.wave.instrument_version);
  const scoredItemIds = summarisedItemIds(instrument);
  const auditGroups: AuditGroup[] = groups.map((g) => ({ key: g.key, identity: g.key, members: g.members, protect: g.key === WHOLE_WAVE }));
  const auditHistory = history.map((h) => ({ snapshot: String(h.row.id), groups: h.groups }));
  const { decisions, sets } = auditSnapshot({ k, groups: auditGroups, history: auditHistory });

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

  const activeCouncils = data.councils.filter((c) => c.active === 1);
  const options = Object.fromEntries(
    BREAKDOWNS.map((dim) => [dim, [...new Set(activeCouncils.map((c) => c[dim]))].sort((a, b) => a.localeCompare(b))]),
  ) as Record<BreakdownKey, string[]>;

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
      measureCells.set(group.key, measureCellsOf(built.summary, built.charts, group.rows, group.vectors, k));
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
  // The index, α and gap cells the same way, over the measures' sets (decision 072); the history's
  // measure records stand for its item records, and an entry stored without them is read as
  // showing every measure, as decision 067 reads an entry without item records.
  const measureHistory = auditHistory.map((h) => ({
    snapshot: h.snapshot,
    groups: h.groups.map(({ items: _items, measures: stored, ...g }) => ({ ...g, ...(stored ? { items: stored } : {}) })),
  }));
  const measureAudit = auditItemCells({
    k,
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
    if (view.summary.population === 0 && group.rows.length === 0) continue;
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

type TrendSources = { slug: string; title: string; views: Map<string, SnapshotViewDocument> | null }[];

/** The latest snapshot (same audience) of each earlier wave: their figures are the trend's earlier points. */
async function earlierWaveTrends(db: Db, data: SnapshotData, audience: Audience): Promise<TrendSources> {
  const earlier = wavesBefore(data.waves, data.wave);
  const sources: TrendSources = [];
  for (const w of earlier) {
    const latest = await findLatestSnapshot(db, w.id, audience);
    const views = latest ? new Map((await listSnapshotViews(db, latest.id)).map((v) => [v.view_key, JSON.parse(v.document) as SnapshotViewDocument])) : null;
    sources.push({ slug: w.slug, title: w.title, views });
  }
  return sources;
}

function trendPoints(data: SnapshotData, key: string, current: WaveSummary, sources: TrendSources): TrendPoint[] {
  const point = (slug: string, title: string, summary: WaveSummary | null): TrendPoint => ({
    wave: slug,
    title,
    indices: Object.fromEntries(
      INDEX_CODES.map((code) => {
        const cell = summary?.indices[code];
        return [code, !cell || cell.suppressed ? ALL_SUPPRESSED : { suppressed: false, n: cell.n, mean: cell.mean, ci95: cell.ci95 }];
      }),
    ) as TrendPoint["indices"],
  });
  const points = sources.map((s) => point(s.slug, s.title, s.views?.get(key)?.summary ?? null));
  points.push(point(data.wave.slug, data.wave.title, current));
  return points;
}

async function historyFor(db: Db, waveId: number, audience: Audience): Promise<HistoryEntry[]> {
  const rows = await listSnapshotHistory(db, waveId, SEEN_BY[audience]);
  return rows.map(({ shown_groups, ...row }) => ({
    row,
    groups: (JSON.parse(shown_groups) as AuditHistory["groups"][number][]).map((g) => ({
      identity: g.identity,
      members: g.members,
      // A group shown in its own snapshot is stored before that snapshot has a row id.
      snapshot: g.snapshot === THIS_SNAPSHOT ? String(row.id) : g.snapshot,
      // Its item cells (decision 067); absent in snapshots stored before they were audited.
      ...(g.items ? { items: g.items } : {}),
      // Its index, α and gap cells (decision 072); absent in snapshots stored before those were audited.
      ...(g.measures ? { measures: g.measures } : {}),
    })),
  }));
}

/**
 * Builds, without storing, the next snapshot of the wave for each audience: the database is only
 * read, so on SQLite this runs in the worker thread. null when there is no such wave.
 */
export async function buildNextSnapshots(db: Db, slug: string, audiences: readonly Audience[], reason: string, now: string): Promise<NewSnapshot[] | null> {
  const wave = await getWaveBySlug(db, slug);
  if (!wave) return null;
  const data = await gatherData(db, wave);
  // The groups and each group's figures are the same for every audience: computed once, each
  // audience then audits them at its own k (decision 061).
  const groups = viewGroups(data);
  const blanks = await blankContributions(db, data);
  const measures = measureBlanks(data.rows, groups[0]!.members, groups[0]!.vectors);
  const stats: StatsCache = new Map();
  const built: NewSnapshot[] = [];
  for (const audience of audiences) {
    const latest = await findLatestSnapshot(db, wave.id, audience);
    const history = await historyFor(db, wave.id, audience);
    built.push(await buildAudienceSnapshot(db, data, groups, stats, audience, history, { cutAt: now, reason, seq: (latest?.seq ?? 0) + 1 }, blanks, measures));
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
