// npm run councils:import -- [--partial] [--check] <file.csv>
// Reads mySociety's "UK local authority names and codes" CSV or a plain gss_code,name,type,region,nation
// CSV, and upserts the council register in one transaction: any invalid row means nothing changes.
// The same path as the admin page /admin/councils/import (app/services/council-register.server.ts),
// audited with the actor "command line"; --check prints what would change and writes nothing.
import { getConfig } from "../app/config.server";
import { importCouncilRegister } from "../app/services/council-register.server";
import { COMMAND_LINE_ACTOR } from "../app/services/import-responses.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { readArgs, readTextFile } from "./args";

const USAGE = "usage: npm run councils:import -- [--partial] [--check] <file.csv>";
const { values, positionals } = readArgs(
  process.argv.slice(2),
  { partial: { type: "boolean", default: false }, check: { type: "boolean", default: false } },
  USAGE,
);
const [file, ...extra] = positionals;
if (!file || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

const text = readTextFile(file);
const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  const result = await importCouncilRegister(
    handle.db,
    { actor: COMMAND_LINE_ACTOR, clientAddress: null },
    { text, partial: values.partial, dryRun: values.check },
  );
  if (!result.ok) {
    for (const message of result.errors) console.error(message);
    console.error(`councils: nothing imported, ${result.errors.length} ${result.errors.length === 1 ? "error" : "errors"} in ${file}`);
    process.exitCode = 1;
  } else {
    const { plan } = result;
    const line = `${result.inFile} in file, ${plan.added.length} ${result.dryRun ? "to add" : "added"}, ${plan.updated.length} ${result.dryRun ? "to update" : "updated"}, ${plan.retired.length} ${result.dryRun ? "to retire" : "retired"}, ${result.skipped} skipped`;
    console.log(result.dryRun ? `councils: checked, nothing written: ${line}` : `councils: ${line}`);
  }
} finally {
  await handle.close();
}
