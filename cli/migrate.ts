import { getConfig } from "../app/config.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";

const handle = openDatabase(getConfig().DATABASE_URL);
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: already current");
} finally {
  await handle.close();
}
