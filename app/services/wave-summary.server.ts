import { pairsOf, snapshotCharts } from "../domain/chart-data";
import { PUBLIC_K, STAFF_K, cellFor, isDisclosable, suppressBreakdown, type Cell } from "../domain/disclosure";
import { COLLAPSED_CODES, collapseNearUnanimous, oecdGroupingOfCounts, protectSmallCounts, scaleDistributionOfCounts } from "../domain/distributions";
import { INDEX_CODES, allItems, isScoredScale, scaleCodes, type IndexCode, type Instrument } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { isNumberScale, numberItemFigures, numberItemOfCounts, numberValues, type NumberItemFigures, type NumberScale } from "../domain/number-items";
import type { MergedBin } from "../domain/chart-data";
import { cronbachAlpha, describe, pairedGap, type Numbers } from "../domain/statistics";
import { wavesUpTo } from "../domain/wave-order";
import {
  BREAKDOWNS,
  type GapCode,
  type BreakdownKey,
  type IndexFigures,
  type GapFigures,
  type ItemFigures,
  type ItemCell,
  type BreakdownGroup,
  type TrendPoint,
  type WaveSummary,
  type SummaryCharts,
  type WaveSummaryResult,
} from "../domain/wave-summary";
import type { Db } from "../models/db-types";
import { parseItemValues } from "../models/scores.server";
import {
  waveDataFingerprint,
  countItemValues,
  listCouncilGroups,
  listResponseStatuses,
  listSubmittedScores,
  type CouncilGroups,
  type GroupFilters,
  type ScoreRow,
} from "../models/summary-data.server";
import { getWaveBySlug, listWavesOldestFirst } from "../models/wave.server";
import type { Wave } from "../../db/schema";

// The summary of one wave for staff (documented in docs/summary-json.md).
// Built from stored scores and SQL item counts; disclosure control is applied here, before the
// document leaves the service, so neither the API, the CLI, the dashboard nor an export can
// show a figure about fewer than k councils.

export { BREAKDOWNS, GAP_CODES } from "../domain/wave-summary";
export type {
  GapCode,
  BreakdownKey,
  IndexFigures,
  GapFigures,
  ItemFigures,
  BreakdownGroup,
  TrendPoint,
  SnapshotInfo,
  WaveSummary,
  SummaryCharts,
  WaveSummaryResult,
} from "../domain/wave-summary";

/** The filters of a summary from a URL's query string (?type=CODE&region=NAME&nation=NAME). */
export function filtersFromUrl(url: URL): GroupFilters {
  return { type: url.searchParams.get("type"), region: url.searchParams.get("region"), nation: url.searchParams.get("nation") };
}

export function normaliseFilters(input: GroupFilters): WaveSummary["filters"] {
  const clean = (v: string | null | undefined) => (v && v.trim() !== "" ? v.trim() : null);
  return { type: clean(input.type), region: clean(input.region), nation: clean(input.nation) };
}

export const INDEX_COLUMN: Record<IndexCode, "presc" | "burden" | "tech" | "ltc" | "pct"> = {
  PRESC: "presc",
  BURDEN: "burden",
  TECH: "tech",
  LTC: "ltc",
  PCT: "pct",
};

export const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

function matches(council: CouncilGroups, filters: WaveSummary["filters"]): boolean {
  return (
    (filters.type === null || council.type === filters.type) &&
    (filters.region === null || council.region === filters.region) &&
    (filters.nation === null || council.nation === filters.nation)
  );
}

// Each figure in two steps: the k-independent figures of a group (computed once per group, shared
// by a snapshot's two audiences, decision 061), then the cell a threshold k allows.

/** n, mean, SD, median and 95% CI of each index over its values (no threshold applied). */
export function indexFiguresOf(values: Readonly<Record<IndexCode, Numbers>>): Record<IndexCode, Omit<IndexFigures, "alpha" | "alphaN">> {
  return Object.fromEntries(
    INDEX_CODES.map((code) => {
      const { n, mean, sd, median, ci95 } = describe(values[code]);
      return [code, { n, mean, sd, median, ci95 }];
    }),
  ) as Record<IndexCode, Omit<IndexFigures, "alpha" | "alphaN">>;
}

