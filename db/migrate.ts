import { Migrator, type Kysely } from "kysely";
import { migrationProvider, migrations } from "./migrations/index";
import type { Database } from "./schema";

/**
 * Runs every pending migration. `schema` (PostgreSQL only) keeps Kysely's bookkeeping tables in that
 * schema: without it Kysely looks for them in every schema and can find another database user's.
 */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string } = {}): Promise<string[]> {
  // Unordered: 002 and 003 were written in parallel, and a database may already hold 003.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true, migrationTableSchema: options.schema });
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
