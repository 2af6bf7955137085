import type { LoaderFunctionArgs } from "@remix-run/node";
import { INVITATION_LABELS, TRACKER_STATUS_LABELS } from "../domain/tracker-status";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { csvResponse } from "../services/csv-stream.server";
import { loadChaseListExport, parseTrackerFilters } from "../services/reminders.server";
import { clientAddress } from "../services/request.server";

// The chase list: the tracker's columns for every active council that has not submitted (or the
// tracker's filter), formula-safe (app/domain/csv.ts). Statuses, the team's names and addresses; no answer, no figure.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const filters = parseTrackerFilters(new URL(request.url).searchParams);
  const { wave, rows } = await loadChaseListExport(getDb(), user, params.slug, clientAddress(request), filters);
  return csvResponse(`chase-list-${wave.slug}.csv`, [
    [
      "gss_code",
      "council",
      "type",
      "region",
      "nation",
      "status",
      "respondents",
      "respondent_emails",
      "invitation",
      "sections_done",
      "sections_total",
      "last_activity",
      "last_reminded",
    ],
    ...rows.map((r) => [
      r.gssCode,
      r.name,
      r.type,
      r.region,
      r.nation,
      TRACKER_STATUS_LABELS[r.status],
      r.respondents.map((m) => m.name).join("; "),
      r.respondents.map((m) => m.email).join("; "),
      r.invitation ? INVITATION_LABELS[r.invitation] : "",
      r.sectionsDone,
      r.sectionsTotal,
      r.lastActivity ?? "",
      r.lastReminded ?? "",
    ]),
  ]);
}