/** Each index's present values over the rows. */
export function indexValuesOf(rows: readonly ScoreRow[]): Record<IndexCode, number[]> {
  return Object.fromEntries(INDEX_CODES.map((code) => [code, present(rows.map((r) => r[INDEX_COLUMN[code]]))])) as Record<IndexCode, number[]>;
}

export function indexCells(rows: readonly ScoreRow[], k: number) {
  const figures = indexFiguresOf(indexValuesOf(rows));
  return Object.fromEntries(INDEX_CODES.map((code) => [code, cellFor(figures[code], k)])) as Record<IndexCode, Cell<Omit<IndexFigures, "alpha" | "alphaN">>>;
}

/** The paired-gap figures of GAP and HEADLINE_GAP over the rows (no threshold applied). */
export function gapFiguresOf(rows: readonly ScoreRow[]): Record<GapCode, GapFigures> {
  return gapFiguresOfValues(present(rows.map((r) => r.gap)), present(rows.map((r) => r.headline_gap)));
}

/** The paired-gap figures from the present GAP and HEADLINE_GAP values (no threshold applied). */
export function gapFiguresOfValues(gap: Numbers, headlineGap: Numbers): Record<GapCode, GapFigures> {
  const figures = (values: Numbers): GapFigures => {
    const g = pairedGap(values);
    return {
      n: g.n,
      meanDiff: g.meanDiff,
      ci95: g.ci95,
      medianDiff: g.medianDiff,
      wPlus: g.wPlus,
      z: g.z,
      p: g.p,
      shareNegative: g.shareNegative,
      shareZero: g.shareZero,
      sharePositive: g.sharePositive,
      nNonZero: g.nNonZero,
    };
  };
  return { GAP: figures(gap), HEADLINE_GAP: figures(headlineGap) };
}

export function gapCells(rows: readonly ScoreRow[], k: number): Record<GapCode, Cell<GapFigures>> {
  const figures = gapFiguresOf(rows);
  return { GAP: cellFor(figures.GAP, k), HEADLINE_GAP: cellFor(figures.HEADLINE_GAP, k) };
}

/** The row's rescaled item values of each index that it answered in full (the rows Cronbach's α is over). */
export function completeItemVectors(row: ScoreRow): Partial<Record<IndexCode, number[]>> {
  const values = parseItemValues(row.item_values);
  const out: Partial<Record<IndexCode, number[]>> = {};
  for (const code of INDEX_CODES) {
    const list = values[code];
    if (list && list.length > 0 && list.every((v) => v !== null)) out[code] = list as number[];
  }
  return out;
}

/** Cronbach's α over the complete rows of an index, and how many there are (no threshold applied). */
export function reliabilityOfComplete(complete: readonly (readonly number[])[]): { alpha: number | null; n: number } {
  return complete.length < 2 ? { alpha: null, n: complete.length } : cronbachAlpha(complete);
}

/** Cronbach's α of the index over the rows that answered every item, and how many did (no threshold applied). */
export function reliabilityOf(rows: readonly ScoreRow[], code: IndexCode): { alpha: number | null; n: number } {
  const complete: number[][] = [];
  for (const row of rows) {
    const vector = completeItemVectors(row)[code];
    if (vector) complete.push(vector);
  }
  return reliabilityOfComplete(complete);
}

/** α is shown only when at least k responses answered every item of the index. */
export function alphaCell(reliability: { alpha: number | null; n: number }, k: number): { alpha: number | null; alphaN: number | null } {
  return isDisclosable(reliability.n, k) ? { alpha: reliability.alpha, alphaN: reliability.n } : { alpha: null, alphaN: null };
}

export function alphaFor(rows: readonly ScoreRow[], code: IndexCode, k: number): { alpha: number | null; alphaN: number | null } {
  return alphaCell(reliabilityOf(rows, code), k);
}

/** Answers per code of one item in a group (every code of the scale present, dk included). */
export interface ItemTally {
  item: ReturnType<typeof allItems>[number];
  n: number;
  tally: Record<string, number>;
}

