// npm run db:backup -- <file>: a consistent online copy of the SQLite database (safe while the app runs),
// checked with integrity_check and fsynced (file and folder) before it reports done.
import { getConfig } from "../../app/config.server";
import { backupSqlite } from "../backup";
import { parseDatabaseUrl } from "../connection";

const target = process.argv[2];
if (!target) {
  console.error("usage: npm run db:backup -- <backup-file.sqlite>");
  process.exit(2);
}
const location = parseDatabaseUrl(getConfig().DATABASE_URL);
if (location.dialect !== "sqlite") {
  console.error("DATABASE_URL is PostgreSQL: back it up with pg_dump (see docs/operations.md)");
  process.exit(2);
}
const started = Date.now();
const { pages } = await backupSqlite(location.file, target);
console.log(`backup: ${location.file} -> ${target}, ${pages} pages, integrity ok, synced to disk (file and folder), ${Date.now() - started} ms`);
