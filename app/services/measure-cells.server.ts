// Index, α and gap cells audited like item cells (decision 072; INSTRUMENT.md, "Disclosure control").
// An index's figures in a group are over the group's responses that have a value for it (the
// two-thirds rule), Cronbach's α over those that answered every item of the index, a gap's over the
// paired councils, the TECH × GAP chart over the councils with both: each is a set that can differ
// from the group's responses by 1…k−1 councils. Each is a "measure cell": the group's contributions
// minus those without a value, given to auditItemCells exactly like an item cell.

import type { SnapshotCharts } from "../domain/chart-data";
import type { Cell } from "../domain/disclosure";
import { INDEX_CODES, type IndexCode } from "../domain/instrument";
import type { ScoreRow } from "../models/summary-data.server";
import { INDEX_COLUMN, type GapCode, type GapFigures, type IndexFigures, type WaveSummary } from "./wave-summary.server";

export const GAP_CODES: readonly GapCode[] = ["GAP", "HEADLINE_GAP"];
/** The TECH × GAP chart's councils (TECH and GAP both present). */
export const TECH_GAP = "TECH×GAP";
export const alphaOf = (code: IndexCode) => `${code}:alpha`;

const GAP_COLUMN: Record<GapCode, "gap" | "headline_gap"> = { GAP: "gap", HEADLINE_GAP: "headline_gap" };

/**
 * Per measure, the contributions of the snapshot without a value (`tokens[i]` is rows[i]'s
 * contribution, `complete[i]` its complete item vectors): one pass over the parsed rows.
 */
export function measureBlanks(
  rows: readonly ScoreRow[],
  tokens: readonly string[],
  complete: readonly Partial<Record<IndexCode, unknown>>[],
): Map<string, string[]> {
  const blanks = new Map<string, string[]>();
  const add = (id: string, t: string) => {
    const list = blanks.get(id);
    if (list) list.push(t);
    else blanks.set(id, [t]);
  };
  for (const id of [...INDEX_CODES, ...INDEX_CODES.map(alphaOf), ...GAP_CODES, TECH_GAP]) blanks.set(id, []);
  rows.forEach((row, i) => {
    const t = tokens[i]!;
    for (const code of INDEX_CODES) {
      if (row[INDEX_COLUMN[code]] === null) add(code, t);
      if (complete[i]![code] === undefined) add(alphaOf(code), t);
    }
    for (const code of GAP_CODES) if (row[GAP_COLUMN[code]] === null) add(code, t);
    if (row.tech === null || row.gap === null) add(TECH_GAP, t);
  });
  return blanks;
}

/**
 * A shown group's measure cells that carry figures, with their n: what the audit checks. α (and the
 * TECH × GAP chart) go when their set differs by 1…k−1 councils from their index's (from TECH's or
 * GAP's) in the group itself — a subtraction across measures the audit does not search.
 */
export function measureCellsOf(
  summary: WaveSummary,
  charts: SnapshotCharts | null,
  rows: readonly ScoreRow[],
  complete: readonly Partial<Record<IndexCode, unknown>>[],
  k: number,
): Map<string, number> {
  const cells = new Map<string, number>();
  const apart = (d: number) => d === 0 || d >= k;
  for (const code of INDEX_CODES) {
    const cell = summary.indices[code];
    if (cell.suppressed) continue;
    cells.set(code, cell.n);
    if (cell.alphaN === null) continue;
    let differ = 0;
    const column = INDEX_COLUMN[code];
    for (let i = 0; i < rows.length; i++) if ((rows[i]![column] === null) !== (complete[i]![code] === undefined)) differ++;
    if (apart(differ)) cells.set(alphaOf(code), cell.alphaN);
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
