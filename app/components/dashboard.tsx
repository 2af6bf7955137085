import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Cell } from "../domain/disclosure";
import { INDEX_CODES, getItem, type IndexCode } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { NO_RESPONSE_HINT, RESPONSE_PROGRESS_LABELS } from "../domain/tracker-status";
import { countedItem, type BreakdownGroup, type BreakdownKey, type GapFigures, type SummaryCharts, type WaveSummary } from "../domain/wave-summary";
import { DataTable } from "./charts/chart-figure";
import { DivergingBars } from "./charts/diverging-bars";
import { formatInterval, formatP, formatShare, formatStat } from "./charts/format-stat";
import { GapChart, TechGapBands } from "./charts/gap-charts";
import { IndexHistograms, MeanIntervalChart } from "./charts/index-charts";
import { OecdChart } from "./charts/oecd-chart";
import { TrendChart } from "./charts/trend-chart";
import { councilTypeLabel } from "../domain/council-types";
import { snapshotTime } from "../domain/figures-as-at";
import { ChoiceItemsTable, ContentsList, HeadlineFigures, NumberItemsSection, type ContentsEntry } from "./dashboard-sections";
import { Suppressed, SuppressionHint } from "./suppressed";
import { TableScroll } from "./table-scroll";
import { TableHead } from "./table-head";

// The staff wave dashboard. Every figure here comes from the summary document,
// which has been through disclosure control; a suppressed cell has no figures to show.

export const ALPHA_WARNING = 0.7;
const BREAKDOWN_TITLES: Record<BreakdownKey, string> = { type: "council type", region: "region", nation: "nation" };

function groupLabel(key: BreakdownKey, group: string) {
  return key === "type" ? councilTypeLabel(group) : group;
}

export function FilterForm({
  summary,
  options,
  waves,
}: {
  summary: WaveSummary;
  options: Record<BreakdownKey, string[]>;
  waves: { slug: string; title: string }[];
}) {
  const select = (name: BreakdownKey, label: string) => (
    <div className="govuk-form-group govuk-!-margin-bottom-3">
      <label className="govuk-label" htmlFor={`filter-${name}`}>
        {label}
      </label>
      <select className="govuk-select" id={`filter-${name}`} name={name} defaultValue={summary.filters[name] ?? ""}>
        <option value="">All</option>
        {options[name].map((o) => (
          <option key={o} value={o}>
            {groupLabel(name, o)}
          </option>
        ))}
      </select>
    </div>
  );
  const active = BREAKDOWNS_IN_ORDER.filter((k) => summary.filters[k] !== null);
  return (
    <Form method="get" className="govuk-!-margin-bottom-6" aria-labelledby="filters">
      <h2 className="govuk-heading-m" id="filters">
        Filters
      </h2>
      <div className="govuk-form-group govuk-!-margin-bottom-3">
        <label className="govuk-label" htmlFor="filter-wave">
          Wave
        </label>
        <select className="govuk-select" id="filter-wave" name="wave" defaultValue={summary.wave.slug}>
          {waves.map((w) => (
            <option key={w.slug} value={w.slug}>
              {w.title}
            </option>
          ))}
        </select>
      </div>
      <p className="govuk-hint" id="filters-hint">
        Choose one of council type, region or nation at a time.
      </p>
      {select("type", "Council type")}
      {select("region", "Region")}
      {select("nation", "Nation")}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
        {active.length > 0 ? (
          <Link className="govuk-link" to={`/waves/${encodeURIComponent(summary.wave.slug)}`}>
            Clear filters
          </Link>
        ) : null}
      </div>
      {active.length > 0 ? (
        <p className="govuk-body" data-testid="active-filters">
          Showing: {active.map((k) => `${BREAKDOWN_TITLES[k]} ${groupLabel(k, summary.filters[k] as string)}`).join(", ")}.
        </p>
      ) : null}
    </Form>
  );
}

const BREAKDOWNS_IN_ORDER: BreakdownKey[] = ["type", "region", "nation"];

function cellText<F>(cell: Cell<F>, k: number, show: (f: F) => string) {
  return cell.suppressed ? <Suppressed k={k} /> : show(cell as F);
}

