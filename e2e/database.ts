// The database the e2e server uses, for tests that check what was stored. Works on both dialects:
// SQLite through better-sqlite3 (read-only), PostgreSQL through pg, with `?` placeholders in both.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "../db/connection";

const DEFAULT_E2E_DATABASE = "file:./.cache/e2e/localtrust.sqlite";

/** The PostgreSQL database the e2e server makes afresh; E2E_PG_DATABASE lets two checkouts run side by side. */
export const E2E_PG_DATABASE = (() => {
  const name = process.env.E2E_PG_DATABASE ?? "localtrust_e2e";
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`E2E_PG_DATABASE must be a plain lower-case name, not ${name}`);
  return name;
})();

/** The URL the e2e server really uses: PostgreSQL runs get a database of their own (E2E_PG_DATABASE). */
export function e2eDatabaseUrl(configured = process.env.E2E_DATABASE_URL || DEFAULT_E2E_DATABASE): string {
  const location = parseDatabaseUrl(configured);
  if (location.dialect === "sqlite") return `file:${path.resolve(location.file)}`;
  const url = new URL(location.url);
  url.pathname = `/${E2E_PG_DATABASE}`;
  return url.toString();
}

export function e2eDialect(): "sqlite" | "postgres" {
  return parseDatabaseUrl(e2eDatabaseUrl()).dialect;
}

export async function sqlAll<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const location = parseDatabaseUrl(e2eDatabaseUrl());
  if (location.dialect === "sqlite") {
    const db = new Database(location.file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    let n = 0;
    const result = await client.query(
      text.replace(/\?/g, () => `$${++n}`),
      params,
    );
    return result.rows as T[];
  } finally {
    await client.end();
  }
}

export async function sqlOne<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await sqlAll<T>(text, params))[0];
}
