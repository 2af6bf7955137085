import fs from "node:fs";
import { SqliteDialect, type SqliteDialectConfig } from "kysely";
import { ImmediateSqliteDriver } from "./sqlite-writer";

// Group commit for SQLite (decision 022). The app's connection runs with synchronous = NORMAL, so a
// commit writes its WAL frames without waiting for the disk; before the query or transaction that
// wrote is reported done, the WAL file is fsynced from libuv's thread pool. One fsync covers every
// commit made before it started, so under load many saves share one disk flush, and the event loop
// never waits for the disk. An acknowledged write is on disk exactly as with synchronous = FULL.
//
// Reads wait too: with NORMAL a commit is visible to the next query as soon as its WAL
// frames are written, before the fsync. A query that does not write is therefore not handed back
// until every write statement run before it is on disk, so no page, redirect or count can show a
// state ("submitted", a reference number, "Completed") that a power cut would still undo. When
// nothing is waiting for the disk this costs one comparison.

const READ_ONLY = /^\s*(select|pragma|explain|begin|rollback|savepoint)\b/i;

export class WalDurability {
  /** Write statements run (each counted when prepared, which better-sqlite3 follows at once with running it) plus flushes asked for. */
  private marks = 0;
  /** Every mark up to this one is covered by a finished fsync. */
  private synced = 0;
  private inFlight: Promise<void> | null = null;
  private wrote = false;
  /** fsyncs run, writes that waited for one, and reads that had to wait for earlier writes. */
  readonly stats = { fsyncs: 0, flushes: 0, readWaits: 0 };

  constructor(private readonly walFile: string) {}

  /** Called for every statement the connection prepares: anything but a read marks the connection dirty. */
  noteStatement(sql: string) {
    if (!READ_ONLY.test(sql)) {
      this.wrote = true;
      this.marks++;
    }
  }

  /** Whether the connection wrote since the last call (and clears it). */
  takeWrote(): boolean {
    const wrote = this.wrote;
    this.wrote = false;
    return wrote;
  }

  /** Resolves once an fsync of the WAL that started after this call has finished. */
  async flush(): Promise<void> {
    this.stats.flushes++;
    await this.waitFor(++this.marks);
  }

  /**
   * Resolves once every write statement run before this call is on disk: at once when none is
   * waiting for the disk. Whatever a read could have seen was written before it, so a read that
   * settles before it answers never shows a state a power cut could undo.
   */
  async settle(): Promise<void> {
    if (this.synced >= this.marks) return;
    this.stats.readWaits++;
    await this.waitFor(this.marks);
  }

  private async waitFor(mark: number): Promise<void> {
    while (this.synced < mark) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const covers = this.marks;
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
    // A write waits for its own fsync; a read, for the fsync of every write it could have seen.
    if (wrote) await this.durability.flush();
    else await this.durability.settle();
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
