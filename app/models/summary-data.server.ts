import { sql } from "kysely";
import { wavesOldestFirst } from "../domain/wave-order";
import type { Db } from "./db-types";

// The queries behind the wave summary: stored scores (one row per submitted response) and item
// counts aggregated in SQL. Free-text items are never read here.

export interface GroupFilters {
  type?: string | null;
  region?: string | null;
  nation?: string | null;
}

export interface CouncilGroups {
  id: number;
  type: string;
  region: string;
  nation: string;
  active: number;
}

export async function listCouncilGroups(db: Db): Promise<CouncilGroups[]> {
  return db.selectFrom("councils").select(["id", "type", "region", "nation", "active"]).orderBy("id").execute();
}

/** Status of every response of the wave (submitted or in progress), with the council's groups. */
export async function listResponseStatuses(db: Db, waveId: number) {
  return db.selectFrom("responses").select(["council_id", "status"]).where("wave_id", "=", waveId).execute();
}

const SCORE_COLUMNS = [
  "response_scores.council_id",
  "response_scores.wave_id",
  "response_scores.presc",
  "response_scores.burden",
  "response_scores.tech",
  "response_scores.ltc",
  "response_scores.pct",
  "response_scores.gap",
  "response_scores.headline_gap",
  "response_scores.gap2",
  "response_scores.gap3",
  "response_scores.gap4",
  "response_scores.gap5",
  "response_scores.gap6",
] as const;

/** Stored scores of the submitted responses of these waves whose council matches the filters. */
export async function listSubmittedScores(db: Db, waveIds: readonly number[], filters: GroupFilters, options: { withItemValues?: boolean } = {}) {
  if (waveIds.length === 0) return [];
  let query = db
    .selectFrom("response_scores")
    .innerJoin("responses", "responses.id", "response_scores.response_id")
    .innerJoin("councils", "councils.id", "response_scores.council_id")
    .select([...SCORE_COLUMNS, "councils.type", "councils.region", "councils.nation", "responses.submission_count"])
    .select(options.withItemValues ? sql<string>`response_scores.item_values`.as("item_values") : sql<string>`''`.as("item_values"))
    .where("responses.status", "=", "submitted")
    .where("response_scores.wave_id", "in", [...waveIds]);
  if (filters.type) query = query.where("councils.type", "=", filters.type);
  if (filters.region) query = query.where("councils.region", "=", filters.region);
  if (filters.nation) query = query.where("councils.nation", "=", filters.nation);
  return query.orderBy("response_scores.response_id").execute();
}

export type ScoreRow = Awaited<ReturnType<typeof listSubmittedScores>>[number];

/** count of each stored value per item over the submitted responses of the wave matching the filters. */
export async function countItemValues(db: Db, waveId: number, itemIds: readonly string[], filters: GroupFilters) {
  if (itemIds.length === 0) return [];
  // responses first, then answers by their primary key (response_id, item_id): on SQLite a CROSS JOIN
  // fixes that order, so the planner cannot walk the item index across every wave's answers instead.
  let query = db
    .selectFrom("responses")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .crossJoin("answers")
    .whereRef("answers.response_id", "=", "responses.id")
    .select(["answers.item_id", "answers.value", (eb) => eb.fn.countAll<number>().as("n")])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "submitted")
    .where("answers.item_id", "in", [...itemIds]);
  if (filters.type) query = query.where("councils.type", "=", filters.type);
  if (filters.region) query = query.where("councils.region", "=", filters.region);
  if (filters.nation) query = query.where("councils.nation", "=", filters.nation);
  const rows = await query.groupBy(["answers.item_id", "answers.value"]).execute();
  return rows.map((r) => ({ itemId: r.item_id, value: r.value, n: Number(r.n) }));
}

/**
 * Count of each stored value per item over the submitted responses of the wave, per combination of
 * council type, region and nation: one pass over the answers serves every view of a snapshot.
 */
