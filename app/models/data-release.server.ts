import { wavesNewestFirst } from "../domain/wave-order";
import type { Db } from "./db-types";

// Open-data releases (migration 011). Rows are only ever inserted: a release is immutable.

export interface DataReleaseRow {
  id: number;
  wave_id: number;
  seq: number;
  snapshot_id: number;
  published_at: string;
  revision_note: string | null;
  document: string;
}

/** Every release of the wave, oldest first. */
export async function listReleases(db: Db, waveId: number): Promise<DataReleaseRow[]> {
  return db.selectFrom("data_releases").selectAll().where("wave_id", "=", waveId).orderBy("seq").execute();
}

/** The latest release of every published wave, with the wave's slug: the /data list. */
export async function listLatestReleases(db: Db): Promise<(DataReleaseRow & { slug: string })[]> {
  const rows = await db
    .selectFrom("data_releases")
    .innerJoin("waves", "waves.id", "data_releases.wave_id")
    .select([
      "data_releases.id",
      "data_releases.wave_id",
      "data_releases.seq",
      "data_releases.snapshot_id",
      "data_releases.published_at",
      "data_releases.revision_note",
      "data_releases.document",
      "waves.slug",
      "waves.opens_on",
      "waves.closes_on",
      "waves.created_at",
    ])
    .where("waves.status", "=", "published")
    .orderBy("data_releases.seq", "desc")
    .execute();
  const seen = new Set<number>();
  // Newest wave first by fieldwork (decision 053); the sort is stable, so each wave's latest release stays first.
  return wavesNewestFirst(rows)
    .filter((r) => (seen.has(r.wave_id) ? false : (seen.add(r.wave_id), true)))
    .map(({ opens_on: _o, closes_on: _c, created_at: _d, ...row }) => row);
}

/** Stores a release; false when another process stored that release number first. */
export async function insertRelease(db: Db, release: Omit<DataReleaseRow, "id">): Promise<boolean> {
  const exists = await db.selectFrom("data_releases").select("id").where("wave_id", "=", release.wave_id).where("seq", "=", release.seq).executeTakeFirst();
  if (exists) return false;
  await db.insertInto("data_releases").values(release).execute();
  return true;
}

/** Published waves with no release yet, oldest first. */
export async function listPublishedWavesWithoutRelease(db: Db): Promise<{ id: number; slug: string }[]> {
  return db
    .selectFrom("waves")
    .select(["waves.id", "waves.slug"])
    .where("waves.status", "=", "published")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("data_releases").select("data_releases.id").whereRef("data_releases.wave_id", "=", "waves.id"))))
    .orderBy("waves.created_at")
    .execute();
}
