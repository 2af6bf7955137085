import type { Db } from "./db-types";

/** The stored index columns of response_scores, in the order the microdata export lists them. */
export const SCORE_COLUMNS = ["presc", "burden", "tech", "ltc", "pct", "gap", "headline_gap", "gap2", "gap3", "gap4", "gap5", "gap6"] as const;

/**
 * One page of the wave's submitted responses after response id `after` (in id order), each with its
 * council, stored scores and answers (item id → stored text), for the microdata export.
 */
export async function listSubmittedResponsePage(db: Db, input: { waveId: number; after: number; limit: number }) {
  const page = await db
    .selectFrom("responses")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .leftJoin("response_scores", "response_scores.response_id", "responses.id")
    .select([
      "responses.id",
      "responses.reference",
      "responses.submitted_at",
      "councils.gss_code",
      "councils.name",
      "councils.type",
      "councils.region",
      "councils.nation",
      ...SCORE_COLUMNS.map((c) => `response_scores.${c}` as const),
    ])
    .where("responses.wave_id", "=", input.waveId)
    .where("responses.status", "=", "submitted")
    .where("responses.id", ">", input.after)
    .orderBy("responses.id")
    .limit(input.limit)
    .execute();
  if (page.length === 0) return [];
  const answers = await db
    .selectFrom("answers")
    .select(["response_id", "item_id", "value"])
    .where(
      "response_id",
      "in",
      page.map((r) => r.id),
    )
    .execute();
  return page.map((r) => ({ ...r, answers: new Map(answers.filter((a) => a.response_id === r.id).map((a) => [a.item_id, a.value])) }));
}
