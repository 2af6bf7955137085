import type { Kysely } from "kysely";
import { doubleType } from "./portable";

// Index scores stored when a response is submitted or imported:
// dashboards aggregate one row per submitted response instead of rescoring every answer on every view.
//
// item_values is JSON text: for each index code, the reverse-coded, rescaled 0–100 value of each of
// its items in the instrument's order, null for dk or blank, e.g. {"PRESC":[75,50,null,…],…}.
// Cronbach's α needs exactly these per-item values over the responses that answered every item, so
// storing them keeps α out of the raw answers table too. Numbers are unrounded.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const real = doubleType(db);
  await db.schema
    .createTable("response_scores")
    .addColumn("response_id", "integer", (c) => c.primaryKey().references("responses.id").onDelete("cascade"))
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id"))
    .addColumn("council_id", "integer", (c) => c.notNull().references("councils.id"))
    .addColumn("instrument_version", "integer", (c) => c.notNull())
    .addColumn("presc", real)
    .addColumn("burden", real)
    .addColumn("tech", real)
    .addColumn("ltc", real)
    .addColumn("pct", real)
    .addColumn("gap", real)
    .addColumn("headline_gap", real)
    .addColumn("gap2", real)
    .addColumn("gap3", real)
    .addColumn("gap4", real)
    .addColumn("gap5", real)
    .addColumn("gap6", real)
    .addColumn("item_values", "text", (c) => c.notNull())
    .addColumn("computed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("response_scores_wave").on("response_scores").columns(["wave_id", "council_id"]).execute();
  await db.schema.createIndex("response_scores_council").on("response_scores").column("council_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("response_scores").execute();
}
