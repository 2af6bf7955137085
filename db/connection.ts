import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export type DialectName = "sqlite" | "postgres";

export type DatabaseLocation =
  | { dialect: "sqlite"; file: string }
  | { dialect: "postgres"; url: string };

/** `postgres://…` or `postgresql://…` selects PostgreSQL; `file:path`, a bare path or `:memory:` selects SQLite. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { dialect: "postgres", url: trimmed };
  if (trimmed === "") throw new Error("DATABASE_URL is empty");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL or a SQLite file path, not ${trimmed.split(":")[0]}://…`);
  }
  const file = trimmed.startsWith("file:") ? trimmed.slice("file:".length) : trimmed;
  if (file === "") throw new Error("DATABASE_URL file: needs a path, like file:./data/localtrust.sqlite");
  return { dialect: "sqlite", file };
}

// PostgreSQL returns int8 (count(*), sum of integers) and numeric as strings; the app wants numbers.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  location: DatabaseLocation;
  close: () => Promise<void>;
}

export function openDatabase(url: string, options: { poolSize?: number } = {}): DatabaseHandle {
  const location = parseDatabaseUrl(url);
  if (location.dialect === "postgres") {
    const pool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", location, close: () => db.destroy() };
  }
  if (location.file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(location.file)), { recursive: true });
  const sqlite = new SqliteDatabase(location.file);
  // WAL lets readers run beside the one writer; FULL sync makes a reported save survive a power cut.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", location, close: () => db.destroy() };
}
