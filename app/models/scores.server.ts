import { decodeStoredAnswers, dropHiddenAnswers, type AnswerValue } from "../domain/answers";
import { INDEX_CODES, getItem, type IndexCode, type Instrument } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { rescaledItemValue, scoreResponse } from "../domain/scoring";
import type { ResponseScoresTable } from "../../db/schema";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";
import { preparedQuery } from "./prepared-query.server";

/** Index code → reverse-coded, rescaled 0–100 value of each of its items (index order), null for dk or blank. */
export type ItemValues = Partial<Record<IndexCode, (number | null)[]>>;

/** The row stored for one response: indices, gaps, pair gaps and the item values α needs. Pure. */
export function scoreRow(
  instrument: Instrument,
  answers: ReadonlyMap<string, AnswerValue>,
  where: { responseId: number; waveId: number; councilId: number; now: string },
): ResponseScoresTable {
  const scores = scoreResponse(instrument, answers);
  const visible = dropHiddenAnswers(instrument, answers);
  const itemValues: ItemValues = {};
  for (const index of instrument.indices) {
    itemValues[index.code] = index.itemIds.map((id) => {
      const item = getItem(instrument, id);
      const value = visible.get(id);
      return item && typeof value === "string" ? rescaledItemValue(item, value) : null;
    });
  }
  return {
    response_id: where.responseId,
    wave_id: where.waveId,
    council_id: where.councilId,
    instrument_version: instrument.version,
    presc: scores.PRESC,
    burden: scores.BURDEN,
    tech: scores.TECH,
    ltc: scores.LTC,
    pct: scores.PCT,
    gap: scores.GAP,
    headline_gap: scores.HEADLINE_GAP,
    gap2: scores.pairGaps["2"],
    gap3: scores.pairGaps["3"],
    gap4: scores.pairGaps["4"],
    gap5: scores.pairGaps["5"],
    gap6: scores.pairGaps["6"],
    item_values: JSON.stringify(itemValues),
    computed_at: where.now,
  };
}

/**
 * Computes and stores (insert or replace) the scores of one response from its stored answers,
 * read with the instrument version the response answered. Call it inside the submit (or import)
 * transaction, passing the transaction as `db`. Throws when the response does not exist.
 */
export async function saveResponseScores(
  db: Db,
  responseId: number,
  /** What the caller read in this same transaction (the submit has both), to save reading them again. */
  known?: { waveId: number; councilId: number; instrumentVersion: number; answers: ReadonlyMap<string, AnswerValue> },
): Promise<void> {
  const response = known
    ? { wave_id: known.waveId, council_id: known.councilId, instrument_version: known.instrumentVersion }
    : await db.selectFrom("responses").select(["wave_id", "council_id", "instrument_version"]).where("id", "=", responseId).executeTakeFirst();
  if (!response) throw new Error(`saveResponseScores: there is no response ${responseId}`);
  const instrument = getInstrument(response.instrument_version);
  const answers =
    known?.answers ??
    decodeStoredAnswers(
      instrument,
      (await db.selectFrom("answers").select(["item_id", "value"]).where("response_id", "=", responseId).execute()).map((r) => [r.item_id, r.value] as const),
    );
  await scoresStored(db, scoreRow(instrument, answers, { responseId, waveId: response.wave_id, councilId: response.council_id, now: nowIso() }));
}

// Every submit stores one: prepared (built and compiled once), insert or replace.
const scoresStored = preparedQuery((db, v: ResponseScoresTable) => {
  const { response_id: _id, ...update } = v;
  return db
    .insertInto("response_scores")
    .values(v)
    .onConflict((oc) => oc.column("response_id").doUpdateSet(update));
});

/** Parses stored item_values JSON. */
export function parseItemValues(json: string): ItemValues {
  const parsed: unknown = JSON.parse(json);
  const out: ItemValues = {};
  if (parsed && typeof parsed === "object") {
    for (const code of INDEX_CODES) {
      const list = (parsed as Record<string, unknown>)[code];
      if (Array.isArray(list)) out[code] = list.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
    }
  }
  return out;
}

/**
 * Stores scores for every submitted response that has none (responses submitted before migration
 * 003 existed). Run at start-up, so a dashboard view never has to write.
 */
export async function scoreUnscoredSubmissions(db: Db): Promise<number> {
  const rows = await db
    .selectFrom("responses")
    .leftJoin("response_scores", "response_scores.response_id", "responses.id")
    .select("responses.id")
    .where("responses.status", "=", "submitted")
    .where("response_scores.response_id", "is", null)
    .execute();
  for (const row of rows) await saveResponseScores(db, row.id);
  return rows.length;
}
