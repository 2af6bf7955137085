import type { Selectable } from "kysely";
import type { AuditLogTable } from "../../db/schema";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";
import { preparedQuery } from "./prepared-query.server";

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
  await auditRow(db, {
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
  });
}

// Every save and submit writes one: prepared (built and compiled once).
const auditRow = preparedQuery((db, v: Omit<Selectable<AuditLogTable>, "id">) => db.insertInto("audit_log").values(v));

export async function listAudit(db: Db, options: { action?: string; limit?: number } = {}) {
  let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(options.limit ?? 50);
  if (options.action) query = query.where("action", "=", options.action);
  return query.execute();
}

export interface AuditFilter {
  actor?: string;
  councilId?: number;
  action?: string;
  from?: string;
  to?: string;
}

/** One page of the audit log, newest first, with the total for the pager. */
export async function searchAudit(db: Db, filter: AuditFilter, page: { offset: number; limit: number }) {
  let query = db.selectFrom("audit_log").leftJoin("councils", "councils.id", "audit_log.actor_council_id");
  if (filter.actor) query = query.where("audit_log.actor_email", "like", `%${escapeLike(filter.actor.toLowerCase())}%`);
  if (filter.councilId !== undefined) query = query.where("audit_log.actor_council_id", "=", filter.councilId);
  if (filter.action) query = query.where("audit_log.action", "=", filter.action);
  if (filter.from) query = query.where("audit_log.at", ">=", `${filter.from}T00:00:00.000Z`);
  if (filter.to) query = query.where("audit_log.at", "<=", `${filter.to}T23:59:59.999Z`);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_email as actorEmail",
      "audit_log.actor_role as actorRole",
      "councils.name as councilName",
      "audit_log.action",
      "audit_log.target_type as targetType",
      "audit_log.target_id as targetId",
      "audit_log.client_address as clientAddress",
    ])
    .orderBy("audit_log.id", "desc")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}

// "like" is case-insensitive for ASCII on SQLite and the emails are stored lower-case.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "");
}
