// The staff summary of a wave as the service returns it and the dashboard, the API and the exports
// show it (documented in docs/summary-json.md). Types and small pure helpers, so components can import them.
import type { SnapshotCharts } from "./chart-data";
import type { Cell } from "./disclosure";
import type { OecdGrouping, ScaleDistribution } from "./distributions";
import type { IndexCode } from "./instrument";
import type { NumberItemFigures } from "./number-items";
import type { Interval } from "./statistics";

export const GAP_CODES = ["GAP", "HEADLINE_GAP"] as const;
export type GapCode = (typeof GAP_CODES)[number];
export const BREAKDOWNS = ["type", "region", "nation"] as const;
export type BreakdownKey = (typeof BREAKDOWNS)[number];

export interface IndexFigures {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  ci95: Interval | null;
  /** Cronbach's α over the responses that answered every item of the index; null when alphaN < k or undefined. */
  alpha: number | null;
  /** Responses that answered every item of the index; null when under k. */
  alphaN: number | null;
}

export interface GapFigures {
  n: number;
  meanDiff: number | null;
  ci95: Interval | null;
  medianDiff: number | null;
  wPlus: number | null;
  z: number | null;
  p: number | null;
  shareNegative: number | null;
  shareZero: number | null;
  sharePositive: number | null;
  nNonZero: number;
}

export interface ItemFigures {
  n: number;
  counts: Record<string, number>;
  /** L5 and M5 items. */
  distribution?: ScaleDistribution;
  /** T11 items. */
  oecd?: OecdGrouping;
  /**
   * `counts` and `distribution` are in three categories (lower, middle, upper; dk kept) instead of
   * five: an answer was given by 1…k−1 councils (decision 062), or, in k = 10 documents, one answer
   * held ≥ 95% of the group's answers.
   */
  collapsed?: true;
}

export type { NumberItemFigures };
/** The cell of any summarised item: answer counts (L5, M5, T11, choice, multi) or, for a number item (percent, integer), n, median, q1, q3 and mean. */
export type ItemCell = Cell<ItemFigures> | Cell<NumberItemFigures>;

/** The answer counts of a disclosed cell, or null when the cell is suppressed or a number item's. */
export function countedItem(cell: ItemCell | undefined): ItemFigures | null {
  return cell && !cell.suppressed && "counts" in cell ? cell : null;
}

/** The cell as an answer-count cell (suppressed stays suppressed); undefined for a number item's or a missing cell. */
export function countedCell(cell: ItemCell | undefined): Cell<ItemFigures> | undefined {
  if (!cell || cell.suppressed) return cell;
  return "counts" in cell ? cell : undefined;
}

/** The figures of a disclosed number-item cell, or null. */
export function numberItem(cell: ItemCell | undefined): NumberItemFigures | null {
  return cell && !cell.suppressed && "median" in cell ? cell : null;
}

export type BreakdownGroup =
  | { group: string; population: number; suppressed: true }
  | {
      group: string;
      population: number;
      suppressed: false;
      /** When the group's figures are those of an earlier snapshot (the time rule): its cut time; otherwise null. */
      asOf?: string | null;
      n: number;
      inProgress: number;
      indices: Record<IndexCode, Cell<Omit<IndexFigures, "alpha" | "alphaN">>>;
      gaps: Record<GapCode, Cell<GapFigures>>;
    };

export interface TrendPoint {
  wave: string;
  title: string;
  indices: Record<IndexCode, Cell<{ n: number; mean: number | null; ci95: Interval | null }>>;
}

/** Where a document's figures come from: an audited snapshot, or (admins only) the live preview. */
export interface SnapshotInfo {
  audience: "staff" | "public";
  /** When the snapshot was cut (ISO 8601, UTC). */
  cutAt: string;
  /** Submitted responses in the wave at the cut; null when fewer than k. */
  responses: number | null;
  reason: string;
  /** Numbered 1, 2, … per wave and audience. */
  seq: number;
}

export interface WaveSummary {
  /** The snapshot these figures were read from; null in an admin's live preview (not audited). */
  snapshot?: SnapshotInfo | null;
  /** When this view's figures are those of an earlier snapshot (the time rule): that snapshot's cut time. */
  figuresAsOf?: string | null;
  wave: { slug: string; title: string; status: string; opensOn: string | null; closesOn: string | null };
  instrumentVersion: number;
  k: number;
  filters: { type: string | null; region: string | null; nation: string | null };
  /** Active councils matching the filters: register facts, not survey figures. */
  population: number;
  responses: Cell<{ submitted: number; inProgress: number; notStarted: number; responseRate: number | null }>;
  indices: Record<IndexCode, Cell<IndexFigures>>;
  gaps: Record<GapCode, Cell<GapFigures>>;
  items: Record<string, ItemCell>;
  breakdowns: Record<BreakdownKey, BreakdownGroup[]>;
  trends: TrendPoint[];
}

/** What the dashboard's charts draw (app/domain/chart-data.ts): bins of 0 or at least k councils, nothing per council. */
export type SummaryCharts = SnapshotCharts;

export interface WaveSummaryResult {
  summary: WaveSummary;
  /** null when the wave's responses are under k. */
  charts: SummaryCharts | null;
  /** Filter choices: every value present among active councils. */
  options: Record<BreakdownKey, string[]>;
  /** Every wave, for the wave filter. */
  waves: { slug: string; title: string }[];
}
