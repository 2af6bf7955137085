import { sql, type Kysely } from "kysely";

// Waves in time order (decision 054): `closed_at` is when the wave actually closed (set
// by the close move, kept when it is published, cleared by a reopen), shown to respondents instead
// of the planned deadline. Backfill for closed and published waves: the latest "wave.closed" audit
// record, else the planned deadline (an imported wave's fieldwork end, the demo's last year), else
// when it was published, else its last change.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("waves").addColumn("closed_at", "text").execute();
  await sql`
    update waves set closed_at = coalesce(
      (select max(a.at) from audit_log a where a.action = 'wave.closed' and a.target_type = 'wave' and a.target_id = cast(waves.id as text)),
      case when closes_on is not null then closes_on || 'T00:00:00.000Z' end,
      published_at,
      updated_at)
    where status in ('closed', 'published')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("waves").dropColumn("closed_at").execute();
}
