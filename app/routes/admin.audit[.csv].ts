import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseAuditFilters } from "../domain/list-filters";
import { getDb } from "../db.server";
import { auditLogCsv } from "../services/audit-log.server";
import { requireAdmin } from "../services/auth.server";

// GET /admin/audit.csv?<the audit page's filters>: the filtered entries as CSV, for admins only.
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { filter } = parseAuditFilters(new URL(request.url).searchParams);
  return auditLogCsv(getDb(), request, admin, filter);
}
