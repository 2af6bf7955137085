import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import fc from "fast-check";
import { Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "./connection";
import { migrateToLatest } from "./migrate";
import { DurableSqliteDialect, WalDurability } from "./wal-durability";

/** A WalDurability whose fsyncs finish when the test says so. */
class ControlledSync extends WalDurability {
  started: (() => void)[] = [];
  constructor() {
    super("/nonexistent-wal");
  }
  protected override fsyncWal(): Promise<void> {
    this.stats.fsyncs++;
    return new Promise((resolve) => this.started.push(resolve));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("group commit: the flush rule", () => {
  it("a flush asked for while an fsync is under way waits for the next fsync", async () => {
    const sync = new ControlledSync();
    let firstDone = false;
    let secondDone = false;
    void sync.flush().then(() => (firstDone = true));
    await tick();
    expect(sync.started).toHaveLength(1);
    void sync.flush().then(() => (secondDone = true)); // its commit came after the first fsync began
    sync.started[0]!();
    await tick();
    expect(firstDone).toBe(true);
    expect(secondDone).toBe(false);
    expect(sync.started).toHaveLength(2);
    sync.started[1]!();
    await tick();
    expect(secondDone).toBe(true);
  });

  it("one fsync covers every flush asked for before it started", async () => {
    const sync = new ControlledSync();
    const done: boolean[] = [];
    void sync.flush().then(() => done.push(true));
    await tick();
    for (let i = 0; i < 20; i++) void sync.flush().then(() => done.push(true));
    sync.started[0]!();
    await tick();
    expect(sync.started).toHaveLength(2);
    sync.started[1]!();
    await tick();
    expect(done).toHaveLength(21);
    expect(sync.stats).toEqual({ fsyncs: 2, flushes: 21, readWaits: 0 });
  });

  it("has nothing to flush when the WAL file is gone (the last connection closed and checkpointed it)", async () => {
    const sync = new WalDurability(path.join(os.tmpdir(), "localtrust-no-such-database.sqlite-wal"));
    await expect(sync.flush()).resolves.toBeUndefined();
    expect(sync.stats).toEqual({ fsyncs: 1, flushes: 1, readWaits: 0 });
  });

  it("passes a failed fsync on to the writes waiting for it, and tries again for the next", async () => {
    class FailingOnce extends WalDurability {
      calls = 0;
      protected override fsyncWal(): Promise<void> {
        this.stats.fsyncs++;
        return ++this.calls === 1 ? Promise.reject(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" })) : Promise.resolve();
      }
    }
    const sync = new FailingOnce("/nonexistent-wal");
    await expect(sync.flush()).rejects.toMatchObject({ code: "EIO" });
    await expect(sync.flush()).resolves.toBeUndefined();
    expect(sync.stats).toEqual({ fsyncs: 2, flushes: 2, readWaits: 0 });
  });

  it("settles at once when no write waits for the disk, and after the fsync that covers the writes run before it otherwise", async () => {
    const sync = new ControlledSync();
    await expect(sync.settle()).resolves.toBeUndefined();
    expect(sync.started).toHaveLength(0);
    sync.noteStatement("insert into x values (1)");
    let settled = false;
    void sync.settle().then(() => (settled = true));
    await tick();
    expect(sync.started).toHaveLength(1);
    sync.noteStatement("commit"); // a later write: the settle above does not wait for it
    sync.started[0]!();
    await tick();
    expect(settled).toBe(true);
    expect(sync.stats.readWaits).toBe(1);
  });

  it("marks statements other than reads as writes", () => {
    const sync = new WalDurability("/nonexistent-wal");
    for (const sql of ["select 1", "  SELECT * from x", "pragma foo", "begin", "rollback", "savepoint a", "explain select 1"]) sync.noteStatement(sql);
    expect(sync.takeWrote()).toBe(false);
    for (const sql of ["insert into x values (1)", "update x set a = 1", "delete from x", "commit", "with a as (select 1) insert into x select * from a"]) {
      sync.noteStatement(sql);
      expect(sync.takeWrote()).toBe(true);
    }
  });
});

describe("group commit on a SQLite file", () => {
  let folder: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-wal-"));
    handle = openDatabase(`file:${path.join(folder, "app.sqlite")}`);
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const audit = (i: number) =>
    handle.db.insertInto("audit_log").values({
      at: new Date().toISOString(),
      actor_user_id: null,
      actor_email: null,
      actor_role: null,
      actor_council_id: null,
      action: `test.${i}`,
      target_type: "test",
      target_id: String(i),
      detail: "{}",
      client_address: null,
    });

  it("keeps the file in WAL mode and gives the app's connection a group commit", () => {
    const raw = new SqliteDatabase(path.join(folder, "app.sqlite"));
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
    expect(handle.walDurability).toBeDefined();
  });

  it("flushes once for a write, once for a transaction, never for a read", async () => {
    const stats = handle.walDurability!.stats;
    const before = { ...stats };
    await audit(1).execute();
    expect(stats.flushes - before.flushes).toBe(1);
    expect(stats.fsyncs - before.fsyncs).toBe(1);
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("audit_log")
        .values({
          at: new Date().toISOString(),
          actor_user_id: null,
          actor_email: null,
          actor_role: null,
          actor_council_id: null,
          action: "test.t1",
          target_type: "test",
          target_id: "t",
          detail: "{}",
          client_address: null,
        })
        .execute();
      await trx.selectFrom("audit_log").select("id").execute();
    });
    expect(stats.flushes - before.flushes).toBe(2);
    await handle.db.selectFrom("audit_log").selectAll().execute();
    expect(stats.flushes - before.flushes).toBe(2);
  });

  it("lets concurrent writes share fsyncs, and every write is stored", async () => {
    const stats = handle.walDurability!.stats;
    const before = { ...stats };
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit(100 + i).execute()));
    expect(stats.flushes - before.flushes).toBe(50);
    expect(stats.fsyncs - before.fsyncs).toBeLessThanOrEqual(5);
    const rows = await handle.db.selectFrom("audit_log").select("action").where("action", "like", "test.1%").execute();
    expect(rows.filter((r) => /^test\.1\d\d$/.test(r.action))).toHaveLength(50);
  });
});

