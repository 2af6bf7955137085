import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "./connection";
import { migrateToLatest } from "./migrate";

/**
 * A fresh, migrated database for one data-layer test file: a temporary SQLite file by default, or,
 * when TEST_DATABASE_URL is a postgres:// URL, a schema of its own in that database (dropped after).
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { dispose: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const schema = `test_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(base);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const handle = openDatabase(url.toString(), { poolSize: 4 });
    await migrateToLatest(handle.db, { schema });
    return {
      ...handle,
      dispose: async () => {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: base });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-test-"));
  const handle = openDatabase(`file:${path.join(folder, "test.sqlite")}`);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function testDialectName(): "sqlite" | "postgres" {
  const base = process.env.TEST_DATABASE_URL;
  return base && /^postgres(ql)?:\/\//.test(base) ? "postgres" : "sqlite";
}
