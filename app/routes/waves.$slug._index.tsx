import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardBody, FilterForm } from "../components/dashboard";
import { WaveStatusTag } from "../components/tag";
import { requireStaff } from "../services/auth.server";
import { figuresAsAt, snapshotTime } from "../domain/figures-as-at";
import { viewKeyFor } from "../services/wave-snapshot.server";
import { filtersFromUrl, type WaveSummaryResult } from "../services/wave-summary.server";
import { loadLiveSummary, staffSnapshotView } from "../services/wave-summary-thread.server";
import { localRedirect } from "../services/request.server";
import { noSuchWave } from "../services/waves.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.summary.wave.title} results` : "Wave results"} – LocalTrust` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const url = new URL(request.url);
  // The wave is a filter like the others, so the GET form can switch it without JavaScript.
  const chosenWave = url.searchParams.get("wave");
  if (chosenWave && chosenWave !== params.slug) {
    const next = new URLSearchParams();
    for (const key of ["type", "region", "nation"]) {
      const value = url.searchParams.get(key);
      if (value) next.set(key, value);
    }
    const query = next.toString();
    throw localRedirect(`/waves/${encodeURIComponent(chosenWave)}${query ? `?${query}` : ""}`);
  }
  const isAdmin = user.role === "admin";
  const headers = { "Cache-Control": "private, no-store" };
  let filters = filtersFromUrl(url);
  // Admins may look at the live figures (they can see microdata anyway); nobody else computes figures per view.
  if (isAdmin && url.searchParams.get("preview") === "live") {
    const live = await loadLiveSummary(params.slug ?? "", filters);
    if (!live) throw noSuchWave();
    return json({ ...live, isAdmin, preview: true, filterError: null as string | null, query: url.search }, { headers });
  }
  // One filter at a time (decision 034): a combination shows the whole wave with a message.
  const wanted = viewKeyFor(filters);
  const filterError = "error" in wanted ? wanted.error : null;
  if (filterError) filters = {};
  const view = await staffSnapshotView(params.slug ?? "", filters);
  return json(
    {
      summary: view.summary,
      charts: view.charts,
      options: view.options,
      waves: view.waves,
      isAdmin,
      preview: false,
      filterError,
      query: filterError ? "" : url.search,
    },
    { headers },
  );
}

export default function WaveDashboard() {
  const data = useLoaderData<typeof loader>() as unknown as WaveSummaryResult & {
    isAdmin: boolean;
    preview: boolean;
    filterError: string | null;
    query: string;
  };
  const { summary } = data;
  const base = `/waves/${encodeURIComponent(summary.wave.slug)}`;
  return (
    <>
      <Link to="/waves" className="govuk-back-link">
        All waves
      </Link>
      <span className="govuk-caption-l">
        Wave results <WaveStatusTag status={summary.wave.status} />
      </span>
      <h1 className="govuk-heading-l">{summary.wave.title}</h1>
      {data.filterError ? (
        <div className="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <ul className="govuk-list govuk-error-summary__list">
              <li>
                <a href="#filter-type">{data.filterError}: the whole wave is shown</a>
              </li>
            </ul>
          </div>
        </div>
      ) : null}
      {summary.snapshot ? (
        <div className="govuk-inset-text" data-testid="figures-as-at">
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{figuresAsAt(summary.snapshot, summary.k)}</p>
          {summary.figuresAsOf ? (
            <p className="govuk-body govuk-!-margin-bottom-1" data-testid="figures-as-of">
              Too few responses in this view have changed since {snapshotTime(summary.figuresAsOf)} to show new figures without revealing those councils’
              answers, so this view shows its figures as at {snapshotTime(summary.figuresAsOf)}.
            </p>
          ) : null}
          <p className="govuk-body govuk-!-margin-bottom-0">
            Figures are updated when the wave closes, when an admin asks, and while the wave is open once enough responses have changed.
          </p>
        </div>
      ) : (
        <div className="govuk-warning-text" data-testid="live-preview">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Live preview for admins: these figures have not been through the disclosure audit. Do not share them.
          </strong>
        </div>
      )}
      <DashboardBody
        summary={summary}
        charts={data.charts}
        tools={
          <>
            <h2 className="govuk-heading-m" id="downloads">
              Tracker and downloads
            </h2>
            <ul className="govuk-list">
              <li>
                <Link className="govuk-link" to={`${base}/tracker`}>
                  Response tracker
                </Link>
              </li>
              <li>
                <a className="govuk-link" href={`${base}/aggregates.csv${data.query}`} download>
                  Download the aggregate tables (CSV)
                </a>
              </li>
              <li>
                <a className="govuk-link" href={`${base}/aggregates.xlsx${data.query}`} download>
                  Download the aggregate tables (Excel)
                </a>
              </li>
              <li>
                <a className="govuk-link" href={`/api/waves/${encodeURIComponent(summary.wave.slug)}/summary.json${data.query}`}>
                  This summary as JSON
                </a>
              </li>
              {data.isAdmin ? (
                <>
                  <li>
                    {data.preview ? (
                      <Link className="govuk-link" to={base}>
                        Back to the stored snapshot
                      </Link>
                    ) : (
                      <Link className="govuk-link" to={`${base}?preview=live`}>
                        Live preview of the figures (admins only, not audited)
                      </Link>
                    )}
                  </li>
                  <li>
                    <a className="govuk-link" href={`${base}/microdata.csv`} download>
                      Download the microdata (CSV, one row per council response)
                    </a>
                  </li>
                  <li>
                    <a className="govuk-link" href={`${base}/codebook.csv`} download>
                      Download the codebook (CSV)
                    </a>
                  </li>
                </>
              ) : null}
            </ul>
            <FilterForm summary={summary} options={data.options} waves={data.waves} />
          </>
        }
      />
    </>
  );
}
