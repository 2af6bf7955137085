import { getConfig } from "../app/config.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { NotADemoDatabaseError, seedDemo } from "./seed/demo";

const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, { now: new Date() });
  console.log("demo data: seeded");
} catch (error) {
  if (error instanceof NotADemoDatabaseError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
} finally {
  await handle.close();
}
