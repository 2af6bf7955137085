import { openDatabase, type DatabaseHandle } from "../db/connection";
import { getConfig } from "./config.server";

// One pool per process, kept across Remix dev rebuilds.
declare global {
  var __localtrustDb: DatabaseHandle | undefined;
}

export function getDatabase(): DatabaseHandle {
  globalThis.__localtrustDb ??= openDatabase(getConfig().DATABASE_URL);
  return globalThis.__localtrustDb;
}

export function getDb() {
  return getDatabase().db;
}

export type { Kysely } from "kysely";
export type { Database } from "../db/schema";

/** The process's database if it has been opened, without opening it (services compare a handed-in db with it). */
export function openedDatabase(): DatabaseHandle | undefined {
  return globalThis.__localtrustDb;
}
