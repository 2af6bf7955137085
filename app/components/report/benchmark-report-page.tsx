import type { ReactNode } from "react";
import { formatValue, type BenchmarkReport } from "../../domain/benchmark-report";
import { formatDate } from "../format";
import { MeasureStrips, StripLegend } from "./measure-strips";
import { ItemTable, TrendTables, TrustDumbbell } from "./report-parts";

// The benchmark report page: a one-page summary, then one section per kind of figure.
// Printed, it fits four A4 pages: the summary; where the council stands (every measure and the
// trust dumbbell); question by question and the trend (the print stylesheet in app/styles/main.scss).

function Section({ id, title, children, newPage = true }: { id: string; title: string; children: ReactNode; newPage?: boolean }) {
  return (
    <section className={`lt-report-section${newPage ? " lt-report-section--new-page" : ""}`} aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export const REPORT_SECTIONS = ["Summary", "Where your council stands", "Trust in both directions", "Question by question", "Over time"] as const;

export function BenchmarkReportPage({
  report,
  caption,
  jsonHref,
  actions,
}: {
  report: BenchmarkReport;
  caption: string;
  jsonHref: string | null;
  actions?: ReactNode;
}) {
  const { k } = report;
  return (
    <div className="lt-report">
      <span className="govuk-caption-l">{caption}</span>
      <h1 className="govuk-heading-l">
        Benchmark report: {report.wave.title}
        <span className="govuk-visually-hidden"> for {report.council.name}</span>
      </h1>
      <p className="govuk-body lt-report-meta">
        {report.council.name}
        {report.wave.publishedAt ? ` · published ${formatDate(report.wave.publishedAt)}` : ""} · groups of fewer than {k} councils are not shown
      </p>
      {actions}

      <Section id="summary" title={REPORT_SECTIONS[0]} newPage={false}>
        <p className="govuk-body-l" data-testid="report-headline">
          {report.headline}
        </p>
        <h3 className="govuk-heading-s">For your council&apos;s leadership</h3>
        <ul className="govuk-list govuk-list--bullet">
          {report.leadership.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        <h3 className="govuk-heading-s">How to read this report</h3>
        <p className="govuk-body-s">
          Each measure is your council&apos;s own score, worked out from its submitted answers. It is compared with three groups: all councils that answered,
          councils of the same type, and councils in the same region (or nation outside England). For each group you see how many councils have a value (n), the
          middle half of their values (from the lower quartile, Q1, to the upper quartile, Q3) and the median. Your council is in the lowest quarter when its
          value is below Q1, in the middle half from Q1 to Q3, and in the highest quarter above Q3. Higher is neither better nor worse: it means more of what
          the measure describes. No council is ranked and no other council&apos;s value is shown. A group of fewer than {k} councils shows [c] instead of
          figures, so nobody&apos;s answers can be worked out.
        </p>
      </Section>

      <Section id="stands" title={REPORT_SECTIONS[1]}>
        <StripLegend />
        <p className="govuk-body-s">
          The five indices run from 0 to 100; the trust gaps are the first trust index minus the second, so they run from −100 to 100 (and −10 to 10 on the
          headline questions).
        </p>
        <div className="lt-report-measures">
          {report.measures.map((measure) => (
            <MeasureStrips key={measure.code} measure={measure} k={k} />
          ))}
          <div className="lt-measure">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id="trust-heading">
              {REPORT_SECTIONS[2]}
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-2">
              How much your council trusts central government (LTC) against how much it feels trusted by it (PCT), beside the medians of all councils.
              {report.dumbbell.own.LTC !== null && report.dumbbell.own.PCT !== null
                ? ` Your council's gap is ${formatValue(report.dumbbell.own.LTC - report.dumbbell.own.PCT)} points.`
                : ""}
            </p>
            <TrustDumbbell dumbbell={report.dumbbell} k={k} />
          </div>
        </div>
      </Section>

      <Section id="items" title={REPORT_SECTIONS[3]}>
        <p className="govuk-body-s">
          Your council&apos;s answer to each agree–disagree question beside all councils&apos; answers; its own answer&apos;s share is in bold. So that no share
          stands for fewer than {k} councils, an answer given by fewer than {k} is shown together with the answer next to it on the scale, and when almost every
          council gave the same answer the answers are shown as disagree, neither and agree. A question answered by fewer than {k} councils shows [c].
        </p>
        <ItemTable items={report.items} k={k} />
      </Section>

      <Section id="trend" title={REPORT_SECTIONS[4]} newPage={false}>
        <p className="govuk-body-s">
          {report.trend.length === 1
            ? "Your council has answered one published survey so far; each survey it answers adds a column of its own values and the groups' medians here."
            : "Your council's values in each published survey it answered, with each group's median where that group had at least " + String(k) + " councils."}
        </p>
        <TrendTables report={report} />
        <h3 className="govuk-heading-s">About these figures</h3>
        <p className="govuk-body-s">
          Quartiles use linear interpolation between ordered values (R&apos;s quantile type 7). A group&apos;s figures use the councils in it that have a value
          for that measure. A group is also not shown when taking it away from a larger group that is shown would leave fewer than {k} councils.
          {jsonHref ? (
            <>
              {" "}
              The same figures are available{" "}
              <a className="govuk-link" href={jsonHref}>
                as JSON for your analysts
              </a>
              .
            </>
          ) : null}
        </p>
      </Section>
    </div>
  );
}
