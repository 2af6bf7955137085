import { sql, type Kysely } from "kysely";
import { isPostgres, withId } from "./portable";

// Open-data releases (FIGURES.md "release"): the public (k = 10) snapshot of a published
// wave, frozen at publish. `document` is the JSON every published file (CSV, CSVW, datapackage.json,
// codebook, spreadsheet) is generated from, deterministically, so each file is the same bytes in every
// process and forever. A correction is a new row (seq 2, 3, … per wave) with a revision note; rows are
// never updated (a trigger refuses it on both databases), so an earlier release stays downloadable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("data_releases"))
    .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("wave_snapshots.id"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("revision_note", "text")
    .addColumn("document", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("data_releases_seq").unique().on("data_releases").columns(["wave_id", "seq"]).execute();
  if (isPostgres(db)) {
    await sql`create function data_releases_immutable() returns trigger language plpgsql as $$ begin raise exception 'data releases are immutable'; end $$`.execute(
      db,
    );
    await sql`create trigger data_releases_no_update before update on data_releases for each row execute function data_releases_immutable()`.execute(db);
  } else {
    await sql`create trigger data_releases_no_update before update on data_releases begin select raise(abort, 'data releases are immutable'); end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_releases").execute();
  if (isPostgres(db)) await sql`drop function if exists data_releases_immutable()`.execute(db);
}
