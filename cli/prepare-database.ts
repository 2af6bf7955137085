import { openDatabase, type DialectName } from "../db/connection";
import { scoreUnscoredSubmissions } from "../app/models/scores.server";
import { migrateToLatest } from "../db/migrate";
import { isEmptyDatabase, seedDemo } from "./seed/demo";

/** Migrates the database and, on an empty one, seeds the demo. Used by `npm start`. */
export async function prepareDatabase(
  url: string,
  options: { seedDemoWhenEmpty: boolean },
): Promise<{ dialect: DialectName; migrated: string[]; seeded: boolean }> {
  const handle = openDatabase(url, { poolSize: 2 });
  try {
    const migrated = await migrateToLatest(handle.db);
    await scoreUnscoredSubmissions(handle.db);
    let seeded = false;
    if (options.seedDemoWhenEmpty && (await isEmptyDatabase(handle.db))) {
      await seedDemo(handle.db, { now: new Date() });
      seeded = true;
    }
    return { dialect: handle.dialect, migrated, seeded };
  } finally {
    await handle.close();
  }
}