export async function countItemValuesByGroup(db: Db, waveId: number, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom("responses")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .crossJoin("answers")
    .whereRef("answers.response_id", "=", "responses.id")
    .select(["councils.type", "councils.region", "councils.nation", "answers.item_id", "answers.value", (eb) => eb.fn.countAll<number>().as("n")])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "submitted")
    .where("answers.item_id", "in", [...itemIds])
    .groupBy(["councils.type", "councils.region", "councils.nation", "answers.item_id", "answers.value"])
    .execute();
  return rows.map((r) => ({ type: r.type, region: r.region, nation: r.nation, itemId: r.item_id, value: r.value, n: Number(r.n) }));
}

/**
 * The submitted responses of the wave that left each of these items blank (no stored answer): the
 * item audit's sets (decision 067). Ask only for items some response left blank — the item counts
 * tell which — so a wave answered in full costs nothing here.
 */
export async function listBlankAnswers(db: Db, waveId: number, itemIds: readonly string[]): Promise<{ itemId: string; councilId: number }[]> {
  const out: { itemId: string; councilId: number }[] = [];
  for (const itemId of itemIds) {
    const rows = await db
      .selectFrom("responses")
      .select("responses.council_id")
      .where("responses.wave_id", "=", waveId)
      .where("responses.status", "=", "submitted")
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("answers").select("answers.item_id").whereRef("answers.response_id", "=", "responses.id").where("answers.item_id", "=", itemId))),
      )
      .execute();
    for (const r of rows) out.push({ itemId, councilId: r.council_id });
  }
  return out;
}

/**
 * The submitted responses of the wave that answered each of these items (for items most responses
 * left blank: the shorter list), or with `value`, that gave that answer ("dk": decision 074).
 */
export async function listItemAnswerers(db: Db, waveId: number, itemIds: readonly string[], value?: string): Promise<{ itemId: string; councilId: number }[]> {
  if (itemIds.length === 0) return [];
  let query = db
    .selectFrom("responses")
    .innerJoin("answers", "answers.response_id", "responses.id")
    .select(["answers.item_id", "responses.council_id"])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "submitted")
    .where("answers.item_id", "in", [...itemIds]);
  if (value !== undefined) query = query.where("answers.value", "=", value);
  const rows = await query.execute();
  return rows.map((r) => ({ itemId: r.item_id, councilId: r.council_id }));
}

/** Every wave, oldest first by fieldwork (decision 053): the trend and the wave filter. */
export async function listWavesInOrder(db: Db) {
  return wavesOldestFirst(await db.selectFrom("waves").select(["id", "slug", "title", "opens_on", "closes_on", "created_at"]).execute());
}

/**
 * Changes whenever anything a wave summary is built from changes: the wave's responses (count,
 * latest change, submissions), the wave itself, and the council register.
 */
export async function waveDataFingerprint(db: Db, waveId: number): Promise<string> {
  const responses = await db
    .selectFrom("responses")
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.max("responses.updated_at").as("updated"),
      eb.fn.max("responses.submitted_at").as("submitted"),
      eb.fn.sum<number>("responses.submission_count").as("submissions"),
    ])
    .where("wave_id", "=", waveId)
    .executeTakeFirstOrThrow();
  const wave = await db.selectFrom("waves").select(["updated_at", "status"]).where("id", "=", waveId).executeTakeFirstOrThrow();
  const councils = await db
    .selectFrom("councils")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("councils.updated_at").as("updated")])
    .executeTakeFirstOrThrow();
  const scores = await db
    .selectFrom("response_scores")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("wave_id", "=", waveId)
    .executeTakeFirstOrThrow();
  return JSON.stringify([
    responses.n,
    responses.updated,
    responses.submitted,
    Number(responses.submissions ?? 0),
    wave.updated_at,
    wave.status,
    councils.n,
    councils.updated,
    scores.n,
  ]);
}
