import type { Db } from "./db-types";

// Responses written whole rather than section by section through the survey: historical imports
// (app/services/import-responses.server.ts) and the demo seed. The survey's own writes are in
// response.server.ts.

/** Inserts the response's answers (item id → stored text) at once. */
export async function insertAnswers(db: Db, input: { responseId: number; answers: Readonly<Record<string, string>>; userId: number | null; now: string }) {
  for (const [itemId, value] of Object.entries(input.answers)) {
    await db.insertInto("answers").values({ response_id: input.responseId, item_id: itemId, value, updated_at: input.now, updated_by: input.userId }).execute();
  }
}

/** Marks a section as saved once (version 1). */
export async function insertSavedSection(db: Db, input: { responseId: number; sectionId: string; userId: number | null; now: string }) {
  await db
    .insertInto("response_sections")
    .values({ response_id: input.responseId, section_id: input.sectionId, state: "saved", version: 1, updated_at: input.now, updated_by: input.userId })
    .execute();
}

/** Sets an in-progress response's version (one more than its number of saves). */
export async function setResponseVersion(db: Db, responseId: number, version: number) {
  await db.updateTable("responses").set({ version }).where("id", "=", responseId).execute();
}

/** Stores the immutable snapshot of one submission. */
export async function insertSubmissionSnapshot(
  db: Db,
  input: {
    responseId: number;
    submissionNumber: number;
    responseVersion: number;
    instrumentVersion: number;
    answers: Readonly<Record<string, string>>;
    userId: number | null;
    at: string;
  },
) {
  await db
    .insertInto("response_versions")
    .values({
      response_id: input.responseId,
      submission_number: input.submissionNumber,
      response_version: input.responseVersion,
      instrument_version: input.instrumentVersion,
      answers: JSON.stringify(input.answers),
      submitted_at: input.at,
      submitted_by: input.userId,
    })
    .execute();
}

/** Marks the response submitted after its snapshots are stored. */
export async function markResponseSubmitted(
  db: Db,
  input: { responseId: number; version: number; submissionCount: number; userId: number | null; at: string },
) {
  await db
    .updateTable("responses")
    .set({ status: "submitted", version: input.version, submitted_at: input.at, submitted_by: input.userId, submission_count: input.submissionCount })
    .where("id", "=", input.responseId)
    .execute();
}

/** Ids of the councils that already have a response in the wave. */
export async function listCouncilsWithResponse(db: Db, waveId: number): Promise<Set<number>> {
  const rows = await db.selectFrom("responses").select("council_id").where("wave_id", "=", waveId).execute();
  return new Set(rows.map((r) => r.council_id));
}
