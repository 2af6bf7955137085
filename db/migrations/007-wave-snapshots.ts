import type { Kysely } from "kysely";
import { withId } from "./portable";

// Stored, audited snapshots of a wave's figures (FIGURES.md): every figure staff, councils
// or the public see is read from here, never computed per view.
//
// wave_snapshots: one row per cut of one wave for one audience ("staff", k = 5; "public", k = 10),
// numbered 1, 2, … per (wave, audience) — the unique index is the guard against two processes
// storing the same cut. shown_groups is JSON kept on the server for the auditor of the next cut:
// for each group that carried figures, its register identity and contributions (council@submission).
// It never leaves the server. wave_snapshot_views: the built document of each view (the whole wave
// and each single-dimension filter) of a snapshot, as JSON text.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("wave_snapshots"))
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id").onDelete("cascade"))
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("k", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("cut_at", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("wave_status", "text", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("shown_groups", "text", (c) => c.notNull())
    .addColumn("build_ms", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("wave_snapshots_seq").unique().on("wave_snapshots").columns(["wave_id", "audience", "seq"]).execute();
  await db.schema
    .createTable("wave_snapshot_views")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("wave_snapshots.id").onDelete("cascade"))
    .addColumn("view_key", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("wave_snapshot_views_pk", ["snapshot_id", "view_key"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("wave_snapshot_views").execute();
  await db.schema.dropTable("wave_snapshots").execute();
}
