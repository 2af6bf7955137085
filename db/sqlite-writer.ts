import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from "kysely";

/**
 * Kysely's SQLite driver for the app's writer connection: its transactions begin IMMEDIATE instead
 * of Kysely's deferred "begin" (decision 025). A transaction that reads and then writes would
 * otherwise fail with SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot wait out, whenever another
 * process (a CLI import, a second server in the bench) wrote between its first read and its first
 * write. IMMEDIATE takes the write lock at the start, so it waits (up to busy_timeout) instead.
 */
export class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** Kysely's SQLite dialect with the writer's driver (above). */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly writerConfig: SqliteDialectConfig) {
    super(writerConfig);
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.writerConfig);
  }
}
