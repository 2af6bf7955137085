import type { Kysely } from "kysely";
import { withId } from "./portable";

// Throttles that parallel requests cannot outrun (decision 028). One counter
// row per throttled key ("account:<email>", "mfa:<user id>", "address:<client address>"): an
// attempt is reserved by a single upsert that adds one only while the count is under the limit, so
// N simultaneous requests can pass at most the limit, on SQLite and PostgreSQL alike. The
// append-only sign_in_attempts table, counted before and written after the check, is replaced.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("throttle_counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("throttle_counters_window").on("throttle_counters").column("window_started_at").execute();
  await db.schema.dropTable("sign_in_attempts").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("sign_in_attempts"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("account_key", "text")
    .addColumn("client_address", "text")
    .execute();
  await db.schema.createIndex("sign_in_attempts_account").on("sign_in_attempts").columns(["account_key", "at"]).execute();
  await db.schema.createIndex("sign_in_attempts_address").on("sign_in_attempts").columns(["client_address", "at"]).execute();
  await db.schema.dropTable("throttle_counters").execute();
}
