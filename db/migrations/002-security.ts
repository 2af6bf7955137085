import type { Kysely } from "kysely";
import { withId } from "./portable";

// Accounts and access control: sign-in throttling that works across processes, the
// second factor for staff (secret encrypted at rest, recovery codes hashed), and a per-session
// flag saying whether that session has passed the second factor.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("sign_in_attempts"))
    .addColumn("at", "text", (c) => c.notNull())
    // What was throttled: "account:<normalised email>", "mfa:<user id>"; null for address-only rows.
    .addColumn("account_key", "text")
    .addColumn("client_address", "text")
    .execute();
  await db.schema.createIndex("sign_in_attempts_account").on("sign_in_attempts").columns(["account_key", "at"]).execute();
  await db.schema.createIndex("sign_in_attempts_address").on("sign_in_attempts").columns(["client_address", "at"]).execute();

  // SQLite adds one column per ALTER TABLE statement.
  await db.schema.alterTable("users").addColumn("mfa_secret", "text").execute();
  await db.schema.alterTable("users").addColumn("mfa_enabled_at", "text").execute();
  await db.schema.alterTable("users").addColumn("mfa_recovery_codes", "text").execute();
  await db.schema.alterTable("users").addColumn("mfa_last_step", "integer").execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("mfa_verified", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sessions").dropColumn("mfa_verified").execute();
  for (const column of ["mfa_last_step", "mfa_recovery_codes", "mfa_enabled_at", "mfa_secret"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
  await db.schema.dropTable("sign_in_attempts").execute();
}
