import { openDatabase, type DialectName } from "../db/connection";
import { readPostgresDurability } from "../app/models/database-settings.server";
import { scoreUnscoredSubmissions } from "../app/models/scores.server";
import { postgresDurabilityWarnings } from "../db/postgres-durability";
import { migrateToLatest } from "../db/migrate";
import { isEmptyDatabase, seedDemo } from "./seed/demo";

/** Migrates the database and, on an empty one, seeds the demo. Used by `npm start`. */
export async function prepareDatabase(
  url: string,
  options: { seedDemoWhenEmpty: boolean },
): Promise<{ dialect: DialectName; migrated: string[]; seeded: boolean; warnings: string[] }> {
  const handle = openDatabase(url, { poolSize: 2 });
  try {
    const migrated = await migrateToLatest(handle.db);
    await scoreUnscoredSubmissions(handle.db);
    let seeded = false;
    if (options.seedDemoWhenEmpty && (await isEmptyDatabase(handle.db))) {
      await seedDemo(handle.db, { now: new Date() });
      seeded = true;
    }
    // Published waves without benchmark figures (published before migration 009, or interrupted)
    // get them after the server listens, in the background (server.ts, decision 063).
    // PostgreSQL must flush commits to disk, or "Submitted" is not a promise kept.
    const warnings = handle.dialect === "postgres" ? postgresDurabilityWarnings(await readPostgresDurability(handle.db)) : [];
    return { dialect: handle.dialect, migrated, seeded, warnings };
  } finally {
    await handle.close();
  }
}
