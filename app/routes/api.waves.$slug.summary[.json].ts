import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../services/auth.server";
import { filtersFromUrl, summaryJson } from "../services/wave-summary.server";
import { loadWaveSummary } from "../services/wave-summary-thread.server";
import { noSuchWave } from "../services/waves.server";

// GET /api/waves/<slug>/summary.json[?type=CODE&region=NAME&nation=NAME]: the staff summary of a
// wave (docs/summary-json.md), the same document `npm run report` prints. Staff and admin only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const result = await loadWaveSummary(params.slug ?? "", filtersFromUrl(new URL(request.url)));
  if (!result) throw noSuchWave();
  return new Response(summaryJson(result.summary), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
