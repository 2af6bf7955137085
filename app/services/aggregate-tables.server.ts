import type { Cell } from "../domain/disclosure";
import { figuresAsAt, snapshotTime } from "../domain/figures-as-at";
import { answerLabel } from "../domain/answer-labels";
import { INDEX_CODES, allItems, type Instrument } from "../domain/instrument";
import { isNumberScale } from "../domain/number-items";
import { countedCell, numberItem } from "../domain/wave-summary";
import { BREAKDOWNS, GAP_CODES, type WaveSummary } from "./wave-summary.server";

// The dashboard's tables as plain rows, for the CSV and XLSX exports. Built only from the summary
// document, which has already been through disclosure control, so a cell suppressed on screen is
// "[c]" here too and no suppressed figure can reach a download.

export const SUPPRESSED = "[c]";
export type TableCell = string | number | null;
export interface AggregateTable {
  name: string;
  title: string;
  head: string[];
  rows: TableCell[][];
}

const round = (v: number | null | undefined, dp: number): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(dp));
const share = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.floor(100 * v + 0.5));

function cells<F>(cell: Cell<F> | undefined, width: number, show: (f: F) => TableCell[]): TableCell[] {
  if (!cell || cell.suppressed) return Array<TableCell>(width).fill(SUPPRESSED);
  return show(cell as F);
}

export function aggregateTables(summary: WaveSummary, instrument: Instrument): AggregateTable[] {
  const filters = Object.entries(summary.filters)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const asAt = summary.snapshot
    ? `; ${figuresAsAt(summary.snapshot, summary.k)}${summary.figuresAsOf ? ` (this view's figures are those of ${snapshotTime(summary.figuresAsOf)})` : ""}`
    : "; live preview, not audited";
  const about = `${summary.wave.title}${filters ? ` (${filters})` : ""}${asAt}; [c] = fewer than ${summary.k} responses`;
  const tables: AggregateTable[] = [];

  tables.push({
    name: "responses",
    title: `Responses: ${about}`,
    head: ["councils", "submitted", "in_progress", "no_response_yet", "response_rate_percent"],
    rows: [[summary.population, ...cells(summary.responses, 4, (r) => [r.submitted, r.inProgress, r.notStarted, share(r.responseRate)])]],
  });

  tables.push({
    name: "indices",
    title: `Index scores (0–100): ${about}`,
    head: ["index", "n", "mean", "ci95_low", "ci95_high", "median", "sd", "alpha", "alpha_n"],
    rows: INDEX_CODES.map((code) => [
      code,
      ...cells(summary.indices[code], 8, (f) => [
        f.n,
        round(f.mean, 1),
        round(f.ci95?.[0], 1),
        round(f.ci95?.[1], 1),
        round(f.median, 1),
        round(f.sd, 1),
        round(f.alpha, 2),
        f.alphaN,
      ]),
    ]),
  });

  tables.push({
    name: "trust_gap",
    title: `Trust gap (paired, Wilcoxon signed-rank): ${about}`,
    head: ["gap", "n", "mean_diff", "ci95_low", "ci95_high", "median_diff", "w_plus", "z", "p", "negative_percent", "zero_percent", "positive_percent"],
    rows: GAP_CODES.map((code) => [
      code,
      ...cells(summary.gaps[code], 11, (f) => [
        f.n,
        round(f.meanDiff, 2),
        round(f.ci95?.[0], 2),
        round(f.ci95?.[1], 2),
        round(f.medianDiff, 2),
        f.wPlus,
        round(f.z, 3),
        round(f.p, 4),
        share(f.shareNegative),
        share(f.shareZero),
        share(f.sharePositive),
      ]),
    ]),
  });

  for (const key of BREAKDOWNS) {
    tables.push({
      name: `by_${key}`,
      title: `Mean index scores by ${key}: ${about}`,
      head: [key, "councils", "submitted", "response_rate_percent", ...INDEX_CODES.map((c) => `${c}_mean`), "GAP_mean", "figures_as_of"],
      rows: summary.breakdowns[key].map((g) =>
        g.suppressed
          ? [g.group, g.population, ...Array<TableCell>(3 + INDEX_CODES.length).fill(SUPPRESSED), null]
          : [
              g.group,
              g.population,
              g.n,
              g.population > 0 ? share(g.n / g.population) : null,
              ...INDEX_CODES.map((c) => cells(g.indices[c], 1, (f) => [round(f.mean, 1)])[0] ?? null),
              cells(g.gaps.GAP, 1, (f) => [round(f.meanDiff, 1)])[0] ?? null,
              g.asOf ?? null,
            ],
      ),
    });
  }

  // Each answer row names the question (short label and full wording) and the answer (its label),
  // so a table read on its own needs no codebook.
  const itemRows: TableCell[][] = [];
  const numberRows: TableCell[][] = [];
  for (const item of allItems(instrument)) {
    const cell = summary.items[item.id];
    if (!cell) continue;
    const about = [item.id, item.short, item.text];
    if (isNumberScale(item.scale)) {
      const f = numberItem(cell);
      numberRows.push([...about, ...(f ? [f.n, round(f.median, 1), round(f.q1, 1), round(f.q3, 1), round(f.mean, 1)] : Array<TableCell>(5).fill(SUPPRESSED))]);
      continue;
    }
    const counted = countedCell(cell);
    if (!counted || counted.suppressed) {
      itemRows.push([...about, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]);
      continue;
    }
    const base = counted.distribution?.base ?? counted.oecd?.base ?? null;
    for (const [code, count] of Object.entries(counted.counts)) {
      const percent = code === "dk" || base === null || base === 0 ? null : Math.floor((200 * count + base) / (2 * base));
      itemRows.push([
        ...about,
        code,
        answerLabel(instrument, item, code),
        count,
        item.scale === "multi" || item.scale === "choice" ? share(count / Math.max(1, counted.n)) : percent,
        counted.n,
      ]);
    }
  }
  tables.push({
    name: "items",
    title: `Answers to each question (percent of answers other than dk): ${about}`,
    head: ["item", "short_label", "question", "code", "answer", "count", "percent", "n"],
    rows: itemRows,
  });
  tables.push({
    name: "number_items",
    title: `Number questions (median, quartiles by R type 7, mean): ${about}`,
    head: ["item", "short_label", "question", "n", "median", "q1", "q3", "mean"],
    rows: numberRows,
  });

  tables.push({
    name: "trends",
    title: `Index means across waves: ${about}`,
    head: ["wave", ...INDEX_CODES.flatMap((c) => [`${c}_n`, `${c}_mean`])],
    rows: summary.trends.map((t) => [t.wave, ...INDEX_CODES.flatMap((c) => cells(t.indices[c], 2, (f) => [f.n, round(f.mean, 1)]))]),
  });
  return tables;
}
