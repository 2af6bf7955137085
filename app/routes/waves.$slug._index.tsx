import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardBody, FilterForm } from "../components/dashboard";
import { Tag, waveStatusLabel } from "../components/tag";
import { requireStaff } from "../services/auth.server";
import { filtersFromUrl, type WaveSummaryResult } from "../services/wave-summary.server";
import { loadWaveSummary } from "../services/wave-summary-thread.server";
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
    throw redirect(`/waves/${encodeURIComponent(chosenWave)}${query ? `?${query}` : ""}`);
  }
  const result = await loadWaveSummary(params.slug ?? "", filtersFromUrl(url));
  if (!result) throw noSuchWave();
  return json({ ...result, isAdmin: user.role === "admin", query: url.search }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function WaveDashboard() {
  const data = useLoaderData<typeof loader>() as unknown as WaveSummaryResult & { isAdmin: boolean; query: string };
  const { summary } = data;
  const status = waveStatusLabel[summary.wave.status] ?? { text: summary.wave.status, colour: "grey" as const };
  const base = `/waves/${encodeURIComponent(summary.wave.slug)}`;
  return (
    <>
      <Link to="/waves" className="govuk-back-link">
        All waves
      </Link>
      <span className="govuk-caption-l">
        Wave results <Tag colour={status.colour}>{status.text}</Tag>
      </span>
      <h1 className="govuk-heading-l">{summary.wave.title}</h1>
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
      <DashboardBody summary={summary} charts={data.charts} />
    </>
  );
}
