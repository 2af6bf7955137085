import type { BenchmarkFiguresTable } from "../../db/schema";
import { wavesOldestFirst } from "../domain/wave-order";
import type { Db } from "./db-types";
import { preparedQuery } from "./prepared-query.server";

// The queries behind councils' benchmark reports: the stored comparator figures of a
// published wave, what preparing them reads (stored scores and L5 answer counts of the submitted
// responses), and a council's own submitted scores and answers. Every council query takes the
// council id from the caller, which takes it from the session.

/** Inserts or replaces the prepared figures of a wave. */
export async function saveBenchmarkFigures(db: Db, row: BenchmarkFiguresTable): Promise<void> {
  const { wave_id: _wave, ...update } = row;
  await db
    .insertInto("benchmark_figures")
    .values(row)
    .onConflict((oc) => oc.column("wave_id").doUpdateSet(update))
    .execute();
}

/** The stored figures of these waves (raw JSON; the service parses it). */
export async function listBenchmarkFigures(db: Db, waveIds: readonly number[]) {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("benchmark_figures")
    .select(["wave_id", "k", "responses", "figures", "prepared_at", "prepare_ms"])
    .where("wave_id", "in", [...waveIds])
    .execute();
}

/** Whether the wave's figures have been prepared. */
export async function hasBenchmarkFigures(db: Db, waveId: number): Promise<boolean> {
  return (await db.selectFrom("benchmark_figures").select("wave_id").where("wave_id", "=", waveId).executeTakeFirst()) !== undefined;
}

/** Published waves that have no prepared figures yet (published before migration 009, or interrupted). */
export async function listPublishedWavesWithoutFigures(db: Db) {
  return db
    .selectFrom("waves")
    .leftJoin("benchmark_figures", "benchmark_figures.wave_id", "waves.id")
    .select(["waves.id", "waves.slug"])
    .where("waves.status", "=", "published")
    .where("benchmark_figures.wave_id", "is", null)
    .orderBy("waves.id")
    .execute();
}

/** The stored score of every measure a report compares (PRESC … PCT, GAP, HEADLINE_GAP). */
const MEASURE_SCORE_COLUMNS = [
  "response_scores.presc",
  "response_scores.burden",
  "response_scores.tech",
  "response_scores.ltc",
  "response_scores.pct",
  "response_scores.gap",
  "response_scores.headline_gap",
] as const;

/** Stored scores of every submitted response of the wave, with the council's type, region and nation. */
export async function listSubmittedScoresWithGroups(db: Db, waveId: number) {
  return db
    .selectFrom("response_scores")
    .innerJoin("responses", "responses.id", "response_scores.response_id")
    .innerJoin("councils", "councils.id", "response_scores.council_id")
    .select(["response_scores.council_id", ...MEASURE_SCORE_COLUMNS, "councils.type", "councils.region", "councils.nation"])
    .where("responses.status", "=", "submitted")
    .where("response_scores.wave_id", "=", waveId)
    .orderBy("response_scores.response_id")
    .execute();
}

/** How many submitted responses of the wave gave each code to each of these items. */
export async function countSubmittedAnswers(db: Db, waveId: number, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  // responses first, then answers by their primary key (response_id, item_id): on SQLite a CROSS JOIN
  // fixes that order, so the planner cannot walk the item index across every wave's answers instead.
  const rows = await db
    .selectFrom("responses")
    .crossJoin("answers")
    .whereRef("answers.response_id", "=", "responses.id")
    .select(["answers.item_id", "answers.value", (eb) => eb.fn.countAll<number>().as("n")])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "submitted")
    .where("answers.item_id", "in", [...itemIds])
    .groupBy(["answers.item_id", "answers.value"])
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, value: r.value, n: Number(r.n) }));
}

/**
 * The published waves the council submitted to, oldest first, with its stored scores there, the id
 * of its response, the council itself (the same on every row) and when each wave's comparator
 * figures were prepared (null: not yet). Only this council's rows: the council id comes from the
 * session. One indexed read for the whole of a report but its own answers and the figures' documents.
 */
