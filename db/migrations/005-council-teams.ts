import { sql, type Kysely } from "kysely";

// The council team (decision 026): each council has at most one lead, one of its joined
// respondents; an invitation the association makes to a council that already has a team waits for
// the lead's approval, and its link does not work until then.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("councils")
    .addColumn("lead_user_id", "integer", (c) => c.references("users.id"))
    .execute();
  // "none": needs no approval (the association seating a council's first respondent, or a colleague
  // invited by the council's own team); "waiting": the lead has not decided; "approved"; "refused".
  await db.schema
    .alterTable("invitations")
    .addColumn("approval", "text", (c) => c.notNull().defaultTo("none"))
    .execute();
  await db.schema
    .alterTable("invitations")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.alterTable("invitations").addColumn("decided_at", "text").execute();
  // The team history is the audit log's rows about one council.
  await db.schema.createIndex("audit_log_target").on("audit_log").columns(["target_type", "target_id", "id"]).execute();
  // Existing councils: the longest-serving respondent who has joined (has a password) and is not disabled leads.
  await sql`update councils set lead_user_id = (
    select u.id from users u
    where u.council_id = councils.id and u.role = 'respondent' and u.disabled_at is null and u.password_hash is not null
    order by u.created_at, u.id limit 1
  )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_target").execute();
  for (const column of ["decided_at", "decided_by", "approval"]) await db.schema.alterTable("invitations").dropColumn(column).execute();
  await db.schema.alterTable("councils").dropColumn("lead_user_id").execute();
}
