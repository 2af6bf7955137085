import { sql, type Kysely } from "kysely";
import { withId } from "./portable";

// Migrations take Kysely<any> and never import app code: they must keep working as the app changes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("councils"))
    .addColumn("gss_code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("nation", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("councils_breakdown").on("councils").columns(["active", "type", "region", "nation"]).execute();

  await withId(db, db.schema.createTable("users"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) => c.notNull().check(sqlIn("role", ["respondent", "staff", "admin"])))
    .addColumn("council_id", "integer", (c) => c.references("councils.id"))
    .addColumn("disabled_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_council").on("users").column("council_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("client_address", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await withId(db, db.schema.createTable("invitations"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("council_id", "integer", (c) => c.references("councils.id"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("invitations_council").on("invitations").column("council_id").execute();
  await db.schema.createIndex("invitations_email").on("invitations").column("email").execute();

  await db.schema
    .createTable("instrument_versions")
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("waves"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("instrument_version", "integer", (c) => c.notNull().references("instrument_versions.version"))
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["draft", "open", "closed", "published"])))
    .addColumn("opens_on", "text")
    .addColumn("closes_on", "text")
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("responses"))
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id"))
    .addColumn("council_id", "integer", (c) => c.notNull().references("councils.id"))
    .addColumn("instrument_version", "integer", (c) => c.notNull().references("instrument_versions.version"))
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["in_progress", "submitted"])))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("prefilled_from", "integer", (c) => c.references("responses.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "integer", (c) => c.references("users.id"))
    .addColumn("submission_count", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("responses_one_per_council_per_wave", ["wave_id", "council_id"])
    .execute();
  await db.schema.createIndex("responses_council").on("responses").columns(["council_id", "wave_id"]).execute();
  await db.schema.createIndex("responses_wave_status").on("responses").columns(["wave_id", "status"]).execute();

  await db.schema
    .createTable("response_sections")
    .addColumn("response_id", "integer", (c) => c.notNull().references("responses.id").onDelete("cascade"))
    .addColumn("section_id", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sqlIn("state", ["saved", "prefilled"])))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("response_sections_pk", ["response_id", "section_id"])
    .execute();

  await db.schema
    .createTable("answers")
    .addColumn("response_id", "integer", (c) => c.notNull().references("responses.id").onDelete("cascade"))
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("answers_pk", ["response_id", "item_id"])
    .execute();
  await db.schema.createIndex("answers_item").on("answers").columns(["item_id", "value"]).execute();

  await withId(db, db.schema.createTable("response_versions"))
    .addColumn("response_id", "integer", (c) => c.notNull().references("responses.id"))
    .addColumn("submission_number", "integer", (c) => c.notNull())
    .addColumn("response_version", "integer", (c) => c.notNull())
    .addColumn("instrument_version", "integer", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.references("users.id"))
    // One snapshot per submission: a second submit of the same response version cannot slip in.
    .addUniqueConstraint("response_versions_once", ["response_id", "submission_number"])
    .execute();

  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer")
    .addColumn("actor_email", "text")
    .addColumn("actor_role", "text")
    .addColumn("actor_council_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("detail", "text")
    .addColumn("client_address", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "at"]).execute();
  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_user_id", "at"]).execute();

  await db.schema
    .createTable("app_meta")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "app_meta",
    "audit_log",
    "response_versions",
    "answers",
    "response_sections",
    "responses",
    "waves",
    "instrument_versions",
    "invitations",
    "sessions",
    "users",
    "councils",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

function sqlIn(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);
}
