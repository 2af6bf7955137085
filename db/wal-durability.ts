import fs from "node:fs";
import { SqliteDialect, type SqliteDialectConfig } from "kysely";
import { ImmediateSqliteDriver } from "./sqlite-writer";

// Group commit for SQLite (decision 022). The app's connection runs with synchronous = NORMAL, so a
// commit writes its WAL frames without waiting for the disk; before the query or transaction that
// wrote is reported done, the WAL file is fsynced from libuv's thread pool. One fsync covers every
// commit made before it started, so under load many saves share one disk flush, and the event loop
// never waits for the disk. An acknowledged write is on disk exactly as with synchronous = FULL.

const READ_ONLY = /^\s*(select|pragma|explain|begin|rollback|savepoint)\b/i;

export class WalDurability {
  private requested = 0;
  private synced = 0;
  private inFlight: Promise<void> | null = null;
  private wrote = false;
  /** fsyncs run and commits waited for: the ratio is the group-commit factor. */
  readonly stats = { fsyncs: 0, flushes: 0 };

  constructor(private readonly walFile: string) {}

  /** Called for every statement the connection prepares: anything but a read marks the connection dirty. */
  noteStatement(sql: string) {
    if (!READ_ONLY.test(sql)) this.wrote = true;
  }

  /** Whether the connection wrote since the last call (and clears it). */
  takeWrote(): boolean {
    const wrote = this.wrote;
    this.wrote = false;
    return wrote;
  }

  /** Resolves once an fsync of the WAL that started after this call has finished. */
  async flush(): Promise<void> {
    const ticket = ++this.requested;
    this.stats.flushes++;
    while (this.synced < ticket) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const covers = this.requested;
      this.inFlight = this.fsyncWal()
        .then(() => {
          this.synced = Math.max(this.synced, covers);
        })
        .finally(() => {
          this.inFlight = null;
        });
      await this.inFlight;
    }
  }

  protected async fsyncWal(): Promise<void> {
    this.stats.fsyncs++;
    // Opened per flush, so a WAL file SQLite has replaced is never the one synced.
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.walFile, "r");
    } catch (error) {
      // No WAL file: the last connection closed, which checkpoints the WAL into the database and
      // syncs it before deleting the WAL. Nothing is left to flush.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

// The writer's driver (transactions begin IMMEDIATE, db/sqlite-writer.ts) with the flush above.
class DurableSqliteDriver extends ImmediateSqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly durability: WalDurability,
  ) {
    super(config);
  }

  override async releaseConnection(): Promise<void> {
    const wrote = this.durability.takeWrote();
    // Let the next query have the connection while this one waits for the disk.
    await super.releaseConnection();
    if (wrote) await this.durability.flush();
  }
}

/** Kysely's SQLite dialect whose writes are reported done only once they are on disk (see above). */
export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    private readonly durableConfig: SqliteDialectConfig,
    private readonly durability: WalDurability,
  ) {
    super(durableConfig);
  }

  override createDriver() {
    return new DurableSqliteDriver(this.durableConfig, this.durability);
  }
}