/** The page's sections in order, for the contents list (ids are the sections' headings). */
const SECTIONS: ContentsEntry[] = [
  { id: "downloads", title: "Tracker and downloads" },
  { id: "filters", title: "Filters" },
  { id: "responses", title: "Responses" },
  { id: "indices", title: "Indices" },
  { id: "trust-gap", title: "The trust gap" },
  { id: "headline-trust", title: "Headline trust (0 to 10)" },
  { id: "items", title: "Answers to each question" },
  { id: "number-questions", title: "Compliance time and returns" },
  { id: "breakdowns", title: "Breakdowns" },
  { id: "technology-and-gap", title: "Technology readiness and the trust gap" },
  { id: "trends", title: "Trends across waves" },
];

/**
 * The dashboard: the headline figures first, a contents list, then `tools` (the route's links and
 * filters, headed "Tracker and downloads" and "Filters") and every section in detail.
 */
export function DashboardBody({ summary, charts, tools }: { summary: WaveSummary; charts: SummaryCharts | null; tools?: ReactNode }) {
  const k = summary.k;
  const instrument = getInstrument(summary.instrumentVersion);
  const indexTitle = (code: IndexCode) => `${instrument.indices.find((i) => i.code === code)?.title ?? code} (${code})`;
  const responses = summary.responses;
  const lowAlpha = INDEX_CODES.filter((code) => {
    const cell = summary.indices[code];
    return !cell.suppressed && cell.alpha !== null && cell.alpha < ALPHA_WARNING;
  });

  return (
    <>
      <HeadlineFigures summary={summary} indexTitle={indexTitle} />
      <ContentsList entries={tools ? SECTIONS : SECTIONS.filter((s) => s.id !== "downloads" && s.id !== "filters")} />
      {tools}
      {responses.suppressed ? (
        <div className="govuk-inset-text" data-testid="group-suppressed">
          <p className="govuk-body govuk-!-font-weight-bold">[c] Fewer than {k} councils in this view have submitted a response.</p>
          <p className="govuk-body">
            No figures are shown for a group this small, so that no council’s answers can be worked out. Widen the filters to see results.
          </p>
        </div>
      ) : null}

      <h2 className="govuk-heading-l" id="responses">
        Responses
      </h2>
      <dl className="govuk-summary-list">
        {[
          ["Councils in this view", String(summary.population)],
          [RESPONSE_PROGRESS_LABELS.submitted, responses.suppressed ? null : String(responses.submitted)],
          [RESPONSE_PROGRESS_LABELS.inProgress, responses.suppressed ? null : String(responses.inProgress)],
          [RESPONSE_PROGRESS_LABELS.noResponse, responses.suppressed ? null : String(responses.notStarted)],
          ["Response rate", responses.suppressed ? null : formatShare(responses.responseRate)],
        ].map(([label, value]) => (
          <div className="govuk-summary-list__row" key={label}>
            <dt className="govuk-summary-list__key">{label}</dt>
            <dd className="govuk-summary-list__value lt-numeric">{value ?? <Suppressed k={k} />}</dd>
          </div>
        ))}
      </dl>
      <p className="govuk-hint">
        “{RESPONSE_PROGRESS_LABELS.noResponse}” is every council in this view without a response: on the response tracker, {NO_RESPONSE_HINT.toLowerCase()}.
      </p>
      <SuppressionHint k={k} />
      {BREAKDOWNS_IN_ORDER.map((key) => (
        <DataTable
          key={key}
          caption={`Response rate by ${BREAKDOWN_TITLES[key]}`}
          head={[key === "type" ? "Council type" : key === "region" ? "Region" : "Nation", "Councils", "Submitted", "Response rate"]}
          rows={summary.breakdowns[key].map((g) => [
            groupLabel(key, g.group),
            String(g.population),
            g.suppressed ? <Suppressed k={k} /> : String(g.n),
            g.suppressed ? <Suppressed k={k} /> : g.population > 0 ? formatShare(g.n / g.population) : "not available",
          ])}
        />
      ))}

      <h2 className="govuk-heading-l" id="indices">
        Indices
      </h2>
      <p className="govuk-body">Each index runs from 0 to 100. Intervals are 95% confidence intervals of the mean (Student’s t).</p>
      {lowAlpha.length > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {lowAlpha.join(", ")} {lowAlpha.length === 1 ? "has" : "have"} a reliability (Cronbach’s α) below {ALPHA_WARNING.toFixed(2)} in this view: treat{" "}
            {lowAlpha.length === 1 ? "it" : "them"} as unreliable.
          </strong>
        </div>
      ) : null}
      <DataTable
        caption="Index scores"
        head={["Index", "Responses", "Mean", "95% interval", "Median", "SD", "Reliability (α)"]}
        rows={INDEX_CODES.map((code) => {
          const cell = summary.indices[code];
          if (cell.suppressed) return [indexTitle(code), ...Array.from({ length: 6 }, (_, i) => <Suppressed key={i} k={k} />)];
          return [
            indexTitle(code),
            String(cell.n),
            formatStat(cell.mean),
            formatInterval(cell.ci95),
            formatStat(cell.median),
            formatStat(cell.sd),
            cell.alpha === null ? (
              "not available"
            ) : (
              <>
                {formatStat(cell.alpha, 2)} <span className="govuk-body-s">(n = {cell.alphaN})</span>
                {cell.alpha < ALPHA_WARNING ? (
                  <>
                    {" "}
                    <strong className="govuk-tag govuk-tag--red">Unreliable</strong>
                  </>
                ) : null}
              </>
            ),
          ];
        })}
      />
      {responses.suppressed ? null : (
        <MeanIntervalChart
          id="chart-index-means"
          rows={INDEX_CODES.map((code) => {
            const cell = summary.indices[code];
            return { code, title: indexTitle(code), figures: cell.suppressed ? null : { n: cell.n, mean: cell.mean, ci95: cell.ci95 } };
          })}
        />
      )}
      {charts ? (
        <IndexHistograms
          id="chart-index-distribution"
          panels={INDEX_CODES.map((code) => ({ code, title: indexTitle(code), bins: charts.indexBins[code] ?? [] }))}
        />
      ) : null}

      <h2 className="govuk-heading-l" id="trust-gap">
        The trust gap
      </h2>
      <p className="govuk-body">
        Within each council: how much it trusts central government (LTC) minus how much it feels trusted by it (PCT). A positive gap means the council trusts
        the centre more than it feels trusted. Test: Wilcoxon signed-rank, two-sided, zero differences dropped, normal approximation with continuity correction.
      </p>
      <GapTable gaps={summary.gaps} k={k} />
      {charts && charts.gap.councils > 0 ? <GapChart id="chart-gap" data={charts.gap} /> : null}

      <h2 className="govuk-heading-l" id="headline-trust">
        Headline trust (0 to 10)
      </h2>
      {responses.suppressed ? (
        <CellsWithheld k={k} />
      ) : (
        <OecdChart
          id="chart-oecd"
          rows={["LTC1", "PCT1"].map((id) => {
            const item = getItem(instrument, id);
            return {
              itemId: id,
              label: `${item?.short ?? id} (${id})`,
              grouping: countedItem(summary.items[id])?.oecd ?? null,
            };
          })}
        />
      )}

      <h2 className="govuk-heading-l" id="items">
        Answers to each question
      </h2>
      <p className="govuk-body">
        Percentages are of the answers other than “Don’t know”, rounded to whole numbers; “Don’t know” answers are counted on the right.
      </p>
      {responses.suppressed ? <CellsWithheld k={k} /> : null}
      {responses.suppressed
        ? null
        : instrument.sections.map((section) => {
            const items = section.items.filter((i) => i.scale === "L5" || i.scale === "M5");
            const scale = items[0]?.scale === "M5" ? "M5" : "L5";
            const hasChoices = section.items.some((i) => i.scale === "choice" || i.scale === "multi");
            if (items.length === 0 && !hasChoices) return null;
            return (
              <section key={section.id} aria-labelledby={`items-${section.id}`}>
                <h3 className="govuk-heading-m" id={`items-${section.id}`}>
                  {section.id}. {section.title}
                </h3>
                {items.length > 0 ? (
                  <DivergingBars
                    id={`chart-items-${section.id}`}
                    title={`${section.title}: answers`}
                    labels={instrument.scaleLabels[scale]}
                    rows={items.map((item) => ({
                      itemId: item.id,
                      short: item.short,
                      text: item.text,
                      distribution: countedItem(summary.items[item.id])?.distribution ?? null,
                    }))}
                  />
                ) : null}
                <ChoiceItemsTable instrument={instrument} section={section} summary={summary} />
              </section>
            );
          })}

      <NumberItemsSection instrument={instrument} summary={summary} charts={charts} />

      <h2 className="govuk-heading-l" id="breakdowns">
        Breakdowns
      </h2>
      {BREAKDOWNS_IN_ORDER.some((key) => summary.filters[key] !== null) ? (
        <p className="govuk-body" data-testid="breakdowns-whole-wave">
          Breakdowns by council type, region and nation are shown for the whole wave only, so that no two tables can be subtracted to reveal a few councils’
          answers.{" "}
          <Link className="govuk-link" to={`/waves/${encodeURIComponent(summary.wave.slug)}#breakdowns`}>
            See the breakdowns for the whole wave
          </Link>
        </p>
      ) : (
        <>
          <SuppressionHint k={k} />
          {BREAKDOWNS_IN_ORDER.map((key) => (
            <BreakdownTable key={key} breakdownKey={key} groups={summary.breakdowns[key]} k={k} />
          ))}
        </>
      )}

      <h2 className="govuk-heading-l" id="technology-and-gap">
        Technology readiness and the trust gap
      </h2>
      {!charts ? (
        <CellsWithheld k={k} />
      ) : charts.techGap.councils > 0 ? (
        <TechGapBands id="chart-scatter" data={charts.techGap} />
      ) : (
        <p className="govuk-body">
          <Suppressed k={k} /> Not shown: the councils with both a TECH and a GAP score could be told apart from the figures shown.
        </p>
      )}

      <h2 className="govuk-heading-l" id="trends">
        Trends across waves
      </h2>
      <TrendChart
        id="chart-trends"
        waves={summary.trends.map((t) => t.wave)}
        series={INDEX_CODES.map((code) => ({
          code,
          title: indexTitle(code),
          values: summary.trends.map((t) => {
            const cell = t.indices[code];
            return cell.suppressed ? null : cell.mean;
          }),
        }))}
      />
    </>
  );
}

