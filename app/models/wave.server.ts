import type { WaveStatus } from "../../db/schema";
import { wavesNewestFirst, wavesOldestFirst } from "../domain/wave-order";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";
import { firstRow, preparedQuery } from "./prepared-query.server";

export async function createWave(
  db: Db,
  wave: {
    slug: string;
    title: string;
    instrumentVersion: number;
    status: WaveStatus;
    opensOn: string | null;
    closesOn: string | null;
    publishedAt?: string | null;
    closedAt?: string | null;
  },
) {
  const now = nowIso();
  const row = await db
    .insertInto("waves")
    .values({
      slug: wave.slug,
      title: wave.title,
      instrument_version: wave.instrumentVersion,
      status: wave.status,
      opens_on: wave.opensOn,
      closes_on: wave.closesOn,
      published_at: wave.publishedAt ?? null,
      closed_at: wave.closedAt ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const waveBySlug = preparedQuery((db, v: { slug: string }) => db.selectFrom("waves").selectAll().where("slug", "=", v.slug));

export async function getWaveBySlug(db: Db, slug: string) {
  return firstRow(waveBySlug(db, { slug }));
}

/** Every wave, newest first by fieldwork (decision 053), with how many active councils have submitted or started. */
export async function listWavesWithProgress(db: Db) {
  const waves = wavesNewestFirst(await db.selectFrom("waves").selectAll().execute());
  const counts = await db
    .selectFrom("responses")
    .select(["wave_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["wave_id", "status"])
    .execute();
  const activeCouncils = await db
    .selectFrom("councils")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("active", "=", 1)
    .executeTakeFirstOrThrow();
  return waves.map((wave) => {
    const of = (status: string) => Number(counts.find((c) => c.wave_id === wave.id && c.status === status)?.n ?? 0);
    return { ...wave, submitted: of("submitted"), inProgress: of("in_progress"), population: Number(activeCouncils.n) };
  });
}

/** The waves a council can see (not drafts), newest first by fieldwork, with that council's response if it has one. */
export async function listWavesForCouncil(db: Db, councilId: number) {
  const rows = await db
    .selectFrom("waves")
    .leftJoin("responses", (join) => join.onRef("responses.wave_id", "=", "waves.id").on("responses.council_id", "=", councilId))
    .leftJoin("users as editor", "editor.id", "responses.updated_by")
    .select([
      "waves.id",
      "waves.slug",
      "waves.title",
      "waves.status",
      "waves.opens_on as opensOn",
      "waves.closes_on as closesOn",
      "waves.closed_at as closedAt",
      "waves.opens_on",
      "waves.closes_on",
      "waves.created_at",
      "responses.id as responseId",
      "responses.status as responseStatus",
      "responses.updated_at as updatedAt",
      "responses.submitted_at as submittedAt",
      "responses.submission_count as submissionCount",
      "editor.name as updatedByName",
    ])
    .where("waves.status", "!=", "draft")
    .execute();
  return wavesNewestFirst(rows);
}

/**
 * Moves a wave from one status to another; the `from` in the where clause makes a concurrent move
 * lose instead of overwrite. Returns whether it moved. Closing records when (closed_at); reopening
 * clears it; publishing keeps it (or records it, for a wave closed before migration 013 had none).
 */
export async function updateWaveStatus(db: Db, wave: { id: number; from: WaveStatus; to: WaveStatus; publishedAt?: string | null }): Promise<boolean> {
  const now = nowIso();
  const closedAt = wave.to === "closed" ? { closed_at: now } : wave.to === "open" ? { closed_at: null } : {};
  const result = await db
    .updateTable("waves")
    .set((eb) => ({
      status: wave.to,
      updated_at: now,
      ...(wave.publishedAt !== undefined ? { published_at: wave.publishedAt } : {}),
      ...closedAt,
      ...(wave.to === "published" ? { closed_at: eb.fn.coalesce("closed_at", eb.val(now)) } : {}),
    }))
    .where("id", "=", wave.id)
    .where("status", "=", wave.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the deadline (YYYY-MM-DD) of a draft or open wave; returns whether a row changed. */
export async function updateWaveDeadline(db: Db, wave: { id: number; closesOn: string }): Promise<boolean> {
  const result = await db
    .updateTable("waves")
    .set({ closes_on: wave.closesOn, updated_at: nowIso() })
    .where("id", "=", wave.id)
    .where("status", "in", ["draft", "open"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many responses of the wave are submitted and in progress. */
export async function countWaveResponses(db: Db, waveId: number) {
  const rows = await db
    .selectFrom("responses")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("wave_id", "=", waveId)
    .groupBy("status")
    .execute();
  const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { submitted: of("submitted"), inProgress: of("in_progress") };
}

/** Stores an instrument version's definition if the database does not have it yet (a wave's instrument_version refers to it). */
export async function ensureInstrumentVersionStored(db: Db, instrument: { version: number; title: string; definition: unknown; createdAt?: string }) {
  const known = await db.selectFrom("instrument_versions").select("version").where("version", "=", instrument.version).executeTakeFirst();
  if (!known) {
    await db
      .insertInto("instrument_versions")
      .values({
        version: instrument.version,
        title: instrument.title,
        definition: JSON.stringify(instrument.definition),
        created_at: instrument.createdAt ?? nowIso(),
      })
      .execute();
  }
}

/** Every wave, oldest first by fieldwork (decision 053): the order of a trend. */
export async function listWavesOldestFirst(db: Db) {
  return wavesOldestFirst(await db.selectFrom("waves").select(["id", "slug", "title", "status", "opens_on", "closes_on", "created_at"]).execute());
}

/** Records the fieldwork dates of a wave that has none (a wave imported before migration 013); returns whether it changed. */
export async function setMissingFieldworkDates(db: Db, wave: { id: number; opensOn: string; closesOn: string }): Promise<boolean> {
  const result = await db
    .updateTable("waves")
    .set({ opens_on: wave.opensOn, closes_on: wave.closesOn, updated_at: nowIso() })
    .where("id", "=", wave.id)
    .where("opens_on", "is", null)
    .where("closes_on", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
