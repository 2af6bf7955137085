import type { Kysely } from "kysely";

// One stored submission per response version: the submit's idempotency check ("was this
// version already submitted?") looks submissions up by (response_id, response_version), and the
// rule the crash test checks, every acknowledged submission stored exactly once, becomes a
// database rule as well as the conditional update's.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("response_versions_one_per_version").unique().on("response_versions").columns(["response_id", "response_version"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("response_versions_one_per_version").execute();
}
