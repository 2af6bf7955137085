// npm run report -- --wave <slug> [--type CODE] [--region NAME] [--nation NAME]
// Prints the staff summary of a wave as JSON from its latest stored snapshot: the same document as
// GET /api/waves/<slug>/summary.json (docs/summary-json.md), audited (k = 5). One filter at a time.
import { getConfig } from "../../app/config.server";
import { getSnapshotView } from "../../app/services/snapshots.server";
import { summaryJson } from "../../app/services/wave-summary.server";
import { openDatabase } from "../connection";
import { migrateToLatest } from "../migrate";

const USAGE = "usage: npm run report -- --wave <slug> [--type CODE] [--region NAME] [--nation NAME]";

export function parseReportArgs(args: readonly string[]): { wave: string; type: string | null; region: string | null; nation: string | null } | { error: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] as string;
    const match = /^--(wave|type|region|nation)(?:=(.*))?$/.exec(flag);
    if (!match) return { error: `unknown argument ${flag}` };
    const value = match[2] ?? args[++i];
    if (value === undefined || value === "") return { error: `${flag} needs a value` };
    values[match[1] as string] = value;
  }
  if (!values.wave) return { error: "--wave is required" };
  return { wave: values.wave, type: values.type ?? null, region: values.region ?? null, nation: values.nation ?? null };
}

const parsed = parseReportArgs(process.argv.slice(2));
if ("error" in parsed) {
  console.error(parsed.error);
  console.error(USAGE);
  process.exit(2);
}

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