/** The answer counts of every item with a distribution, from the SQL counts (no threshold applied). */
export function itemTallies(instrument: Instrument, counts: Awaited<ReturnType<typeof countItemValues>>): ItemTally[] {
  const byItem = new Map<string, typeof counts>();
  for (const c of counts) {
    const list = byItem.get(c.itemId);
    if (list) list.push(c);
    else byItem.set(c.itemId, [c]);
  }
  const out: ItemTally[] = [];
  for (const item of allItems(instrument)) {
    if (!(isScoredScale(item.scale) || item.scale === "choice" || item.scale === "multi")) continue;
    const rows = byItem.get(item.id) ?? [];
    const n = rows.reduce((sum, r) => sum + r.n, 0);
    const tally: Record<string, number> = {};
    for (const code of scaleCodes(item)) tally[code] = 0;
    for (const row of rows) {
      const codes = item.scale === "multi" ? row.value.split(";").filter((c) => c !== "") : [row.value];
      for (const code of codes) tally[code] = (tally[code] ?? 0) + row.n;
    }
    out.push({ item, n, tally });
  }
  return out;
}

/** The item cells a threshold k allows (the k = 10 collapse, and small answer counts merged or suppressed: decision 062). */
export function itemCellsOf(tallies: readonly ItemTally[], k: number): Record<string, Cell<ItemFigures>> {
  const items: Record<string, Cell<ItemFigures>> = {};
  for (const { item, n, tally } of tallies) {
    const figures: ItemFigures = { n, counts: { ...tally } };
    if (item.scale === "L5" || item.scale === "M5") {
      const known = new Set(scaleCodes(item));
      if (Object.keys(tally).every((c) => known.has(c))) {
        const collapsed = k >= PUBLIC_K ? collapseNearUnanimous(tally, scaleCodes(item)) : null;
        if (collapsed) {
          // The group attribute rule for k = 10 audiences (INSTRUMENT.md): three categories only.
          figures.counts = collapsed;
          figures.collapsed = true;
          figures.distribution = scaleDistributionOfCounts(collapsed, [...COLLAPSED_CODES, "dk"]);
        } else figures.distribution = scaleDistributionOfCounts(tally, scaleCodes(item));
      }
    } else if (item.scale === "T11") {
      figures.oecd = oecdGroupingOfCounts(Object.fromEntries(Object.entries(tally).filter(([c]) => /^(?:10|[0-9]|dk)$/.test(c))));
    }
    const cell = cellFor(figures, k);
    const kept = cell.suppressed ? null : protectSmallCounts(item.scale, scaleCodes(item), cell, k);
    items[item.id] = kept ?? { suppressed: true };
  }
  return items;
}

/** The items a summary carries a cell for: every item but free text (never shown in aggregates). */
export function summarisedItemIds(instrument: Instrument): string[] {
  return allItems(instrument)
    .filter((i) => isScoredScale(i.scale) || i.scale === "choice" || i.scale === "multi" || isNumberScale(i.scale))
    .map((i) => i.id);
}

/** Each number item's answers as numbers, from the (item, value, count) rows. */
export function numberItemValues(
  instrument: Instrument,
  counts: readonly { itemId: string; value: string; n: number }[],
): Record<string, { scale: NumberScale; values: number[] }> {
  const out: Record<string, { scale: NumberScale; values: number[] }> = {};
  for (const item of allItems(instrument)) {
    if (isNumberScale(item.scale)) out[item.id] = { scale: item.scale, values: numberValues(counts.filter((c) => c.itemId === item.id)) };
  }
  return out;
}

/** The number items' figures and histograms' starting bins, from the (item, value, count) rows without listing every answer (decision 069). */
export function numberItemsOfCounts(
  instrument: Instrument,
  counts: readonly { itemId: string; value: string; n: number }[],
): { figures: Record<string, NumberItemFigures>; bins: Record<string, MergedBin[]> } {
  const figures: Record<string, NumberItemFigures> = {};
  const bins: Record<string, MergedBin[]> = {};
  for (const item of allItems(instrument)) {
    if (!isNumberScale(item.scale)) continue;
    const of = numberItemOfCounts(
      item.scale,
      counts.filter((c) => c.itemId === item.id),
    );
    figures[item.id] = of.figures;
    bins[item.id] = of.bins;
  }
  return { figures, bins };
}

/** The number items' cells (n, median, quartiles, mean) a threshold k allows. */
export function numberItemCells(values: Readonly<Record<string, { values: readonly number[] }>>, k: number): Record<string, ItemCell> {
  return numberItemCellsOf(numberItemFiguresOf(values), k);
}

