import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";

/** Every model function takes the database (or an open transaction) first. */
export type Db = Kysely<Database> | Transaction<Database>;

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
