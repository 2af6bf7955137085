import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRACKER_STATUS_LABELS } from "../domain/tracker-status";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { csvResponse } from "../services/csv-stream.server";
import { clientAddress } from "../services/request.server";
import { loadChaseList } from "../services/waves.server";

// The chase list: every active council that has not submitted a response to the wave.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { wave, rows } = await loadChaseList(getDb(), user, params.slug, clientAddress(request));
  return csvResponse(`chase-list-${wave.slug}.csv`, [
    ["gss_code", "council", "type", "region", "nation", "status", "last_activity"],
    ...rows.map((r) => [r.gssCode, r.name, r.type, r.region, r.nation, TRACKER_STATUS_LABELS[r.status], r.lastActivity ?? ""]),
  ]);
}
