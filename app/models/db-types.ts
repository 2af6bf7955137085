import { PostgresAdapter, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";

/** Every model function takes the database (or an open transaction) first. */
export type Db = Kysely<Database> | Transaction<Database>;

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

/** Runs `work` in a transaction, or inside the caller's when `db` already is one (so services compose). */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The dialect a handle (or transaction) talks to, for services that must know (advisory locks). */
export function dialectOf(db: Db): "sqlite" | "postgres" {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
