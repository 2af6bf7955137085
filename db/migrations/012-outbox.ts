import { sql as sqlText, type Kysely } from "kysely";
import { withId } from "./portable";

// Email (decisions 046–049).
// - outbox_emails: every email is a row written in the same transaction as the event that causes it;
//   a sender claims due rows with a lease (claimed_by, claimed_until), delivers them and records
//   sent / retrying / failed. dedupe_key (unique) makes writing the same email twice impossible.
// - reminders: one row per council reminded in a wave (by staff or automatically): the tracker's
//   "last reminded" and the 7-day rule read it.
// - reminder_runs: one row per automatic reminder (wave, days before the deadline, deadline). Its
//   primary key makes the run happen once across processes: the process whose insert lands sends.
// Password-reset links are invitations with purpose "reset" (hashed token, single use), valid for an hour.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("outbox_emails"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sqlCheck()))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("last_error", "text")
    .addColumn("dedupe_key", "text")
    .addColumn("council_id", "integer", (c) => c.references("councils.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_emails_dedupe").unique().on("outbox_emails").column("dedupe_key").execute();
  await db.schema.createIndex("outbox_emails_due").on("outbox_emails").columns(["status", "next_attempt_at"]).execute();

  await withId(db, db.schema.createTable("reminders"))
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id").onDelete("cascade"))
    .addColumn("council_id", "integer", (c) => c.notNull().references("councils.id").onDelete("cascade"))
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addColumn("sent_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("automatic", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("recipients", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reminders_wave_council").on("reminders").columns(["wave_id", "council_id", "sent_at"]).execute();

  await db.schema
    .createTable("reminder_runs")
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id").onDelete("cascade"))
    .addColumn("days_before", "integer", (c) => c.notNull())
    .addColumn("closes_on", "text", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("councils", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("reminder_runs_pk", ["wave_id", "days_before", "closes_on"])
    .execute();
}

function sqlCheck() {
  // Both dialects accept the same check constraint text.
  return sqlText`status in ('queued', 'sending', 'sent', 'retrying', 'failed', 'unsent')`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reminder_runs").execute();
  await db.schema.dropTable("reminders").execute();
  await db.schema.dropTable("outbox_emails").execute();
}
