import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrate";

describe("the app's SQLite writer beside another process's connection", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function fixture() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-conn-"));
    dirs.push(dir);
    const file = path.join(dir, "db.sqlite");
    const handle = openDatabase(`file:${file}`);
    await migrateToLatest(handle.db);
    const other = new SqliteDatabase(file);
    other.pragma("busy_timeout = 0");
    return { handle, other };
  }

  it("takes the write lock when a transaction begins, so another writer cannot slip in between its read and its write", async () => {
    const { handle, other } = await fixture();
    const insertMeta = (key: string) => other.prepare("insert into app_meta (key, value) values (?, 'x')").run(key);
    try {
      await handle.db.transaction().execute(async (trx) => {
        await trx.selectFrom("app_meta").selectAll().execute();
        // With a deferred "begin" this write would succeed and the transaction's own write below
        // would then fail with SQLITE_BUSY_SNAPSHOT; with BEGIN IMMEDIATE the other writer waits.
        expect(() => insertMeta("other-during")).toThrow(/database is locked/);
        await trx.insertInto("app_meta").values({ key: "app", value: "y" }).execute();
      });
      insertMeta("other-after");
      const keys = (
        await handle.db.selectFrom("app_meta").select("key").where("key", "in", ["app", "other-during", "other-after"]).orderBy("key").execute()
      ).map((r) => r.key);
      expect(keys).toEqual(["app", "other-after"]);
    } finally {
      other.close();
      await handle.close();
    }
  });

  it("a read outside a transaction takes no lock", async () => {
    const { handle, other } = await fixture();
    try {
      await handle.db.selectFrom("app_meta").selectAll().execute();
      expect(() => other.prepare("insert into app_meta (key, value) values ('other', 'x')").run()).not.toThrow();
    } finally {
      other.close();
      await handle.close();
    }
  });
});
