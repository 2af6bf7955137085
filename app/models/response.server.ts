import crypto from "node:crypto";
import { wavesBefore } from "../domain/wave-order";
import type { Db } from "./db-types";
import { changedRows, firstRow, preparedQuery } from "./prepared-query.server";

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A reference a person can read out on the phone: LT-XXXX-XXXX, no 0/O or 1/I. */
export function newResponseReference(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]);
  return `LT-${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

type NewResponse = { waveId: number; councilId: number; instrumentVersion: number; userId: number | null; now: string; prefilledFrom?: number | null };

function newResponseRow(input: NewResponse) {
  return {
    wave_id: input.waveId,
    council_id: input.councilId,
    instrument_version: input.instrumentVersion,
    status: "in_progress" as const,
    version: 1,
    reference: newResponseReference(),
    prefilled_from: input.prefilledFrom ?? null,
    started_at: input.now,
    updated_at: input.now,
    updated_by: input.userId,
    submission_count: 0,
  };
}

export async function startResponse(db: Db, input: NewResponse): Promise<number> {
  const row = await db.insertInto("responses").values(newResponseRow(input)).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

// The queries every section save and submit runs are prepared (built and compiled once).
const storedAnswers = preparedQuery((db, v: { responseId: number }) =>
  db.selectFrom("answers").select(["item_id", "value"]).where("response_id", "=", v.responseId),
);

/** Stored answers of a response as item id → stored text. */
export async function loadStoredAnswers(db: Db, responseId: number): Promise<Map<string, string>> {
  const { rows } = await storedAnswers(db, { responseId });
  return new Map(rows.map((r) => [r.item_id, r.value]));
}

// ---- The council's response to a wave: every query takes the council id from the session. ----

export type SectionRow = { sectionId: string; state: "saved" | "prefilled"; version: number; updatedAt: string; updatedByName: string | null };

const councilResponse = preparedQuery((db, v: { waveId: number; councilId: number }) =>
  db.selectFrom("responses").selectAll().where("wave_id", "=", v.waveId).where("council_id", "=", v.councilId),
);

/** The council's response to a wave, or undefined: looked up by (wave, council), never by a posted id. */
export async function findCouncilResponse(db: Db, waveId: number, councilId: number) {
  return firstRow(councilResponse(db, { waveId, councilId }));
}

/** Starts the council's response if there is none yet (a concurrent start by a colleague is not an error); returns it and whether this call created it. */
export async function ensureCouncilResponse(
  db: Db,
  input: { waveId: number; councilId: number; instrumentVersion: number; userId: number; now: string; prefilledFrom?: number | null },
) {
  const inserted = await changedRows(responseStarted(db, newResponseRow(input)));
  const row = await findCouncilResponse(db, input.waveId, input.councilId);
  if (!row) throw new Error("The response could not be started");
  return { ...row, created: inserted === 1 };
}

// Every section save runs it: prepared (built and compiled once).
const responseStarted = preparedQuery((db, v: ReturnType<typeof newResponseRow>) =>
  db
    .insertInto("responses")
    .values(v)
    .onConflict((oc) => oc.columns(["wave_id", "council_id"]).doNothing()),
);

/** Per-section state of a response with who saved each section last. */
export async function loadSectionRows(db: Db, responseId: number): Promise<SectionRow[]> {
  const { rows } = await sectionRows(db, { responseId });
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

const sectionRows = preparedQuery((db, v: { responseId: number }) =>
  db
    .selectFrom("response_sections")
    .leftJoin("users", "users.id", "response_sections.updated_by")
    .select([
      "response_sections.section_id as sectionId",
      "response_sections.state",
      "response_sections.version",
      "response_sections.updated_at as updatedAt",
      "users.name as updatedByName",
    ])
    .where("response_sections.response_id", "=", v.responseId),
);

/**
 * Moves a section from `expectedVersion` to the next version; false when someone else saved it in
 * between (the conditional update is the lock: of two concurrent saves only one can match).
 */
export async function claimSectionVersion(
  db: Db,
  input: { responseId: number; sectionId: string; expectedVersion: number; userId: number; now: string },
): Promise<boolean> {
  if (input.expectedVersion === 0) return (await changedRows(firstSectionSave(db, input))) === 1;
  return (await changedRows(nextSectionVersion(db, input))) === 1;
}

type SectionClaim = { responseId: number; sectionId: string; expectedVersion: number; userId: number; now: string };
const firstSectionSave = preparedQuery((db, v: Omit<SectionClaim, "expectedVersion">) =>
  db
    .insertInto("response_sections")
    .values({ response_id: v.responseId, section_id: v.sectionId, state: "saved", version: 1, updated_at: v.now, updated_by: v.userId })
    .onConflict((oc) => oc.columns(["response_id", "section_id"]).doNothing()),
);
const nextSectionVersion = preparedQuery((db, v: SectionClaim) =>
  db
    .updateTable("response_sections")
    .set((eb) => ({ state: "saved", version: eb("version", "+", 1), updated_at: v.now, updated_by: v.userId }))
    .where("response_id", "=", v.responseId)
    .where("section_id", "=", v.sectionId)
    .where("version", "=", v.expectedVersion),
);

/** Writes one item's stored text (insert or replace), or removes it when `value` is null. */
export async function writeAnswer(db: Db, input: { responseId: number; itemId: string; value: string | null; userId: number | null; now: string }) {
  if (input.value === null) await removeAnswer(db, input);
  else await upsertAnswer(db, { ...input, value: input.value });
}

const removeAnswer = preparedQuery((db, v: { responseId: number; itemId: string }) =>
  db.deleteFrom("answers").where("response_id", "=", v.responseId).where("item_id", "=", v.itemId),
);
const upsertAnswer = preparedQuery((db, v: { responseId: number; itemId: string; value: string; userId: number | null; now: string }) =>
  db
    .insertInto("answers")
    .values({ response_id: v.responseId, item_id: v.itemId, value: v.value, updated_at: v.now, updated_by: v.userId })
    .onConflict((oc) => oc.columns(["response_id", "item_id"]).doUpdateSet({ value: v.value, updated_at: v.now, updated_by: v.userId })),
);

/** Marks a section as prefilled from an earlier wave (to be checked and confirmed). */
export async function insertPrefilledSection(db: Db, input: { responseId: number; sectionId: string; userId: number; now: string }) {
  await db
    .insertInto("response_sections")
    .values({ response_id: input.responseId, section_id: input.sectionId, state: "prefilled", version: 1, updated_at: input.now, updated_by: input.userId })
    .execute();
}

/** Records that the response changed: version + 1, who and when. */
export async function touchResponse(db: Db, input: { responseId: number; userId: number; now: string }) {
  await responseTouched(db, input);
}

const responseTouched = preparedQuery((db, v: { responseId: number; userId: number; now: string }) =>
  db
    .updateTable("responses")
    .set((eb) => ({ version: eb("version", "+", 1), updated_at: v.now, updated_by: v.userId }))
    .where("id", "=", v.responseId),
);

/** The submission made from this response version, if there is one. */
export async function findSubmissionOfVersion(db: Db, responseId: number, responseVersion: number) {
  return firstRow(submissionOfVersion(db, { responseId, responseVersion }));
}

const submissionOfVersion = preparedQuery((db, v: { responseId: number; responseVersion: number }) =>
  db
    .selectFrom("response_versions")
    .select(["id", "submission_number as submissionNumber", "submitted_at as submittedAt"])
    .where("response_id", "=", v.responseId)
    .where("response_version", "=", v.responseVersion),
);

/**
 * Marks the response submitted if it is still at `expectedVersion` and stores the snapshot as the
 * next submission; false when the version moved (a colleague's change or a concurrent submit).
 */
export async function recordSubmission(
  db: Db,
  input: { responseId: number; expectedVersion: number; instrumentVersion: number; answers: Record<string, string>; userId: number; now: string },
): Promise<{ submissionNumber: number; submissionId: number } | false> {
  const claimed = await firstRow(submittedFrom(db, input));
  if (!claimed) return false;
  const submissionNumber = Number(claimed.submission_count);
  const stored = await firstRow(submissionStored(db, { ...input, submissionNumber, answers: JSON.stringify(input.answers) }));
  return { submissionNumber, submissionId: Number(stored!.id) };
}

const submittedFrom = preparedQuery((db, v: { responseId: number; expectedVersion: number; userId: number; now: string }) =>
  db
    .updateTable("responses")
    .set((eb) => ({
      status: "submitted",
      version: eb("version", "+", 1),
      submission_count: eb("submission_count", "+", 1),
      submitted_at: v.now,
      submitted_by: v.userId,
      updated_at: v.now,
      updated_by: v.userId,
    }))
    .where("id", "=", v.responseId)
    .where("version", "=", v.expectedVersion)
    .where("status", "=", "in_progress")
    .returning("submission_count"),
);
const submissionStored = preparedQuery(
  (db, v: { responseId: number; submissionNumber: number; expectedVersion: number; instrumentVersion: number; answers: string; userId: number; now: string }) =>
    db
      .insertInto("response_versions")
      .values({
        response_id: v.responseId,
        submission_number: v.submissionNumber,
        response_version: v.expectedVersion,
        instrument_version: v.instrumentVersion,
        answers: v.answers,
        submitted_at: v.now,
        submitted_by: v.userId,
      })
      .returning("id"),
);

/** Reopens a submitted response for changes, keeping its answers and submitted versions; false if it was not submitted. */
export async function reopenResponse(db: Db, input: { responseId: number; userId: number; now: string }): Promise<boolean> {
  const result = await db
    .updateTable("responses")
    .set((eb) => ({ status: "in_progress", version: eb("version", "+", 1), updated_at: input.now, updated_by: input.userId }))
    .where("id", "=", input.responseId)
    .where("status", "=", "submitted")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every stored submission of a response, oldest first. */
export async function listSubmissions(db: Db, responseId: number) {
  return db
    .selectFrom("response_versions")
    .leftJoin("users", "users.id", "response_versions.submitted_by")
    .select([
      "response_versions.id",
      "response_versions.submission_number as submissionNumber",
      "response_versions.submitted_at as submittedAt",
      "response_versions.answers",
      "users.name as submittedByName",
    ])
    .where("response_versions.response_id", "=", responseId)
    .orderBy("response_versions.submission_number")
    .execute();
}

/**
 * The council's latest submitted answers from an earlier wave, for prefill: of the waves before
 * this one by fieldwork (decision 053, drafts aside) in which the council has a submission, the
 * latest; within it, the latest submission. A wave where the council never submitted is skipped,
 * so importing an older wave does not take the offer away.
 */
export async function findPreviousSubmission(db: Db, input: { waveId: number; councilId: number }) {
  const current = await db
    .selectFrom("waves")
    .select(["id", "slug", "opens_on", "closes_on", "created_at"])
    .where("id", "=", input.waveId)
    .executeTakeFirstOrThrow();
  const submittedIn = await db
    .selectFrom("waves")
    .innerJoin("responses", "responses.wave_id", "waves.id")
    .select(["waves.id", "waves.slug", "waves.title", "waves.opens_on", "waves.closes_on", "waves.created_at", "responses.id as responseId"])
    .where("waves.status", "!=", "draft")
    .where("waves.id", "!=", current.id)
    .where("responses.council_id", "=", input.councilId)
    .where((eb) => eb.exists(eb.selectFrom("response_versions").select("response_versions.id").whereRef("response_versions.response_id", "=", "responses.id")))
    .execute();
  const previousWave = wavesBefore(submittedIn, current).at(-1);
  if (!previousWave) return null;
  const row = await db
    .selectFrom("response_versions")
    .select(["response_versions.answers", "response_versions.instrument_version as instrumentVersion"])
    .where("response_versions.response_id", "=", previousWave.responseId)
    .orderBy("response_versions.submission_number", "desc")
    .executeTakeFirst();
  if (!row) return null;
  return {
    wave: { id: previousWave.id, slug: previousWave.slug, title: previousWave.title },
    responseId: previousWave.responseId,
    instrumentVersion: Number(row.instrumentVersion),
    answers: JSON.parse(row.answers) as Record<string, string>,
  };
}

/** One stored submission with the council and wave it belongs to (the caller checks the council). */
export async function findSubmission(db: Db, submissionId: number) {
  return db
    .selectFrom("response_versions")
    .innerJoin("responses", "responses.id", "response_versions.response_id")
    .innerJoin("waves", "waves.id", "responses.wave_id")
    .leftJoin("users", "users.id", "response_versions.submitted_by")
    .select([
      "response_versions.id",
      "response_versions.submission_number as submissionNumber",
      "response_versions.submitted_at as submittedAt",
      "response_versions.answers",
      "response_versions.instrument_version as instrumentVersion",
      "responses.council_id as councilId",
      "responses.reference",
      "waves.slug as waveSlug",
      "waves.title as waveTitle",
      "users.name as submittedByName",
    ])
    .where("response_versions.id", "=", submissionId)
    .executeTakeFirst();
}
