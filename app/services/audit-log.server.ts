import { listAuditActions, recordAudit, searchAudit, type AuditFilter } from "../models/audit.server";
import type { Db } from "../models/db-types";
import { auditActor } from "./auth.server";
import { listCouncilChoices } from "./councils.server";

/** An event of a signed-in user (a sign-in step, an enrolment) for the audit log. */
export async function auditUserEvent(db: Db, user: Parameters<typeof auditActor>[0], entry: { action: string; targetType?: string; targetId?: string | number; clientAddress: string | null }) {
  await recordAudit(db, { actor: auditActor(user), ...entry });
}

/** One page of the audit log for the admin's audit page, with the choices its filter form offers. */
export async function loadAuditLogPage(db: Db, filter: AuditFilter, page: { offset: number; limit: number }) {
  const result = await searchAudit(db, filter, page);
  return { ...result, actions: await listAuditActions(db), councils: await listCouncilChoices(db) };
}
