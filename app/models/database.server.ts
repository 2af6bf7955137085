import { sql } from "kysely";
import type { Db } from "./db-types";

// The database as a whole: reachable, empty, or cleared for a fresh demo.

/** A round trip to the database; throws when it cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** True when no council and no user exists (a new installation). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const councils = await db.selectFrom("councils").select("id").limit(1).execute();
  const users = await db.selectFrom("users").select("id").limit(1).execute();
  return councils.length === 0 && users.length === 0;
}

const TABLES_IN_DELETE_ORDER = [
  "audit_log",
  "outbox_emails",
  "reminder_runs",
  "reminders",
  "data_releases",
  "wave_snapshot_views",
  "wave_snapshots",
  "benchmark_figures",
  "response_scores",
  "response_versions",
  "answers",
  "response_sections",
  "responses",
  "waves",
  "invitations",
  "sessions",
  "users",
  "councils",
  "instrument_versions",
  "app_meta",
] as const;

/** Deletes every row of every table (the schema and its migrations stay): only the demo seed calls it. */
export async function deleteAllRows(db: Db): Promise<void> {
  // Councils name their lead (a user): unlink them before the users go.
  await db.updateTable("councils").set({ lead_user_id: null }).execute();
  for (const table of TABLES_IN_DELETE_ORDER) await db.deleteFrom(table).execute();
}
