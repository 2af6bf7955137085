// Index, α and gap cells audited like item cells (decision 072; INSTRUMENT.md, "Disclosure control").
// An index's figures in a group are over the group's responses that have a value for it (the
// two-thirds rule), Cronbach's α over those that answered every item of the index, a gap's over the
// paired councils, the TECH × GAP chart over the councils with both: each is a set that can differ
// from the group's responses by 1…k−1 councils. Each is a "measure cell": the group's contributions
// minus those without a value, given to auditItemCells exactly like an item cell.

import type { SnapshotCharts } from "../domain/chart-data";
import type { Cell } from "../domain/disclosure";
import { INDEX_CODES, type IndexCode } from "../domain/instrument";
import type { ScoreColumns } from "../domain/score-columns";
import type { GapCode, GapFigures, IndexFigures, WaveSummary } from "./wave-summary.server";

export const GAP_CODES: readonly GapCode[] = ["GAP", "HEADLINE_GAP"];
/** The TECH × GAP chart's councils (TECH and GAP both present). */
export const TECH_GAP = "TECH×GAP";
export const alphaOf = (code: IndexCode) => `${code}:alpha`;

/**
 * Per measure, the contributions of the snapshot without a value (`tokens[i]` is row i's
 * contribution): one pass over the wave's score columns (decision 069), a missing index, gap or TECH
 * being NaN there and an index whose items row i did not all answer having no item values.
 */
export function measureBlanks(columns: ScoreColumns, tokens: readonly string[]): Map<string, string[]> {
  const blanks = new Map<string, string[]>();
  for (const id of [...INDEX_CODES, ...INDEX_CODES.map(alphaOf), ...GAP_CODES, TECH_GAP]) blanks.set(id, []);
  const lists = INDEX_CODES.map((code) => blanks.get(code)!);
  const alphaLists = INDEX_CODES.map((code) => blanks.get(alphaOf(code))!);
  const gapColumns: Record<GapCode, Float64Array> = { GAP: columns.gap, HEADLINE_GAP: columns.headlineGap };
  for (let i = 0; i < columns.rows; i++) {
    const t = tokens[i]!;
    for (let c = 0; c < INDEX_CODES.length; c++) {
      const code = INDEX_CODES[c]!;
      if (Number.isNaN(columns.index[code][i]!)) lists[c]!.push(t);
      if (columns.items[code].count[i] === 0) alphaLists[c]!.push(t);
    }
    for (const code of GAP_CODES) if (Number.isNaN(gapColumns[code][i]!)) blanks.get(code)!.push(t);
    if (Number.isNaN(columns.index.TECH[i]!) || Number.isNaN(columns.gap[i]!)) blanks.get(TECH_GAP)!.push(t);
  }
  return blanks;
}

/**
 * Per index, how many of the rows `at` have a value for the index but not every item of it, or
 * every item but no value: the councils by which α's set and the index's differ in that group.
 */
export function alphaSetDifferences(columns: ScoreColumns, at: Int32Array): Record<IndexCode, number> {
  return Object.fromEntries(
    INDEX_CODES.map((code) => {
      const values = columns.index[code];
      const count = columns.items[code].count;
      let differ = 0;
      for (let i = 0; i < at.length; i++) {
        const r = at[i]!;
        if (Number.isNaN(values[r]!) !== (count[r] === 0)) differ++;
      }
      return [code, differ];
    }),
  ) as Record<IndexCode, number>;
}

/**
 * A shown group's measure cells that carry figures, with their n: what the audit checks. α (and the
 * TECH × GAP chart) go when their set differs by 1…k−1 councils from their index's (from TECH's or
 * GAP's) in the group itself — a subtraction across measures the audit does not search.
 */
export function measureCellsOf(
  summary: WaveSummary,
  charts: SnapshotCharts | null,
  alphaDiffers: Readonly<Record<IndexCode, number>>,
  k: number,
): Map<string, number> {
  const cells = new Map<string, number>();
  const apart = (d: number) => d === 0 || d >= k;
  for (const code of INDEX_CODES) {
    const cell = summary.indices[code];
    if (cell.suppressed) continue;
    cells.set(code, cell.n);
    if (cell.alphaN === null) continue;
    if (apart(alphaDiffers[code])) cells.set(alphaOf(code), cell.alphaN);
  }
  for (const code of GAP_CODES) {
    const cell = summary.gaps[code];
    if (!cell.suppressed) cells.set(code, cell.n);
  }
  const tech = summary.indices.TECH;
  const gap = summary.gaps.GAP;
  const both = charts?.techGap.councils ?? 0;
  if (!tech.suppressed && !gap.suppressed && both >= k && apart(tech.n - both) && apart(gap.n - both)) cells.set(TECH_GAP, both);
  return cells;
}

const WITHHELD = { suppressed: true } as const;

/**
 * The view's summary and charts with only the measure cells in `shown` (the audited ones) carrying
 * figures: an index, gap or α not in it is withheld, and so is a chart over the same councils (an
 * index's distribution, the GAP histogram, the TECH × GAP bands), whose counts would reveal it.
 */
export function withMeasureCells(
  summary: WaveSummary,
  charts: SnapshotCharts | null,
  shown: ReadonlySet<string>,
): { summary: WaveSummary; charts: SnapshotCharts | null } {
  const indices = Object.fromEntries(
    INDEX_CODES.map((code): [IndexCode, Cell<IndexFigures>] => {
      const cell = summary.indices[code];
      if (cell.suppressed || !shown.has(code)) return [code, WITHHELD];
      return [code, shown.has(alphaOf(code)) ? cell : { ...cell, alpha: null, alphaN: null }];
    }),
  ) as Record<IndexCode, Cell<IndexFigures>>;
  const gaps = Object.fromEntries(GAP_CODES.map((code): [GapCode, Cell<GapFigures>] => [code, shown.has(code) ? summary.gaps[code] : WITHHELD])) as Record<
    GapCode,
    Cell<GapFigures>
  >;
  if (!charts) return { summary: { ...summary, indices, gaps }, charts };
  return {
    summary: { ...summary, indices, gaps },
    charts: {
      ...charts,
      indexBins: Object.fromEntries(Object.entries(charts.indexBins).map(([code, bins]) => [code, shown.has(code) ? bins : []])),
      gap: shown.has("GAP") ? charts.gap : { councils: 0, positive: null, negative: null, even: null, bands: [] },
      techGap: shown.has(TECH_GAP) ? charts.techGap : { councils: 0, r: null, bands: [] },
    },
  };
}
