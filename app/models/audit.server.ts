import type { Db } from "./db-types";
import { nowIso } from "./db-types";

export interface AuditActor {
  userId: number | null;
  email: string | null;
  role: string | null;
  councilId: number | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  detail?: unknown;
  clientAddress?: string | null;
}

/** The audit log is append-only: this module has no update or delete. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: nowIso(),
      actor_user_id: entry.actor?.userId ?? null,
      actor_email: entry.actor?.email ?? null,
      actor_role: entry.actor?.role ?? null,
      actor_council_id: entry.actor?.councilId ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined ? null : String(entry.targetId),
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      client_address: entry.clientAddress ?? null,
    })
    .execute();
}

export async function listAudit(db: Db, options: { action?: string; limit?: number } = {}) {
  let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(options.limit ?? 50);
  if (options.action) query = query.where("action", "=", options.action);
  return query.execute();
}
