import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRACKER_STATUS_LABELS } from "../domain/tracker-status";
import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { listTracker } from "../models/tracker.server";
import { getWaveBySlug } from "../models/wave.server";
import { auditActor, requireStaff } from "../services/auth.server";
import { csvResponse } from "../services/csv-stream.server";
import { clientAddress } from "../services/request.server";

// The chase list: every active council that has not submitted a response to the wave.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const db = getDb();
  const wave = await getWaveBySlug(db, params.slug ?? "");
  if (!wave) throw new Response("There is no such wave", { status: 404 });
  const rows = (await listTracker(db, wave.id, new Date().toISOString())).filter((r) => r.status !== "submitted");
  await recordAudit(db, { actor: auditActor(user), action: "export.chase-list", targetType: "wave", targetId: wave.slug, detail: { rows: rows.length }, clientAddress: clientAddress(request) });
  return csvResponse(`chase-list-${wave.slug}.csv`, [
    ["gss_code", "council", "type", "region", "nation", "status", "last_activity"],
    ...rows.map((r) => [r.gssCode, r.name, r.type, r.region, r.nation, TRACKER_STATUS_LABELS[r.status], r.lastActivity ?? ""]),
  ]);
}
