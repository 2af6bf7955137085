import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { ImmediateSqliteDialect } from "./sqlite-writer";
import { DurableSqliteDialect, WalDurability } from "./wal-durability";

export type DialectName = "sqlite" | "postgres";

export type DatabaseLocation = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string };

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
  /** SQLite files only: the group commit that flushes the WAL before a write is reported done. */
  walDurability?: WalDurability;
}

/** Statements kept per SQLite connection: enough for every query the app writes, bounded for IN-lists of any length. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 with a bounded cache of prepared statements: Kysely's SQLite driver prepares
 * every statement anew, which cost ~9% of a submission's time (docs/benchmarks.md). Only queries
 * and data changes are cached; schema changes and pragmas are prepared each time.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, options: { size?: number; onPrepare?: (sql: string) => void } = {}) {
  const size = options.size ?? STATEMENT_CACHE_SIZE;
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      options.onPrepare?.(sql);
      const hit = cache.get(sql);
      if (hit) {
        // Most recently used last, so the first key is the one to drop.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = sqlite.prepare(sql);
      if (/^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i.test(sql)) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

export function openDatabase(url: string, options: { poolSize?: number; readonly?: boolean } = {}): DatabaseHandle {
  const location = parseDatabaseUrl(url);
  if (location.dialect === "postgres") {
    const pool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", location, close: () => db.destroy() };
  }
  if (location.file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(location.file)), { recursive: true });
  const { dialect, walDurability } = options.readonly ? openSqliteReader(location.file) : openSqliteWriter(location.file);
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: "sqlite", location, close: () => db.destroy(), walDurability };
}

/** A reader beside the app's writer (the dashboard worker): WAL lets it read a consistent snapshot while saves go on; the file and its WAL mode are the writer's to set up. */
function openSqliteReader(file: string): { dialect: SqliteDialect; walDurability?: undefined } {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return { dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) };
}

/**
 * The app's connection. WAL lets readers run beside the one writer. A reported write must survive
 * a power cut: an in-memory database has nothing to flush (FULL, as before); a file's commits are
 * flushed by group commit (db/wal-durability.ts, decision 022), which needs NORMAL here. Its
 * transactions begin IMMEDIATE (db/sqlite-writer.ts, decision 025).
 */
function openSqliteWriter(file: string): { dialect: SqliteDialect; walDurability?: WalDurability } {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  if (file === ":memory:") {
    sqlite.pragma("synchronous = FULL");
    return { dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) };
  }
  sqlite.pragma("synchronous = NORMAL");
  const walDurability = new WalDurability(`${path.resolve(file)}-wal`);
  const database = withStatementCache(sqlite, { onPrepare: (sql) => walDurability.noteStatement(sql) });
  return { dialect: new DurableSqliteDialect({ database }, walDurability), walDurability };
}
