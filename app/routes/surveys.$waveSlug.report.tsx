import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BenchmarkReportPage } from "../components/report/benchmark-report-page";
import { PrintActions } from "../components/report/print-actions";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadOwnReport } from "../services/benchmark-report.server";

// GET /surveys/<wave>/report: the council's benchmark report for a published wave it submitted to.
// The council comes from the session; anything else (another council, a wave it did not answer)
// is a 404 written to the audit log.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The session is read once for the page: the root's loader shares it (the same context).
  const user = await requireCouncilRespondent(request, context);
  const result = await loadOwnReport(getDb(), request, user, params.waveSlug ?? "");
  // While the figures are being prepared (just published, or at start-up): 503 with Retry-After, as snapshots answer.
  const preparing = result.status === "preparing";
  return json(result, { status: preparing ? 503 : 200, headers: { "Cache-Control": "private, no-store", ...(preparing ? { "Retry-After": "60" } : {}) } });
}

// A document's headers are the route's to give, not its loader's: without this, the page was sent
// with neither Cache-Control (a council's own figures, kept by no cache) nor Retry-After.
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const forwarded = new Headers();
  for (const name of ["Cache-Control", "Retry-After"]) {
    const value = loaderHeaders.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  return forwarded;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.status === "ok" ? `Benchmark report: ${data.report.wave.title} – LocalTrust` : "Your benchmark report is being prepared – LocalTrust" },
];

export default function CouncilReport() {
  const data = useLoaderData<typeof loader>();
  if (data.status !== "ok") {
    return (
      <>
        <Link to="/surveys" className="govuk-back-link">
          Your surveys
        </Link>
        <h1 className="govuk-heading-l">Your benchmark report is being prepared</h1>
        <p className="govuk-body">The {data.wave.title} has just been published and its figures are being prepared. Try again in a minute.</p>
      </>
    );
  }
  const { report } = data;
  const jsonHref = `/surveys/${encodeURIComponent(report.wave.slug)}/report.json`;
  return (
    <>
      <Link to={`/surveys/${encodeURIComponent(report.wave.slug)}`} className="govuk-back-link lt-no-print">
        {report.wave.title}: your council&apos;s answers
      </Link>
      <BenchmarkReportPage report={report} caption={report.council.name} jsonHref={jsonHref} actions={<PrintActions jsonHref={jsonHref} />} />
    </>
  );
}

export const handle = { hydrate: false };
