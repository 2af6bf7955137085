// npm run import:responses -- --wave <slug> <file.csv>
// Imports historical responses into a wave (created closed, instrument version 1, if missing), all
// or nothing; each problem is reported with its line. The same path as the admin upload page
// (app/services/import-responses.server.ts): a published wave is refused, and the import is audited
// with the actor "command line".
import { getConfig } from "../app/config.server";
import { COMMAND_LINE_ACTOR, importHistoricalResponses } from "../app/services/import-responses.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { readArgs, readTextFile } from "./args";

const USAGE = "usage: npm run import:responses -- --wave <slug> <file.csv>   (slug: lowercase letters, digits and hyphens, like 2024)";
const args = readArgs(process.argv.slice(2), { wave: { type: "string" } }, USAGE);
const slug = args.values.wave;
const [file, ...extra] = args.positionals;
if (!slug || !file || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
const text = readTextFile(file);
const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  const result = await importHistoricalResponses(handle.db, { actor: COMMAND_LINE_ACTOR, clientAddress: null }, slug, text);
  if (!result.ok) {
    for (const message of result.errors) console.error(message);
    console.error(`responses: nothing imported, ${result.errors.length} ${result.errors.length === 1 ? "error" : "errors"} in ${file}`);
    process.exitCode = 1;
  } else {
    console.log(`responses: ${result.imported} imported into wave ${slug}${result.waveCreated ? " (created, closed)" : ""}`);
  }
} finally {
  await handle.close();
}
