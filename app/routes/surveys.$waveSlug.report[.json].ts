import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportJson } from "../domain/benchmark-report";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadOwnReport } from "../services/benchmark-report.server";

// GET /surveys/<wave>/report.json: the council's benchmark report figures for its own analysts
// (docs/report-json.md). Same rules as the HTML report: the council comes from the session.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const result = await loadOwnReport(getDb(), request, user, params.waveSlug ?? "");
  if (result.status !== "ok") {
    return new Response(JSON.stringify({ error: "The report is being prepared; try again in a minute" }), {
      status: 503,
      headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "60", "Cache-Control": "no-store" },
    });
  }
  return new Response(JSON.stringify(reportJson(result.report), null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
