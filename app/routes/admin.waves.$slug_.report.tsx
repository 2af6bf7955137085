import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BenchmarkReportPage } from "../components/report/benchmark-report-page";
import { getDb } from "../db.server";
import { requireAdmin } from "../services/auth.server";
import { loadReportPreview } from "../services/benchmark-report.server";

// GET /admin/waves/<slug>/report?council=<GSS code>: an admin's preview of one council's benchmark
// report, exactly as the council sees it. Admins only (they can see microdata anyway); staff get
// 403, because the report shows one council's own values. Every preview is audited.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const gssCode = new URL(request.url).searchParams.get("council") ?? "";
  const report = await loadReportPreview(getDb(), request, user, params.slug ?? "", gssCode);
  if (!report) throw new Response("There is no such report", { status: 404 });
  return json({ report }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Preview: ${data.report.council.name} – benchmark report – LocalTrust` : "Benchmark report preview – LocalTrust" },
];

export default function ReportPreview() {
  const { report } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/admin/waves/${encodeURIComponent(report.wave.slug)}`} className="govuk-back-link lt-no-print">
        Back to manage {report.wave.title}
      </Link>
      <div className="govuk-inset-text lt-no-print">
        This is a preview for admins of the report {report.council.name} sees. Opening it is recorded in the audit log.
      </div>
      <BenchmarkReportPage report={report} caption={`Preview for admins: ${report.council.name}`} jsonHref={null} />
    </>
  );
}

export const handle = { hydrate: false };
