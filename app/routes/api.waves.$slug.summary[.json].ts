import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../services/auth.server";
import { filtersFromUrl, summaryJson } from "../services/wave-summary.server";
import { staffSnapshotView } from "../services/wave-summary-thread.server";

// GET /api/waves/<slug>/summary.json[?type=CODE&region=NAME&nation=NAME]: the staff summary of a
// wave (docs/summary-json.md) read from its latest stored snapshot: the same document `npm run report`
// prints and the dashboard and exports show. One filter at a time (decision 034). Staff and admin only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const result = await staffSnapshotView(params.slug ?? "", filtersFromUrl(new URL(request.url)));
  return new Response(summaryJson(result.summary), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
