// npm run report -- --wave <slug> [--type CODE] [--region NAME] [--nation NAME]
// Prints the staff summary of a wave as JSON from its latest stored snapshot: the same document as
// GET /api/waves/<slug>/summary.json (docs/summary-json.md), audited (k = 5). One filter at a time.
import { getConfig } from "../app/config.server";
import { getSnapshotView } from "../app/services/snapshots.server";
import { summaryJson } from "../app/services/wave-summary.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { readArgs } from "./args";

const USAGE = "usage: npm run report -- --wave <slug> [--type CODE] [--region NAME] [--nation NAME]";

const { values, positionals } = readArgs(
  process.argv.slice(2),
  { wave: { type: "string" }, type: { type: "string" }, region: { type: "string" }, nation: { type: "string" } },
  USAGE,
);
if (!values.wave || positionals.length > 0) {
  console.error(values.wave ? `unexpected argument ${positionals[0]}` : "--wave is required");
  console.error(USAGE);
  process.exit(2);
}
const parsed = { wave: values.wave, type: values.type ?? null, region: values.region ?? null, nation: values.nation ?? null };

const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  const result = await getSnapshotView({ db: handle.db, dialect: handle.dialect }, parsed.wave, "staff", parsed);
  if (result.kind === "no-wave") {
    console.error(`There is no wave "${parsed.wave}"`);
    process.exitCode = 1;
  } else if (result.kind === "not-offered" || result.kind === "preparing") {
    console.error(result.message);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${summaryJson(result.view.summary)}\n`);
  }
} finally {
  await handle.close();
}
