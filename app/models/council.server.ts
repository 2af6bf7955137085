import { planRegisterChanges, type RegisterPlan, type RegisterRow, type RegisteredCouncil } from "../domain/council-register";
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

/** Every council of the register (active or retired), for planning an import (planRegisterChanges). */
export async function listRegisteredCouncils(db: Db): Promise<RegisteredCouncil[]> {
  return db.selectFrom("councils").select(["gss_code", "name", "type", "region", "nation", "active"]).execute();
}

/** Writes a planned register import: inserts the added, updates the changed, marks the retired inactive (never deletes). */
export async function writeRegisterPlan<R extends RegisterRow>(db: Db, plan: RegisterPlan<R>): Promise<RegisterImportCounts> {
  const now = nowIso();
  for (const row of plan.added) {
    await db
      .insertInto("councils")
      .values({ gss_code: row.gssCode, name: row.name, type: row.type, region: row.region, nation: row.nation, active: 1, created_at: now, updated_at: now })
      .execute();
  }
  for (const { row } of plan.updated) {
    await db
      .updateTable("councils")
      .set({ name: row.name, type: row.type, region: row.region, nation: row.nation, active: 1, updated_at: now })
      .where("gss_code", "=", row.gssCode)
      .execute();
  }
  const retire = plan.retired.map((r) => r.gssCode);
  if (retire.length > 0) await db.updateTable("councils").set({ active: 0, updated_at: now }).where("gss_code", "in", retire).execute();
  return { added: plan.added.length, updated: plan.updated.length, retired: retire.length };
}

/** Upserts by GSS code; councils absent from a full register are marked inactive, never deleted. */
export async function applyCouncilRegister(db: Db, rows: readonly CouncilRecord[], options: { fullRegister: boolean }): Promise<RegisterImportCounts> {
  return writeRegisterPlan(db, planRegisterChanges(await listRegisteredCouncils(db), rows, options));
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
  const rows = await db
    .selectFrom("councils")
    .select(["id", "gss_code", "name"])
    .where("gss_code", "in", [...gssCodes])
    .execute();
  return new Map(rows.map((c) => [c.gss_code, { id: c.id, name: c.name }]));
}

export async function findCouncilIdsByGssCode(db: Db, gssCodes: readonly string[]): Promise<Map<string, number>> {
  if (gssCodes.length === 0) return new Map();
  const rows = await db.selectFrom("councils").select(["id", "gss_code"]).where("gss_code", "in", gssCodes).execute();
  return new Map(rows.map((c) => [c.gss_code, c.id]));
}
