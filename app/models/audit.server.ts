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
  let query = db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(options.limit ?? 50);
  if (options.action) query = query.where("action", "=", options.action);
  return query.execute();
}

export interface AuditFilter {
  /** Part of the actor's email address or name. */
  actor?: string;
  councilId?: number;
  action?: string;
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
  /** Entries up to this id only: a long export reads a fixed set while new entries arrive. */
  upToId?: number;
}

function filteredAudit(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("councils", "councils.id", "audit_log.actor_council_id")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_user_id");
  if (filter.actor) {
    const pattern = `%${escapeLike(filter.actor.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb("audit_log.actor_email", "like", pattern), eb(eb.fn("lower", ["actor.name"]), "like", pattern)]));
  }
  if (filter.councilId !== undefined) query = query.where("audit_log.actor_council_id", "=", filter.councilId);
  if (filter.action) query = query.where("audit_log.action", "=", filter.action);
  if (filter.from) query = query.where("audit_log.at", ">=", `${filter.from}T00:00:00.000Z`);
  if (filter.to) query = query.where("audit_log.at", "<=", `${filter.to}T23:59:59.999Z`);
  if (filter.upToId !== undefined) query = query.where("audit_log.id", "<=", filter.upToId);
  return query;
}

/** The number of entries a filter matches. */
export async function countAudit(db: Db, filter: AuditFilter): Promise<number> {
  const total = await filteredAudit(db, filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(total.n);
}

/** Entries a filter matches, newest first, from offset: the actor's name beside what was recorded. */
export async function listAuditEntries(db: Db, filter: AuditFilter, page: { offset: number; limit: number }) {
  return filteredAudit(db, filter)
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_user_id as actorUserId",
      "audit_log.actor_email as actorEmail",
      "actor.name as actorName",
      "audit_log.actor_role as actorRole",
      "councils.name as councilName",
      "audit_log.action",
      "audit_log.target_type as targetType",
      "audit_log.target_id as targetId",
      "audit_log.detail",
      "audit_log.client_address as clientAddress",
    ])
    .orderBy("audit_log.id", "desc")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** One page of the audit log, newest first, with the total for the pager. */
export async function searchAudit(db: Db, filter: AuditFilter, page: { offset: number; limit: number }) {
  return { total: await countAudit(db, filter), rows: await listAuditEntries(db, filter, page) };
}

export interface AuditTargetNames {
  users: Map<number, { name: string; email: string }>;
  waves: Map<string, { slug: string; title: string }>;
  councils: Map<number, { name: string }>;
  councilsByGss: Map<string, { name: string }>;
  responses: Map<number, { councilName: string; waveSlug: string; waveTitle: string }>;
  invitations: Map<number, { email: string; role: string }>;
}

/**
 * The names of the things a page of entries points at, looked up in one query per kind: users and
 * councils by id, waves by id or slug (both are recorded), responses with their council and wave,
 * invitations by id, benchmark reports' councils by GSS code ("2025/E08000035").
 */
export async function findAuditTargetNames(db: Db, targets: readonly { targetType: string | null; targetId: string | null }[]): Promise<AuditTargetNames> {
  const ids = (type: string) => [
    ...new Set(targets.filter((t) => t.targetType === type && t.targetId !== null && /^\d+$/.test(t.targetId)).map((t) => Number(t.targetId))),
  ];
  const waveKeys = targets.filter((t) => t.targetType === "wave" && t.targetId !== null).map((t) => t.targetId!);
  const waveIds = [...new Set(waveKeys.filter((k) => /^\d+$/.test(k)).map(Number))];
  const waveSlugs = [
    ...new Set([...waveKeys, ...targets.filter((t) => t.targetType === "benchmark-report" && t.targetId).map((t) => t.targetId!.split("/")[0]!)]),
  ];
  const gssCodes = [...new Set(targets.filter((t) => t.targetType === "benchmark-report" && t.targetId?.includes("/")).map((t) => t.targetId!.split("/")[1]!))];
  const userIds = ids("user");
  const councilIds = ids("council");
  const responseIds = ids("response");
  const invitationIds = ids("invitation");
  const names: AuditTargetNames = {
    users: new Map(),
    waves: new Map(),
    councils: new Map(),
    councilsByGss: new Map(),
    responses: new Map(),
    invitations: new Map(),
  };
  if (userIds.length > 0)
    for (const u of await db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", userIds).execute())
      names.users.set(u.id, { name: u.name, email: u.email });
  if (waveIds.length > 0 || waveSlugs.length > 0) {
    const waves = await db
      .selectFrom("waves")
      .select(["id", "slug", "title"])
      .where((eb) => eb.or([...(waveIds.length > 0 ? [eb("id", "in", waveIds)] : []), ...(waveSlugs.length > 0 ? [eb("slug", "in", waveSlugs)] : [])]))
      .execute();
    for (const w of waves) {
      names.waves.set(String(w.id), { slug: w.slug, title: w.title });
      names.waves.set(w.slug, { slug: w.slug, title: w.title });
    }
  }
  if (councilIds.length > 0)
    for (const c of await db.selectFrom("councils").select(["id", "name"]).where("id", "in", councilIds).execute()) names.councils.set(c.id, { name: c.name });
  if (gssCodes.length > 0)
    for (const c of await db.selectFrom("councils").select(["gss_code", "name"]).where("gss_code", "in", gssCodes).execute())
      names.councilsByGss.set(c.gss_code, { name: c.name });
  if (responseIds.length > 0) {
    const rows = await db
      .selectFrom("responses")
      .innerJoin("councils", "councils.id", "responses.council_id")
      .innerJoin("waves", "waves.id", "responses.wave_id")
      .select(["responses.id", "councils.name as councilName", "waves.slug as waveSlug", "waves.title as waveTitle"])
      .where("responses.id", "in", responseIds)
      .execute();
    for (const r of rows) names.responses.set(r.id, { councilName: r.councilName, waveSlug: r.waveSlug, waveTitle: r.waveTitle });
  }
  if (invitationIds.length > 0)
    for (const i of await db.selectFrom("invitations").select(["id", "email", "role"]).where("id", "in", invitationIds).execute())
      names.invitations.set(i.id, { email: i.email, role: i.role });
  return names;
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}

// "like" is case-insensitive for ASCII on SQLite and the emails are stored lower-case.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "");
}