// With synchronous = NORMAL a commit is visible before its fsync. Whatever a query hands
// back (a write's "done" or a read's rows) must already be on disk. The fsyncs here finish after
// random delays; each one records, when it starts, which rows are committed at that moment (all
// of them become durable when it finishes). Every read's rows and every insert must be durable by
// the time its promise resolves. Before the read barrier, reads failed this at once.
describe("group commit: nothing is handed back before it is on disk (property)", () => {
  it("reads and writes in any interleaving see only durable rows", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-wal-prop-"));
    const file = path.join(folder, "prop.sqlite");
    const raw = new SqliteDatabase(file);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.exec("create table t (id integer primary key)");
    const durable = new Set<number>();
    class RandomDelaySync extends WalDurability {
      delays: number[] = [];
      protected override fsyncWal(): Promise<void> {
        this.stats.fsyncs++;
        // What is committed when the fsync starts is what it makes durable.
        const covered = (raw.prepare("select id from t").all() as { id: number }[]).map((r) => r.id);
        const delay = this.delays.length > 0 ? this.delays.shift()! : 1;
        return new Promise((resolve) =>
          setTimeout(() => {
            for (const id of covered) durable.add(id);
            resolve();
          }, delay),
        );
      }
    }
    const sync = new RandomDelaySync(`${file}-wal`);
    const db = new Kysely<{ t: { id: number } }>({
      dialect: new DurableSqliteDialect({ database: { close: () => undefined, prepare: (q: string) => (sync.noteStatement(q), raw.prepare(q)) } }, sync),
    });
    let nextId = 1;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ write: fc.boolean(), gap: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 30 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }),
          async (ops, delays) => {
            sync.delays = delays.slice();
            const violations: string[] = [];
            const running: Promise<void>[] = [];
            for (const op of ops) {
              if (op.write) {
                const id = nextId++;
                running.push(
                  db
                    .insertInto("t")
                    .values({ id })
                    .execute()
                    .then(() => {
                      if (!durable.has(id)) violations.push(`insert ${id} answered before it was on disk`);
                    }),
                );
              } else {
                running.push(
                  db
                    .selectFrom("t")
                    .select("id")
                    .execute()
                    .then((rows) => {
                      const early = rows.filter((r) => !durable.has(r.id));
                      if (early.length > 0) violations.push(`a read showed ${early.map((r) => r.id).join(", ")} before they were on disk`);
                    }),
                );
              }
              if (op.gap > 0) await new Promise((resolve) => setTimeout(resolve, op.gap));
            }
            await Promise.all(running);
            expect(violations).toEqual([]);
          },
        ),
        { numRuns: 40 },
      );
      expect(sync.stats.readWaits).toBeGreaterThan(0);
      // A read made when nothing waits for the disk is answered without an fsync.
      await sql`select 1`.execute(db);
      const before = sync.stats.fsyncs;
      await db.selectFrom("t").select("id").execute();
      expect(sync.stats.fsyncs).toBe(before);
    } finally {
      await db.destroy();
      raw.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
