import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../test-database";
import { down, up } from "./013-wave-closed-at";

// Migration 013's backfill of waves.closed_at (decision 054), run down and up again on a database
// holding waves of every kind.
describe(`migration 013 (waves.closed_at) on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("backfills closed and published waves from the close record, else the deadline, else publication, else the last change", async () => {
    await down(handle.db);
    const wave = async (slug: string, status: string, closesOn: string | null, publishedAt: string | null) => {
      await sql`insert into waves (slug, title, instrument_version, status, opens_on, closes_on, published_at, created_at, updated_at)
        values (${slug}, ${slug}, 1, ${status}, null, ${closesOn}, ${publishedAt}, '2026-01-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z')`.execute(handle.db);
      return (await handle.db.selectFrom("waves").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
    };
    await sql`insert into instrument_versions (version, title, definition, created_at) values (1, 'v1', '{}', '2026-01-01T00:00:00.000Z')`
      .execute(handle.db)
      .catch(() => undefined);
    const audited = await wave("audited", "published", "2025-12-01", "2026-01-05T00:00:00.000Z");
    for (const at of ["2025-11-30T10:00:00.000Z", "2025-12-02T09:00:00.000Z"]) {
      await sql`insert into audit_log (at, action, target_type, target_id) values (${at}, 'wave.closed', 'wave', ${String(audited)})`.execute(handle.db);
    }
    await wave("deadline", "closed", "2019-12-01", null);
    await wave("published-only", "published", null, "2024-03-03T00:00:00.000Z");
    await wave("undated", "closed", null, null);
    await wave("open", "open", "2027-01-01", null);
    await up(handle.db);
    const rows = await handle.db.selectFrom("waves").select(["slug", "closed_at"]).orderBy("slug").execute();
    expect(Object.fromEntries(rows.map((r) => [r.slug, r.closed_at]))).toEqual({
      audited: "2025-12-02T09:00:00.000Z",
      deadline: "2019-12-01T00:00:00.000Z",
      "published-only": "2024-03-03T00:00:00.000Z",
      undated: "2026-02-02T00:00:00.000Z",
      open: null,
    });
  });
});
