import type { ReactNode } from "react";
import { answerLabel } from "../domain/answer-labels";
import { INDEX_CODES, allItems, type Instrument, type Section } from "../domain/instrument";
import { isNumberScale, numberBinLabel } from "../domain/number-items";
import { countedItem, numberItem, type SummaryCharts, type WaveSummary } from "../domain/wave-summary";
import { DataTable, ItemName } from "./charts/chart-figure";
import { formatInterval, formatShare, formatStat } from "./charts/format-stat";
import { NumberHistogram } from "./charts/number-histogram";
import { Suppressed } from "./suppressed";

// Parts of the staff dashboard: the headline figures first, a contents list, the
// choice questions and the number questions (BURDEN7, BURDEN8). Every figure is read from the
// audited summary document; a cell missing from an older snapshot reads as not available.

export interface ContentsEntry {
  id: string;
  title: string;
}

/** The GOV.UK contents list pattern: a short list of links to the page's sections. */
export function ContentsList({ entries }: { entries: ContentsEntry[] }) {
  return (
    <nav className="lt-contents-list govuk-!-margin-bottom-6" aria-labelledby="contents-heading">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2" id="contents-heading">
        Contents
      </h2>
      <ol className="govuk-list lt-contents-list__list">
        {entries.map((e) => (
          <li key={e.id} className="lt-contents-list__item">
            <a className="govuk-link" href={`#${e.id}`}>
              {e.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The trust gap with its interval, the response rate and the five indices, before anything else. */
export function HeadlineFigures({ summary, indexTitle }: { summary: WaveSummary; indexTitle: (code: (typeof INDEX_CODES)[number]) => string }) {
  const k = summary.k;
  const gap = summary.gaps.GAP;
  const headline = summary.gaps.HEADLINE_GAP;
  const responses = summary.responses;
  const signed = (v: number | null, dp: number) => (v !== null && v > 0 ? `+${formatStat(v, dp)}` : formatStat(v, dp));
  const rows: [string, ReactNode, string][] = [
    [
      "Trust gap (LTC − PCT, points on 0 to 100)",
      gap.suppressed ? <Suppressed k={k} /> : `${signed(gap.meanDiff, 1)} (95% interval ${formatInterval(gap.ci95)}; ${gap.n} councils)`,
      "headline-gap",
    ],
    [
      "Headline trust gap (LTC1 − PCT1, 0 to 10)",
      headline.suppressed ? <Suppressed k={k} /> : `${signed(headline.meanDiff, 2)} (95% interval ${formatInterval(headline.ci95, 2)}; ${headline.n} councils)`,
      "headline-headline-gap",
    ],
    [
      "Response rate",
      responses.suppressed ? (
        <Suppressed k={k} />
      ) : (
        `${formatShare(responses.responseRate)} (${responses.submitted} of ${summary.population} councils submitted)`
      ),
      "headline-response-rate",
    ],
    ...INDEX_CODES.map((code): [string, ReactNode, string] => {
      const cell = summary.indices[code];
      return [
        indexTitle(code),
        cell.suppressed ? <Suppressed k={k} /> : `${formatStat(cell.mean)} (95% interval ${formatInterval(cell.ci95)}; ${cell.n} councils)`,
        `headline-${code}`,
      ];
    }),
  ];
  return (
    <>
      <h2 className="govuk-heading-l" id="headline">
        Headline figures
      </h2>
      <p className="govuk-body">
        A positive trust gap means councils trust central government more than they feel trusted by it. Indices run from 0 to 100; intervals are 95% confidence
        intervals of the mean.
      </p>
      <dl className="govuk-summary-list govuk-!-margin-bottom-6">
        {rows.map(([label, value, id]) => (
          <div className="govuk-summary-list__row" key={id} data-testid={id}>
            <dt className="govuk-summary-list__key">{label}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Choice and multiple-choice questions of a section: each option's count and share, with the question's short label and wording. */
export function ChoiceItemsTable({ instrument, section, summary }: { instrument: Instrument; section: Section; summary: WaveSummary }) {
  const items = section.items.filter((i) => i.scale === "choice" || i.scale === "multi");
  if (items.length === 0) return null;
  const k = summary.k;
  const rows = items.flatMap((item) => {
    const cell = summary.items[item.id];
    const f = countedItem(cell);
    const name = <ItemName itemId={item.id} short={item.short} text={item.text} />;
    if (!f) return [[name, "All answers", <Suppressed key="n" k={k} />, <Suppressed key="p" k={k} />]];
    return (item.options ?? []).map((o, i) => [
      i === 0 ? name : <span className="govuk-visually-hidden">{`${item.short} (${item.id})`}</span>,
      answerLabel(instrument, item, o.code),
      String(f.counts[o.code] ?? 0),
      formatShare(f.n > 0 ? (f.counts[o.code] ?? 0) / f.n : null),
    ]);
  });
  return (
    <DataTable
      caption={`${section.title}: other questions (share of the councils answering each; several answers allowed where the question says so)`}
      head={["Question", "Answer", "Councils", "Share"]}
      rows={rows}
      numericFrom={2}
    />
  );
}

/** The number questions (BURDEN7, BURDEN8): n, median, quartiles and mean, and a histogram of bins of at least k councils each. */
export function NumberItemsSection({ instrument, summary, charts }: { instrument: Instrument; summary: WaveSummary; charts: SummaryCharts | null }) {
  const k = summary.k;
  const items = allItems(instrument).filter((i) => isNumberScale(i.scale));
  if (items.length === 0) return null;
  return (
    <>
      <h2 className="govuk-heading-l" id="number-questions">
        Compliance time and returns
      </h2>
      <p className="govuk-body">
        Questions answered with a number. Quartiles use linear interpolation between answers (R’s type 7). The charts group answers into bands holding at least{" "}
        {k} councils each; there is no smallest or largest answer.
      </p>
      <DataTable
        caption="Number questions"
        head={["Question", "Councils answering", "Median", "Lower quartile", "Upper quartile", "Mean"]}
        rows={items.map((item) => {
          const name = <ItemName key="q" itemId={item.id} short={item.short} text={item.text} />;
          const cell = summary.items[item.id];
          const f = numberItem(cell);
          if (!f) return [name, ...Array.from({ length: 5 }, (_, i) => (cell === undefined ? "not available" : <Suppressed key={i} k={k} />))];
          const unit = item.scale === "percent" ? "%" : "";
          const show = (v: number | null) => (v === null ? "not available" : `${formatStat(v)}${unit}`);
          return [name, String(f.n), show(f.median), show(f.q1), show(f.q3), show(f.mean)];
        })}
      />
      {items.map((item) => {
        const bins = charts?.numberItemBins?.[item.id];
        if (!bins || bins.length === 0) return null;
        return (
          <NumberHistogram
            key={item.id}
            id={`chart-number-${item.id}`}
            title={`${item.short} (${item.id}): councils by answer`}
            bins={bins}
            binLabel={(b) => numberBinLabel(item, b)}
            k={k}
            scaleMax={item.scale === "percent" ? (item.max ?? 100) : undefined}
          />
        );
      })}
    </>
  );
}
