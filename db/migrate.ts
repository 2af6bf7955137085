import { Migrator, type Kysely } from "kysely";
import { migrationProvider, migrations } from "./migrations/index";
import type { Database } from "./schema";

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** "current" when every listed migration has run, else "pending". */
export async function migrationState(db: Kysely<Database>): Promise<"current" | "pending"> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  return applied === Object.keys(migrations).length ? "current" : "pending";
}
