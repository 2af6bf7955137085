import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { backupSqlite, checkIntegrity, restoreSqlite } from "./backup";
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrate";
import { seedDemo } from "../cli/seed/demo";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-backup-"));
const openReal = fs.openSync.bind(fs);
const live = path.join(folder, "live.sqlite");

// A second thread with its own connection keeps writing audit rows while the backup runs.
const writerSource = `
  const { parentPort, workerData } = require("node:worker_threads");
  const Database = require(workerData.driver);
  const db = new Database(workerData.file);
  db.pragma("busy_timeout = 5000");
  const insert = db.prepare("insert into audit_log (at, action) values (?, 'load.write')");
  let stop = false, written = 0;
  parentPort.on("message", () => { stop = true; });
  (function loop() {
    for (let i = 0; i < 50; i++) { insert.run(new Date().toISOString()); written++; }
    if (stop) { db.close(); parentPort.postMessage(written); } else setImmediate(loop);
  })();
`;

describe("SQLite backup and restore", () => {
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("takes a consistent copy while another connection is writing, and restores it", async () => {
    const handle = openDatabase(`file:${live}`);
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    await handle.close();

    const worker = new Worker(writerSource, { eval: true, workerData: { file: live, driver: require.resolve("better-sqlite3") } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const backupFile = path.join(folder, "backup.sqlite");
    await backupSqlite(live, backupFile);
    worker.postMessage("stop");
    const written: number = await new Promise((resolve) => worker.once("message", resolve));
    expect(written).toBeGreaterThan(0);

    expect(checkIntegrity(backupFile)).toBe("ok");
    const copy = new SqliteDatabase(backupFile, { readonly: true });
    const copiedWrites = (copy.prepare("select count(*) as n from audit_log where action = 'load.write'").get() as { n: number }).n;
    const copiedAnswers = (copy.prepare("select count(*) as n from answers").get() as { n: number }).n;
    copy.close();
    expect(copiedWrites).toBeLessThanOrEqual(written);
    expect(copiedAnswers).toBeGreaterThan(1000);

    // Damage the live database's content, then put the backup back.
    const damaged = new SqliteDatabase(live);
    damaged.prepare("delete from answers").run();
    damaged.close();
    const restoreTarget = path.join(folder, "restored.sqlite");
    fs.copyFileSync(live, restoreTarget);
    await restoreSqlite(backupFile, restoreTarget);
    const restored = new SqliteDatabase(restoreTarget, { readonly: true });
    expect((restored.prepare("select count(*) as n from answers").get() as { n: number }).n).toBe(copiedAnswers);
    restored.close();
    expect(checkIntegrity(restoreTarget)).toBe("ok");
  }, 60_000);

  it("refuses to restore a file that is not a sound database", async () => {
    const junk = path.join(folder, "junk.sqlite");
    fs.writeFileSync(junk, "this is not a database");
    await expect(restoreSqlite(junk, path.join(folder, "never.sqlite"))).rejects.toThrow();
    expect(fs.existsSync(path.join(folder, "never.sqlite"))).toBe(false);
  });

  it("fsyncs the backup file and its folder before it reports the backup done", async () => {
    const target = path.join(folder, "synced", "backup.sqlite");
    const opened = new Map<number, string>();
    const synced: string[] = [];
    const open = vi.spyOn(fs, "openSync");
    const fsync = vi.spyOn(fs, "fsyncSync").mockImplementation((fd) => {
      synced.push(opened.get(fd as number) ?? `fd ${String(fd)}`);
    });
    open.mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = Reflect.apply(openReal, fs, [file, ...rest]) as number;
      opened.set(fd, path.resolve(String(file)));
      return fd;
    }) as typeof fs.openSync);
    try {
      await backupSqlite(live, target);
    } finally {
      open.mockRestore();
      fsync.mockRestore();
    }
    expect(synced).toEqual(expect.arrayContaining([target, path.dirname(target)]));
    // The folder after the file: its entry is synced once the file's content is.
    expect(synced.indexOf(path.dirname(target))).toBeGreaterThan(synced.indexOf(target));
  });

  it("refuses to restore a backup that fails integrity_check, and leaves the live database alone", async () => {
    const good = path.join(folder, "good-for-damage.sqlite");
    await backupSqlite(live, good);
    // Damage the root page of the answers table: SQLite still opens the file, integrity_check does not pass.
    const { pageSize, root } = (() => {
      const db = new SqliteDatabase(good, { readonly: true });
      try {
        return {
          pageSize: db.pragma("page_size", { simple: true }) as number,
          root: (db.prepare("select rootpage from sqlite_master where name = 'answers'").get() as { rootpage: number }).rootpage,
        };
      } finally {
        db.close();
      }
    })();
    const fd = fs.openSync(good, "r+");
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    expect(checkIntegrity(good)).not.toBe("ok");
    const liveCopy = path.join(folder, "live-untouched.sqlite");
    fs.copyFileSync(live, liveCopy);
    const before = fs.readFileSync(liveCopy);
    await expect(restoreSqlite(good, liveCopy)).rejects.toThrow(/not a sound database[\s\S]*nothing was restored/);
    expect(fs.readFileSync(liveCopy).equals(before)).toBe(true);
  });

  it("refuses to overwrite an existing file with a backup", async () => {
    const existing = path.join(folder, "exists.sqlite");
    fs.writeFileSync(existing, "");
    await expect(backupSqlite(live, existing)).rejects.toThrow(/already exists/);
  });
});
