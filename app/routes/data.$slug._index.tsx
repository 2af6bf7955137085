import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { MeanIntervalChart, type MeanRow } from "../components/charts/index-charts";
import { RateBars } from "../components/charts/rate-bars";
import { citation, namedRows, releaseHeadline, releaseNotes, type HeadlineMeasure, type TableValue } from "../domain/open-data";
import { RELEASE_FILES, getRelease } from "../services/open-data.server";
import { TableScroll } from "../components/table-scroll";
import { DataTable } from "../components/charts/chart-figure";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Open data"}: open data – LocalTrust` }];

const MEASURES: Record<string, string> = {
  PRESC: "Central prescription (0 to 100)",
  BURDEN: "Audit and reporting load (0 to 100)",
  TECH: "Technology readiness (0 to 100)",
  LTC: "Local trust in central government (0 to 100)",
  PCT: "Perceived central trust in local government (0 to 100)",
};

const FILE_WORDS: Record<string, string> = {
  "datapackage.json": "Data package (Frictionless): what each file holds, its columns and types",
  "responses.csv": "Councils asked, responses and response rates by group (CSV)",
  "indices.csv": "Indices and trust gaps by group (CSV)",
  "items.csv": "Answers to each question by group (CSV)",
  "codebook.csv": "Codebook: wording, scale, construction, polarity and suppression of every measure and item (CSV)",
  "spreadsheet.ods": "Every table in one spreadsheet, with a cover and notes sheet (ODS)",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const release = await getRelease(getDb(), slug, null);
  if (!release) throw new Response("Not found", { status: 404 });
  const { document: doc, releases } = release;
  const wholeWave = namedRows(doc, "indices").filter((r) => r.breakdown === "all");
  return json({
    slug,
    title: doc.meta.wave.title,
    meta: doc.meta,
    notes: releaseNotes(doc),
    citation: citation(doc),
    indices: wholeWave.filter((r) => String(r.measure) in MEASURES),
    gaps: wholeWave.filter((r) => r.measure === "GAP" || r.measure === "HEADLINE_GAP"),
    responses: namedRows(doc, "responses"),
    headline: releaseHeadline(doc),
    files: RELEASE_FILES.map((name) => ({ name, words: FILE_WORDS[name] ?? `CSVW metadata of ${name.replace("-metadata.json", "")}` })),
    releases,
  });
}

const dateOf = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : "not recorded";
const show = (v: TableValue | undefined) => (v === undefined ? "" : String(v));

function Suppressible({ value }: { value: TableValue | undefined }) {
  if (value === "[c]")
    return (
      <>
        [c]<span className="govuk-visually-hidden"> (confidential: fewer than 10 responses or withheld by the audit)</span>
      </>
    );
  return <>{show(value)}</>;
}

const BREAKDOWN_WORDS = { type: "council type", region: "region (England) and nation", nation: "nation" } as const;

const meanRow = (m: HeadlineMeasure, title: string): MeanRow => ({
  code: m.measure,
  title,
  figures: m.suppressed || m.n === null ? null : { n: m.n, mean: m.mean, ci95: m.ci95 },
});