export async function listCouncilPublishedSubmissions(db: Db, councilId: number) {
  return wavesOldestFirst((await councilPublishedSubmissions(db, { councilId })).rows);
}

// Built and compiled once (decision 024): every report page runs it.
const councilPublishedSubmissions = preparedQuery((db, v: { councilId: number }) =>
  db
    .selectFrom("responses")
    .innerJoin("waves", "waves.id", "responses.wave_id")
    .innerJoin("response_scores", "response_scores.response_id", "responses.id")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .leftJoin("benchmark_figures", "benchmark_figures.wave_id", "waves.id")
    .select([
      "waves.id as waveId",
      "waves.slug",
      "waves.title",
      "waves.instrument_version as instrumentVersion",
      "waves.published_at as publishedAt",
      "waves.created_at as createdAt",
      "waves.opens_on",
      "waves.closes_on",
      "waves.created_at",
      "responses.id as responseId",
      ...MEASURE_SCORE_COLUMNS,
      "councils.gss_code as councilGssCode",
      "councils.name as councilName",
      "councils.type as councilType",
      "councils.region as councilRegion",
      "councils.nation as councilNation",
      "benchmark_figures.prepared_at as figuresPreparedAt",
    ])
    .where("responses.council_id", "=", v.councilId)
    .where("responses.status", "=", "submitted")
    .where("waves.status", "=", "published"),
);

/**
 * The council's own stored answers to these items in its submitted response to the published wave
 * (by slug, so it can be read beside listCouncilPublishedSubmissions rather than after it).
 */
export async function listOwnPublishedAnswers(db: Db, councilId: number, waveSlug: string, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  const list = itemIds.join("\u0000");
  let query = ownPublishedAnswers.get(list);
  if (!query) {
    query = ownPublishedAnswersOf(itemIds);
    ownPublishedAnswers.set(list, query);
  }
  return (await query(db, { councilId, waveSlug })).rows;
}

// Prepared once per list of items (a report asks for the same list every time).
const ownPublishedAnswers = new Map<string, ReturnType<typeof ownPublishedAnswersOf>>();
const ownPublishedAnswersOf = (itemIds: readonly string[]) =>
  preparedQuery((db, v: { councilId: number; waveSlug: string }) =>
    // The wave by its slug, the council's response by (council_id, wave_id), then its answers by their
    // primary key: on SQLite CROSS JOIN fixes that order, so the planner cannot walk the item index
    // across every wave's answers instead.
    db
      .selectFrom("waves")
      .crossJoin("responses")
      .crossJoin("answers")
      .whereRef("responses.wave_id", "=", "waves.id")
      .whereRef("answers.response_id", "=", "responses.id")
      .select(["answers.item_id", "answers.value"])
      .where("waves.slug", "=", v.waveSlug)
      .where("waves.status", "=", "published")
      .where("responses.council_id", "=", v.councilId)
      .where("responses.status", "=", "submitted")
      .where("answers.item_id", "in", [...itemIds]),
  );

/** The stored figures' documents of these waves, with when each was prepared (the service keeps them parsed by that). */
export async function listBenchmarkFigureDocuments(db: Db, waveIds: readonly number[]) {
  if (waveIds.length === 0) return [];
  return db
    .selectFrom("benchmark_figures")
    .select(["wave_id", "figures", "prepared_at"])
    .where("wave_id", "in", [...waveIds])
    .execute();
}

/** The councils that submitted to the wave, for the admin's preview picker: names and GSS codes only. */
export async function listSubmittedCouncils(db: Db, waveId: number) {
  return db
    .selectFrom("responses")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .select(["councils.id", "councils.gss_code as gssCode", "councils.name"])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "submitted")
    .orderBy("councils.name")
    .execute();
}

/** A council by GSS code, with the register's groups. */
export async function findCouncilByGssCode(db: Db, gssCode: string) {
  return db.selectFrom("councils").select(["id", "gss_code as gssCode", "name", "type", "region", "nation"]).where("gss_code", "=", gssCode).executeTakeFirst();
}
