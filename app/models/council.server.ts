import type { Db } from "./db-types";
import { nowIso } from "./db-types";

export interface CouncilRecord {
  gssCode: string;
  name: string;
  type: string;
  region: string;
  nation: string;
}

export interface RegisterImportCounts {
  added: number;
  updated: number;
  retired: number;
}

/** Upserts by GSS code; councils absent from a full register are marked inactive, never deleted. */
export async function applyCouncilRegister(
  db: Db,
  rows: readonly CouncilRecord[],
  options: { fullRegister: boolean },
): Promise<RegisterImportCounts> {
  const now = nowIso();
  const existing = await db.selectFrom("councils").selectAll().execute();
  const byCode = new Map(existing.map((c) => [c.gss_code, c]));
  const counts: RegisterImportCounts = { added: 0, updated: 0, retired: 0 };
  for (const row of rows) {
    const current = byCode.get(row.gssCode);
    if (!current) {
      await db
        .insertInto("councils")
        .values({ gss_code: row.gssCode, name: row.name, type: row.type, region: row.region, nation: row.nation, active: 1, created_at: now, updated_at: now })
        .execute();
      counts.added += 1;
      continue;
    }
    const unchanged =
      current.name === row.name && current.type === row.type && current.region === row.region && current.nation === row.nation && current.active === 1;
    if (unchanged) continue;
    await db
      .updateTable("councils")
      .set({ name: row.name, type: row.type, region: row.region, nation: row.nation, active: 1, updated_at: now })
      .where("id", "=", current.id)
      .execute();
    counts.updated += 1;
  }
  if (options.fullRegister) {
    const inFile = new Set(rows.map((r) => r.gssCode));
    const toRetire = existing.filter((c) => c.active === 1 && !inFile.has(c.gss_code)).map((c) => c.id);
    if (toRetire.length > 0) {
      await db.updateTable("councils").set({ active: 0, updated_at: now }).where("id", "in", toRetire).execute();
    }
    counts.retired = toRetire.length;
  }
  return counts;
}

export async function getCouncil(db: Db, id: number) {
  return db.selectFrom("councils").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function countCouncils(db: Db, options: { activeOnly?: boolean } = {}) {
  let query = db.selectFrom("councils").select((eb) => eb.fn.countAll<number>().as("n"));
  if (options.activeOnly) query = query.where("active", "=", 1);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listActiveCouncils(db: Db) {
  return db.selectFrom("councils").selectAll().where("active", "=", 1).orderBy("name").execute();
}

/** Every council, active or not, in GSS code order. */
export async function listAllCouncils(db: Db) {
  return db.selectFrom("councils").selectAll().orderBy("gss_code").execute();
}

/** GSS code → council id, for the codes that name a council. */
/** The councils with these GSS codes (active or not): id and name, by GSS code. */
export async function findCouncilsByGssCode(db: Db, gssCodes: readonly string[]): Promise<Map<string, { id: number; name: string }>> {
  if (gssCodes.length === 0) return new Map();
  const rows = await db.selectFrom("councils").select(["id", "gss_code", "name"]).where("gss_code", "in", [...gssCodes]).execute();
  return new Map(rows.map((c) => [c.gss_code, { id: c.id, name: c.name }]));
}

export async function findCouncilIdsByGssCode(db: Db, gssCodes: readonly string[]): Promise<Map<string, number>> {
  if (gssCodes.length === 0) return new Map();
  const rows = await db.selectFrom("councils").select(["id", "gss_code"]).where("gss_code", "in", gssCodes).execute();
  return new Map(rows.map((c) => [c.gss_code, c.id]));
}
