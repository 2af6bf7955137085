// npm run councils:import -- [--partial] <file.csv>
// Reads mySociety's "UK local authority names and codes" CSV or a plain gss_code,name,type,region,nation
// CSV, and upserts the council register in one transaction: any invalid row means nothing changes.
import { getConfig } from "../app/config.server";
import { applyCouncilRegister } from "../app/models/council.server";
import { inTransaction } from "../app/models/db-types";
import { openDatabase } from "../db/connection";
import { parseCouncilRegister } from "./councils/register-csv";
import { migrateToLatest } from "../db/migrate";
import { readArgs, readTextFile } from "./args";

const USAGE = "usage: npm run councils:import -- [--partial] <file.csv>";
const { values, positionals } = readArgs(process.argv.slice(2), { partial: { type: "boolean", default: false } }, USAGE);
const partial = values.partial;
const [file, ...extra] = positionals;
if (!file || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

const text = readTextFile(file);

const parsed = parseCouncilRegister(text, { partial });
if (!parsed.ok) {
  for (const message of parsed.errors) console.error(message);
  console.error(`councils: nothing imported, ${parsed.errors.length} ${parsed.errors.length === 1 ? "error" : "errors"} in ${file}`);
  process.exit(1);
}

const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  const counts = await inTransaction(handle.db, (trx) => applyCouncilRegister(trx, parsed.rows, { fullRegister: parsed.isFullRegister }));
  console.log(`councils: ${parsed.inFile} in file, ${counts.added} added, ${counts.updated} updated, ${counts.retired} retired, ${parsed.skipped} skipped`);
} finally {
  await handle.close();
}
