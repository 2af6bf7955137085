// npm run import:responses -- --wave <slug> <file.csv>
// Imports historical responses into a wave (created closed, instrument version 1, if missing), all
// or nothing; each problem is reported with its line. See app/services/import-responses.server.ts.
import fs from "node:fs";
import { getConfig } from "../app/config.server";
import { getInstrument } from "../app/domain/instruments";
import { importResponses, parseResponsesCsv } from "../app/services/import-responses.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";

const args = process.argv.slice(2);
const waveAt = args.indexOf("--wave");
const slug = waveAt >= 0 ? args[waveAt + 1] : undefined;
const file = args.filter((_, i) => i !== waveAt && i !== waveAt + 1).find((a) => !a.startsWith("--"));
if (!slug || !file || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(slug)) {
  console.error("usage: npm run import:responses -- --wave <slug> <file.csv>   (slug: lower-case letters, digits and '-')");
  process.exit(2);
}
let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (error) {
  console.error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  process.exit(2);
}
const handle = openDatabase(getConfig().DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  const existing = await handle.db.selectFrom("waves").select("instrument_version").where("slug", "=", slug).executeTakeFirst();
  const parsed = parseResponsesCsv(text, getInstrument(existing?.instrument_version ?? 1));
  const result = parsed.ok ? await importResponses(handle.db, slug, parsed.rows) : parsed;
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