/** The number items' figures (no threshold applied). */
export function numberItemFiguresOf(values: Readonly<Record<string, { values: readonly number[] }>>): Record<string, NumberItemFigures> {
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [id, numberItemFigures(v.values)]));
}

/** The number items' cells a threshold k allows, from their figures. */
export function numberItemCellsOf(figures: Readonly<Record<string, NumberItemFigures>>, k: number): Record<string, ItemCell> {
  return Object.fromEntries(Object.entries(figures).map(([id, f]) => [id, cellFor(f, k)]));
}

export function itemCells(instrument: Instrument, counts: Awaited<ReturnType<typeof countItemValues>>, k: number): Record<string, ItemCell> {
  return { ...numberItemCells(numberItemValues(instrument, counts), k), ...itemCellsOf(itemTallies(instrument, counts), k) };
}

const ALL_SUPPRESSED = { suppressed: true } as const;

// Built summaries, per database and per (wave, filters, k), kept while the wave's data fingerprint
// is unchanged: a dashboard view then costs a few cheap queries instead of aggregating every
// answer again. Each process keeps its own, so several processes on PostgreSQL stay correct.
const summaryCache = new WeakMap<Db, Map<string, { fingerprint: string; result: WaveSummaryResult }>>();
const SUMMARY_CACHE_ENTRIES = 100;

/**
 * The staff summary of a wave for the councils matching the filters, with every cell of fewer
 * than k submitted responses suppressed (and the secondary suppression rule in each breakdown).
 * null when there is no such wave.
 */
