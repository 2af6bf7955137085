import type { Kysely } from "kysely";

// The comparator figures of a published wave for councils' benchmark reports
// (docs/decisions/040-benchmark-figures-at-publish.md): one JSON document per wave, prepared once
// when the wave is published, holding group-level figures only (quartiles per measure per
// comparator group at k = 10, and the all-councils distribution of every L5 item). A report reads
// this row and the council's own stored scores; it never aggregates raw answers per view.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("benchmark_figures")
    .addColumn("wave_id", "integer", (c) => c.primaryKey().references("waves.id").onDelete("cascade"))
    .addColumn("k", "integer", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("figures", "text", (c) => c.notNull())
    .addColumn("prepared_at", "text", (c) => c.notNull())
    .addColumn("prepare_ms", "integer", (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("benchmark_figures").execute();
}