function CellsWithheld({ k }: { k: number }) {
  return (
    <p className="govuk-body">
      <Suppressed k={k} /> Not shown: fewer than {k} responses in this view.
    </p>
  );
}

function GapTable({ gaps, k }: { gaps: WaveSummary["gaps"]; k: number }) {
  const rows: [string, (g: GapFigures) => string][] = [
    ["Councils with both scores", (g) => String(g.n)],
    ["Mean difference", (g) => formatStat(g.meanDiff, 2)],
    ["95% interval of the mean difference", (g) => formatInterval(g.ci95, 2)],
    ["Median difference", (g) => formatStat(g.medianDiff, 2)],
    ["W⁺ (sum of ranks of positive gaps)", (g) => formatStat(g.wPlus, 1)],
    ["z", (g) => formatStat(g.z, 2)],
    ["p (two-sided)", (g) => formatP(g.p)],
    ["Share with a positive gap", (g) => formatShare(g.sharePositive)],
    ["Share with no gap", (g) => formatShare(g.shareZero)],
    ["Share with a negative gap", (g) => formatShare(g.shareNegative)],
  ];
  return (
    <TableScroll label="Trust gap statistics">
      <table className="govuk-table lt-numeric">
        <caption className="govuk-table__caption govuk-table__caption--s">Trust gap statistics</caption>
        <TableHead
          columns={["Figure", { label: "Index gap (LTC − PCT, 0–100 points)", numeric: true }, { label: "Headline gap (LTC1 − PCT1, 0–10)", numeric: true }]}
        />
        <tbody className="govuk-table__body">
          {rows.map(([label, show]) => (
            <tr className="govuk-table__row" key={label}>
              <th scope="row" className="govuk-table__header">
                {label}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{cellText(gaps.GAP, k, show)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{cellText(gaps.HEADLINE_GAP, k, show)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function BreakdownTable({ breakdownKey, groups, k }: { breakdownKey: BreakdownKey; groups: BreakdownGroup[]; k: number }) {
  return (
    <DataTable
      caption={`Mean index scores by ${BREAKDOWN_TITLES[breakdownKey]}`}
      head={[breakdownKey === "type" ? "Council type" : breakdownKey === "region" ? "Region" : "Nation", "Responses", ...INDEX_CODES, "GAP"]}
      rows={groups.map((g) => {
        if (g.suppressed) return [groupLabel(breakdownKey, g.group), ...Array.from({ length: INDEX_CODES.length + 2 }, (_, i) => <Suppressed key={i} k={k} />)];
        return [
          g.asOf ? `${groupLabel(breakdownKey, g.group)} (figures as at ${snapshotTime(g.asOf)})` : groupLabel(breakdownKey, g.group),
          String(g.n),
          ...INDEX_CODES.map((code) => cellText(g.indices[code], k, (f) => formatStat(f.mean))),
          cellText(g.gaps.GAP, k, (f) => formatStat(f.meanDiff)),
        ];
      })}
    />
  );
}