export default function WaveOpenData() {
  const { slug, title, meta, notes, citation: cite, indices, gaps, responses, headline, files, releases } = useLoaderData<typeof loader>();
  const whole = responses.find((r) => r.breakdown === "all");
  const base = `/data/${encodeURIComponent(slug)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">Open data</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <dl className="govuk-summary-list">
          {[
            ["Fieldwork", `${dateOf(meta.wave.opensOn)} to ${dateOf(meta.wave.closesOn)}`],
            ["Councils asked", String(meta.councils)],
            [
              "Responses",
              whole ? `${show(whole.responses)} (${show(whole.response_rate_pct)}${typeof whole.response_rate_pct === "number" ? "%" : ""})` : "[c]",
            ],
            ["Released", `${dateOf(meta.release.publishedAt)}, release ${meta.release.seq}`],
            ["Licence", meta.licence.title],
          ].map(([k, v]) => (
            <div className="govuk-summary-list__row" key={k}>
              <dt className="govuk-summary-list__key">{k}</dt>
              <dd className="govuk-summary-list__value">
                {k === "Licence" ? (
                  <a className="govuk-link" rel="license" href={meta.licence.path}>
                    {v}
                  </a>
                ) : (
                  v
                )}
              </dd>
            </div>
          ))}
        </dl>
        {meta.release.revisionNote ? (
          <div className="govuk-inset-text">
            Revised release {meta.release.seq}: {meta.release.revisionNote}
          </div>
        ) : null}

        <h2 className="govuk-heading-m">Headline figures</h2>
        <DataTable
          caption="Indices, all responding councils"
          head={["Index", "n", "Mean", "95% interval", "Median"]}
          rows={indices.map((r) => [
            MEASURES[String(r.measure)],
            <Suppressible key="n" value={r.n} />,
            <Suppressible key="mean" value={r.mean} />,
            <Interval key="ci" row={r} />,
            <Suppressible key="median" value={r.median} />,
          ])}
        />

        <MeanIntervalChart
          id="open-indices"
          k={meta.k}
          rows={headline.measures.flatMap((m) => (m.measure in MEASURES ? [meanRow(m, MEASURES[m.measure] ?? m.measure)] : []))}
        />

        <h2 className="govuk-heading-m">The trust gap</h2>
        <p className="govuk-body">
          Within each council, its trust in central government minus how far it feels trusted by central government. Above zero, councils trust the centre more
          than they feel trusted. The Wilcoxon signed-rank test asks whether the gap differs from zero.
        </p>
        <DataTable
          caption="Trust gap, all responding councils"
          head={["Gap", "Pairs", "Mean difference", "95% interval", "W+", "z", "p"]}
          rows={gaps.map((r) => [
            r.measure === "GAP" ? "LTC − PCT (−100 to 100)" : "LTC1 − PCT1 (−10 to 10)",
            <Suppressible key="n" value={r.n} />,
            <Suppressible key="mean" value={r.mean} />,
            <Interval key="ci" row={r} />,
            <Suppressible key="w" value={r.w_plus} />,
            <Suppressible key="z" value={r.z} />,
            <Suppressible key="p" value={r.p} />,
          ])}
        />

        <MeanIntervalChart
          id="open-gap"
          k={meta.k}
          title="Trust gap (LTC − PCT) with its 95% confidence interval"
          domain={[-100, 100]}
          rows={headline.measures.filter((m) => m.measure === "GAP").map((m) => meanRow(m, "Trust gap, LTC − PCT"))}
        />

        <h2 className="govuk-heading-m">Response rates</h2>
        {(["type", "nation"] as const).map((dim) => (
          <RateBars
            key={dim}
            id={`open-rates-${dim}`}
            k={meta.k}
            title={`Response rate by ${BREAKDOWN_WORDS[dim]}`}
            rows={headline.rates.filter((r) => r.breakdown === dim)}
          />
        ))}
        {(["type", "region", "nation"] as const).map((dim) => (
          <TableScroll label={`Response rates by ${dim === "type" ? "council type" : dim}`} key={dim}>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">By {dim === "type" ? "council type" : dim}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {[dim === "type" ? "Council type" : dim === "region" ? "Region" : "Nation", "Councils asked", "Responses", "Response rate"].map((h) => (
                    <th scope="col" className="govuk-table__header" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {responses
                  .filter((r) => r.breakdown === dim)
                  .map((r) => (
                    <tr className="govuk-table__row" key={String(r.group)}>
                      <th scope="row" className="govuk-table__header">
                        {show(r.group)}
                      </th>
                      <td className="govuk-table__cell">{show(r.councils)}</td>
                      <td className="govuk-table__cell">
                        <Suppressible value={r.responses} />
                      </td>
                      <td className="govuk-table__cell">
                        {r.response_rate_pct === "[c]" ? <Suppressible value={r.response_rate_pct} /> : `${show(r.response_rate_pct)}%`}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        ))}

        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Method</h2>
            <ul className="govuk-list govuk-list--bullet lt-break-word">
              {notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>

            <h2 className="govuk-heading-m">Downloads</h2>
            <ul className="govuk-list lt-break-word">
              {files.map((f) => (
                <li key={f.name}>
                  <a className="govuk-link" href={`${base}/${f.name}`}>
                    {f.name}
                  </a>
                  <span className="govuk-hint govuk-!-margin-bottom-0">{f.words}</span>
                </li>
              ))}
            </ul>

            {releases.length > 1 ? (
              <>
                <h2 className="govuk-heading-m">Earlier releases</h2>
                <ul className="govuk-list">
                  {releases
                    .filter((r) => r.seq !== meta.release.seq)
                    .map((r) => (
                      <li key={r.seq}>
                        Release {r.seq}, {dateOf(r.publishedAt)}
                        {r.revisionNote ? `: ${r.revisionNote}` : ""} —{" "}
                        <a className="govuk-link" href={`${base}/releases/${r.seq}/datapackage.json`}>
                          data package<span className="govuk-visually-hidden"> of release {r.seq}</span>
                        </a>
                        ,{" "}
                        <a className="govuk-link" href={`${base}/releases/${r.seq}/spreadsheet.ods`}>
                          spreadsheet<span className="govuk-visually-hidden"> of release {r.seq}</span>
                        </a>
                      </li>
                    ))}
                </ul>
              </>
            ) : null}

            <h2 className="govuk-heading-m">How to cite</h2>
            <p className="govuk-body lt-break-word">{cite}</p>
          </div>
        </div>
      </div>
    </div>
  );
}

/** A 95% interval "low to high", or the reason it is withheld. */
function Interval({ row }: { row: Record<string, TableValue | undefined> }) {
  return row.ci_low === "[c]" ? <Suppressible value={row.ci_low} /> : <>{`${show(row.ci_low)} to ${show(row.ci_high)}`}</>;
}
