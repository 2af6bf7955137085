// npm run db:restore -- <file>: puts a backup back as the database named by DATABASE_URL. Stop the app first.
import { getConfig } from "../app/config.server";
import { restoreSqlite } from "../db/backup";
import { parseDatabaseUrl } from "../db/connection";
import { readArgs } from "./args";

const USAGE = "usage: npm run db:restore -- <backup-file.sqlite>   (stop LocalTrust first)";
const [source, ...extra] = readArgs(process.argv.slice(2), {}, USAGE).positionals;
if (!source || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
const location = parseDatabaseUrl(getConfig().DATABASE_URL);
if (location.dialect !== "sqlite") {
  console.error("DATABASE_URL is PostgreSQL: restore it with pg_restore (see docs/operations.md)");
  process.exit(2);
}
try {
  const { pages } = await restoreSqlite(source, location.file);
  console.log(`restore: ${source} -> ${location.file}, ${pages} pages`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