export async function buildWaveSummary(db: Db, slug: string, rawFilters: GroupFilters = {}, options: { k?: number } = {}): Promise<WaveSummaryResult | null> {
  const k = options.k ?? STAFF_K;
  const wave = await getWaveBySlug(db, slug);
  if (!wave) return null;
  const key = JSON.stringify([wave.id, normaliseFilters(rawFilters), k]);
  const fingerprint = await waveDataFingerprint(db, wave.id);
  let cache = summaryCache.get(db);
  if (!cache) {
    cache = new Map();
    summaryCache.set(db, cache);
  }
  const cached = cache.get(key);
  if (cached && cached.fingerprint === fingerprint) return cached.result;
  const result = await computeWaveSummary(db, wave, rawFilters, k);
  cache.delete(key);
  cache.set(key, { fingerprint, result });
  if (cache.size > SUMMARY_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return result;
}

async function computeWaveSummary(db: Db, wave: Wave, rawFilters: GroupFilters, k: number): Promise<WaveSummaryResult> {
  const filters = normaliseFilters(rawFilters);
  const instrument = getInstrument(wave.instrument_version);

  const councils = await listCouncilGroups(db);
  const councilById = new Map(councils.map((c) => [c.id, c]));
  const inFilter = councils.filter((c) => matches(c, filters));
  const activeInFilter = inFilter.filter((c) => c.active === 1);
  const statuses = (await listResponseStatuses(db, wave.id)).filter((r) => {
    const council = councilById.get(r.council_id);
    return council !== undefined && matches(council, filters);
  });
  const rows = await listSubmittedScores(db, [wave.id], filters, { withItemValues: true });
  const submitted = rows.length;
  const inProgress = statuses.filter((s) => s.status === "in_progress").length;
  const population = activeInFilter.length;
  const disclosed = isDisclosable(submitted, k);

  const indexFigures = indexCells(rows, k);
  const indices = Object.fromEntries(
    INDEX_CODES.map((code) => {
      const cell = indexFigures[code];
      return [code, cell.suppressed || !disclosed ? ALL_SUPPRESSED : { ...cell, ...alphaFor(rows, code, k) }];
    }),
  ) as Record<IndexCode, Cell<IndexFigures>>;
  const gaps = disclosed ? gapCells(rows, k) : { GAP: ALL_SUPPRESSED, HEADLINE_GAP: ALL_SUPPRESSED };

  const itemIds = summarisedItemIds(instrument);
  const itemCounts = disclosed ? await countItemValues(db, wave.id, itemIds, filters) : [];
  const items = disclosed ? itemCells(instrument, itemCounts, k) : Object.fromEntries(itemIds.map((id) => [id, ALL_SUPPRESSED]));

  const breakdowns = Object.fromEntries(
    BREAKDOWNS.map((key) => {
      const groupNames = [...new Set(activeInFilter.map((c) => c[key]))].sort((a, b) => a.localeCompare(b));
      const groups = groupNames.map((group) => {
        const groupRows = rows.filter((r) => r[key] === group);
        return {
          group,
          population: activeInFilter.filter((c) => c[key] === group).length,
          n: groupRows.length,
          rows: groupRows,
        };
      });
      // Responses from councils since retired still count in the total, so they get a group too.
      for (const row of rows) {
        if (!groupNames.includes(row[key])) {
          groupNames.push(row[key]);
          groups.push({ group: row[key], population: 0, n: rows.filter((r) => r[key] === row[key]).length, rows: rows.filter((r) => r[key] === row[key]) });
        }
      }
      const protectedGroups = suppressBreakdown(groups, k, { hasTotal: true });
      return [
        key,
        protectedGroups.map((g): BreakdownGroup => {
          if (g.suppressed || !disclosed) return { group: g.group, population: g.population, suppressed: true };
          const council = (id: number) => councilById.get(id);
          return {
            group: g.group,
            population: g.population,
            suppressed: false,
            n: g.n,
            inProgress: statuses.filter((s) => s.status === "in_progress" && council(s.council_id)?.[key] === g.group).length,
            indices: indexCells(g.rows, k),
            gaps: gapCells(g.rows, k),
          };
        }),
      ];
    }),
  ) as Record<BreakdownKey, BreakdownGroup[]>;

  const allWaves = await listWavesOldestFirst(db);
  const trendWaves = wavesUpTo(allWaves, wave);
  const trendRows = await listSubmittedScores(
    db,
    trendWaves.map((w) => w.id),
    filters,
  );
  const trends: TrendPoint[] = trendWaves.map((w) => {
    const waveRows = w.id === wave.id ? rows : trendRows.filter((r) => r.wave_id === w.id);
    const cells = indexCells(waveRows, k);
    const waveDisclosed = isDisclosable(waveRows.length, k);
    return {
      wave: w.slug,
      title: w.title,
      indices: Object.fromEntries(
        INDEX_CODES.map((code) => {
          const cell = cells[code];
          return [code, cell.suppressed || !waveDisclosed ? ALL_SUPPRESSED : { suppressed: false, n: cell.n, mean: cell.mean, ci95: cell.ci95 }];
        }),
      ) as TrendPoint["indices"],
    };
  });

  const summary: WaveSummary = {
    wave: { slug: wave.slug, title: wave.title, status: wave.status, opensOn: wave.opens_on, closesOn: wave.closes_on },
    instrumentVersion: wave.instrument_version,
    k,
    filters,
    population,
    responses: disclosed
      ? {
          suppressed: false,
          submitted,
          inProgress,
          notStarted: Math.max(0, population - submitted - inProgress),
          responseRate: population === 0 ? null : submitted / population,
        }
      : ALL_SUPPRESSED,
    indices,
    gaps,
    items,
    breakdowns,
    trends,
  };

  const charts: SummaryCharts | null = disclosed
    ? snapshotCharts(
        Object.fromEntries(INDEX_CODES.map((code) => [code, present(rows.map((r) => r[INDEX_COLUMN[code]]))])),
        pairsOf(rows.filter((r) => r.tech !== null && r.gap !== null).map((r): [number, number] => [r.tech as number, r.gap as number])),
        present(rows.map((r) => r.gap)),
        k,
        numberItemValues(instrument, itemCounts),
      )
    : null;

  const filterOptions = Object.fromEntries(
    BREAKDOWNS.map((key) => [key, [...new Set(councils.filter((c) => c.active === 1).map((c) => c[key]))].sort((a, b) => a.localeCompare(b))]),
  ) as Record<BreakdownKey, string[]>;

  return { summary, charts, options: filterOptions, waves: allWaves.map((w) => ({ slug: w.slug, title: w.title })) };
}

/** The summary as the API and `npm run report` print it: the same bytes from both. */
export function summaryJson(summary: WaveSummary): string {
  return JSON.stringify(summary, null, 2);
}
