import { sql } from "kysely";
import type { PostgresDurabilitySettings } from "../../db/postgres-durability";
import type { Db } from "./db-types";

/** PostgreSQL's durability settings as the app's own connection sees them (a per-database or per-role setting shows here). */
export async function readPostgresDurability(db: Db): Promise<PostgresDurabilitySettings> {
  const { rows } = await sql<{
    name: string;
    setting: string;
  }>`select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')`.execute(db);
  const value = (name: string) => rows.find((r) => r.name === name)?.setting ?? "unknown";
  return { fsync: value("fsync"), synchronous_commit: value("synchronous_commit"), full_page_writes: value("full_page_writes") };
}
