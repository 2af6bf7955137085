import { sql } from "kysely";
import type { Db } from "./db-types";

// Stored snapshots of a wave's figures (migration 007). Documents are JSON text; the service
// (app/services/wave-snapshot.server.ts) builds and reads them.

export type Audience = "staff" | "public";

export interface SnapshotRow {
  id: number;
  wave_id: number;
  audience: string;
  k: number;
  seq: number;
  cut_at: string;
  reason: string;
  wave_status: string;
  responses: number;
  build_ms: number;
}

const SNAPSHOT_COLUMNS = ["id", "wave_id", "audience", "k", "seq", "cut_at", "reason", "wave_status", "responses", "build_ms"] as const;

/** The latest snapshot of the wave for the audience, or undefined. */
export async function findLatestSnapshot(db: Db, waveId: number, audience: Audience): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom("wave_snapshots")
    .select(SNAPSHOT_COLUMNS)
    .where("wave_id", "=", waveId)
    .where("audience", "=", audience)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Every snapshot of the wave for these audiences, oldest first, with the groups that carried figures (server-side only). */
export async function listSnapshotHistory(db: Db, waveId: number, audiences: readonly Audience[]) {
  if (audiences.length === 0) return [];
  return db
    .selectFrom("wave_snapshots")
    .select([...SNAPSHOT_COLUMNS, "shown_groups"])
    .where("wave_id", "=", waveId)
    .where("audience", "in", [...audiences])
    .orderBy("cut_at")
    .orderBy("id")
    .execute();
}

/**
 * The latest snapshot of the wave for the audience and one view's stored document, in one indexed
 * read (wave_snapshots_seq, then the views' primary key): what a page or API view of the figures
 * costs. The snapshot is undefined when the wave has none for the audience; the document is
 * undefined when the latest snapshot does not offer the view.
 */
export async function findLatestSnapshotView(
  db: Db,
  waveId: number,
  audience: Audience,
  viewKey: string,
): Promise<{ snapshot: SnapshotRow; document: string | undefined } | undefined> {
  const row = await db
    .selectFrom("wave_snapshots")
    .leftJoin("wave_snapshot_views", (join) =>
      join.onRef("wave_snapshot_views.snapshot_id", "=", "wave_snapshots.id").on("wave_snapshot_views.view_key", "=", viewKey),
    )
    .select(SNAPSHOT_COLUMNS.map((c) => `wave_snapshots.${c}` as const))
    .select("wave_snapshot_views.document")
    .where("wave_snapshots.wave_id", "=", waveId)
    .where("wave_snapshots.audience", "=", audience)
    .orderBy("wave_snapshots.seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { document, ...snapshot } = row;
  return { snapshot, document: document ?? undefined };
}

/** The stored documents of several views of a snapshot (for kept figures). */
export async function listSnapshotViews(db: Db, snapshotId: number): Promise<{ view_key: string; document: string }[]> {
  return db.selectFrom("wave_snapshot_views").select(["view_key", "document"]).where("snapshot_id", "=", snapshotId).execute();
}

/** The latest snapshot of each of these waves for the audience (waves without one have no row), in one read. */
export async function listLatestSnapshots(db: Db, waveIds: readonly number[], audience: Audience): Promise<SnapshotRow[]> {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("wave_snapshots as s")
    .select(SNAPSHOT_COLUMNS.map((c) => `s.${c}` as const))
    .where("s.wave_id", "in", [...waveIds])
    .where("s.audience", "=", audience)
    .where((eb) =>
      eb(
        "s.seq",
        "=",
        eb
          .selectFrom("wave_snapshots as t")
          .select((t) => t.fn.max("t.seq").as("seq"))
          .whereRef("t.wave_id", "=", "s.wave_id")
          .where("t.audience", "=", audience),
      ),
    )
    .execute();
}

/**
 * The first `chars` characters of each view's stored document of these snapshots: enough for what
 * comes first in a document (its summary's header and index figures, which the trend of a later
 * wave reads) without reading the rest.
 */
export async function listSnapshotViewHeads(
  db: Db,
  snapshotIds: readonly number[],
  chars: number,
): Promise<{ snapshot_id: number; view_key: string; head: string }[]> {
  if (snapshotIds.length === 0) return [];
  return db
    .selectFrom("wave_snapshot_views")
    .select(["snapshot_id", "view_key", sql<string>`substr(document, 1, ${chars})`.as("head")])
    .where("snapshot_id", "in", [...snapshotIds])
    .execute();
}

/** One view's stored document of a snapshot. */
export async function findSnapshotViewDocument(db: Db, snapshotId: number, viewKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("wave_snapshot_views")
    .select("document")
    .where("snapshot_id", "=", snapshotId)
    .where("view_key", "=", viewKey)
    .executeTakeFirst();
  return row?.document;
}

export interface NewSnapshot {
  waveId: number;
  audience: Audience;
  k: number;
  seq: number;
  cutAt: string;
  reason: string;
  waveStatus: string;
  responses: number;
  shownGroups: string;
  buildMs: number;
  views: { key: string; document: string }[];
}

/** Stores a snapshot and its views; false when another process stored that snapshot number first. */
export async function insertSnapshot(db: Db, snapshot: NewSnapshot): Promise<boolean> {
  const exists = await db
    .selectFrom("wave_snapshots")
    .select("id")
    .where("wave_id", "=", snapshot.waveId)
    .where("audience", "=", snapshot.audience)
    .where("seq", "=", snapshot.seq)
    .executeTakeFirst();
  if (exists) return false;
  const row = await db
    .insertInto("wave_snapshots")
    .values({
      wave_id: snapshot.waveId,
      audience: snapshot.audience,
      k: snapshot.k,
      seq: snapshot.seq,
      cut_at: snapshot.cutAt,
      reason: snapshot.reason,
      wave_status: snapshot.waveStatus,
      responses: snapshot.responses,
      shown_groups: snapshot.shownGroups,
      build_ms: snapshot.buildMs,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let i = 0; i < snapshot.views.length; i += 50) {
    await db
      .insertInto("wave_snapshot_views")
      .values(snapshot.views.slice(i, i + 50).map((v) => ({ snapshot_id: row.id, view_key: v.key, document: v.document })))
      .execute();
  }
  return true;
}

/** The contribution of each submitted response of the wave: the council and how many times it has submitted. */
export async function listContributions(db: Db, waveId: number): Promise<{ council_id: number; submission_count: number }[]> {
  return db.selectFrom("responses").select(["council_id", "submission_count"]).where("wave_id", "=", waveId).where("status", "=", "submitted").execute();
}

/**
 * Responses of the wave changed since `since`: submitted or amended after it, or reopened for
 * amendment (withdrawn from the figures) after it. An upper bound on the councils whose
 * contribution differs from the snapshot cut at `since`.
 */
export async function countChangesSince(db: Db, waveId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("wave_id", "=", waveId)
    .where((eb) =>
      eb.or([eb("submitted_at", ">", since), eb.and([eb("status", "=", "in_progress"), eb("submission_count", ">", 0), eb("updated_at", ">", since)])]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * On PostgreSQL, takes the transaction-scoped advisory lock that lets one process at a time build
 * the snapshots of a wave; false when another process holds it. On SQLite (one writer) always true.
 */
export async function tryLockSnapshotBuild(db: Db, dialect: "sqlite" | "postgres", waveId: number): Promise<boolean> {
  if (dialect !== "postgres") return true;
  const result = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${0x4c54_5301}, ${waveId}) as locked`.execute(db);
  return result.rows[0]?.locked === true;
}
