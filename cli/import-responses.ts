// npm run import:responses -- --wave <slug> --opens YYYY-MM-DD --closes YYYY-MM-DD [--check] <file.csv>
// Imports historical responses into a wave (created closed, instrument version 1, with its
// fieldwork dates, if missing), all or nothing; every problem of the file is reported with its
// line. --check runs the same validation and writes nothing. The same path as the admin upload
// page (app/services/import-responses.server.ts): a published wave is refused, and the import is
// audited with the actor "command line". Later waves' trends are then cut again to include it.
import { getConfig } from "../app/config.server";
import { COMMAND_LINE_ACTOR, importHistoricalResponses } from "../app/services/import-responses.server";
import { refreshTrendsAfterImport } from "../app/services/snapshots.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { readArgs, readTextFile } from "./args";

const USAGE =
  "usage: npm run import:responses -- --wave <slug> --opens <YYYY-MM-DD> --closes <YYYY-MM-DD> [--check] <file.csv>   (slug like 2019; the dates of its fieldwork, needed for a new wave)";
const args = readArgs(
  process.argv.slice(2),
  { wave: { type: "string" }, opens: { type: "string" }, closes: { type: "string" }, check: { type: "boolean" } },
  USAGE,
);
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
  const fieldwork = { opensOn: args.values.opens ?? null, closesOn: args.values.closes ?? null };
  const result = await importHistoricalResponses(
    handle.db,
    { actor: COMMAND_LINE_ACTOR, clientAddress: null },
    { slug, fieldwork, text, dryRun: args.values.check === true },
  );
  if (!result.ok) {
    for (const problem of result.errors) console.error(problem.message);
    const n = result.errors.length;
    console.error(`responses: nothing imported, ${n} ${n === 1 ? "problem" : "problems"} in ${file}`);
    process.exitCode = 1;
  } else {
    const dates = result.wave.opensOn && result.wave.closesOn ? `, fieldwork ${result.wave.opensOn} to ${result.wave.closesOn}` : "";
    const created = result.wave.created
      ? ` (${result.dryRun ? "would be created" : "created"}, closed${dates})`
      : result.wave.datesAdded
        ? ` (fieldwork dates added${dates})`
        : "";
    if (result.dryRun) console.log(`responses: checked, no problems: ${result.imported} would be imported into wave ${slug}${created}; nothing written`);
    else {
      console.log(`responses: ${result.imported} imported into wave ${slug}${created}`);
      await refreshTrendsAfterImport({ db: handle.db, dialect: handle.location.dialect }, slug);
    }
  }
} finally {
  await handle.close();
}
