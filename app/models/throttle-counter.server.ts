import { sql } from "kysely";
import type { Db } from "./db-types";

/**
 * Reserves one attempt for `key` in one statement: a new key or a key whose window started before
 * `windowStart` starts a fresh window at 1; otherwise the count goes up by one only while it is
 * under `limit`. The upsert holds the row's lock (PostgreSQL) or the write lock (SQLite) while it
 * reads the count, so parallel reservations are counted one after another and at most `limit` of
 * them succeed per window. True when the attempt may go ahead.
 */
export async function reserveThrottledAttempt(db: Db, key: string, now: Date, windowStart: Date, limit: number): Promise<boolean> {
  const at = now.toISOString();
  const cutoff = windowStart.toISOString();
  const row = await db
    .insertInto("throttle_counters")
    .values({ key, window_started_at: at, attempts: 1 })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          attempts: sql<number>`case when throttle_counters.window_started_at < ${cutoff} then 1 else throttle_counters.attempts + 1 end`,
          window_started_at: sql<string>`case when throttle_counters.window_started_at < ${cutoff} then ${at} else throttle_counters.window_started_at end`,
        })
        .where((eb) => eb.or([eb("throttle_counters.window_started_at", "<", cutoff), eb("throttle_counters.attempts", "<", limit)])),
    )
    .returning("attempts")
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives back one reserved attempt (the attempt succeeded, or another throttle refused it). */
export async function releaseThrottledAttempt(db: Db, key: string) {
  await db
    .updateTable("throttle_counters")
    .set((eb) => ({ attempts: eb("attempts", "-", 1) }))
    .where("key", "=", key)
    .where("attempts", ">", 0)
    .execute();
}

/** Forgets a key's attempts (a correct password clears its email's count). */
export async function clearThrottledAttempts(db: Db, key: string) {
  await db.deleteFrom("throttle_counters").where("key", "=", key).execute();
}

/** Attempts counted for `key` in a window that started at or after `windowStart`. */
export async function countThrottledAttempts(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await db
    .selectFrom("throttle_counters")
    .select("attempts")
    .where("key", "=", key)
    .where("window_started_at", ">=", windowStart.toISOString())
    .executeTakeFirst();
  return row?.attempts ?? 0;
}

/** Counters whose window started before `before` can never refuse again. */
export async function pruneThrottleCounters(db: Db, before: Date) {
  await db.deleteFrom("throttle_counters").where("window_started_at", "<", before.toISOString()).execute();
}
