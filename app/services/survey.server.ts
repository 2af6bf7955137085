import type { Wave } from "../../db/schema";
import {
  decodeAnswer,
  decodeStoredAnswers,
  dropHiddenAnswers,
  fieldsFromFormData,
  encodeAnswer,
  formatAnswer,
  parseSectionForm,
  sectionCompleteness,
  type AnswerValue,
} from "../domain/answers";
import { getItem, isScoredScale, type Instrument, type Item, type Section } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { answersAsFieldValues, dropUnmetConditionalFields } from "../domain/section-form";
import type { QuestionView, SectionStatus } from "../domain/survey-view";
import { recordAudit } from "../models/audit.server";
import type { Db } from "../models/db-types";
import { inTransaction, nowIso } from "../models/db-types";
import {
  claimSectionVersion,
  ensureCouncilResponse,
  findCouncilResponse,
  findPreviousSubmission,
  findSubmissionOfVersion,
  insertPrefilledSection,
  findSubmission,
  listSubmissions,
  loadSectionRows,
  loadStoredAnswers,
  recordSubmission,
  reopenResponse,
  touchResponse,
  writeAnswer,
  type SectionRow,
} from "../models/response.server";
import { saveResponseScores } from "../models/scores.server";
import { findUserName } from "../models/user.server";
import { getWaveBySlug, listWavesForCouncil } from "../models/wave.server";
import { receiptEmail } from "../domain/emails";
import { getCouncil } from "../models/council.server";
import { listTeamMembers } from "../models/team.server";
import { auditActor, type requireCouncilRespondent } from "./auth.server";
import { associationName, publicLink, queueEmail } from "./email.server";
import { notFoundForCouncil } from "./authorisation.server";

// The respondent's journey through one wave: the council id always comes from the signed-in user.

export type Respondent = Awaited<ReturnType<typeof requireCouncilRespondent>>;
export type { SectionStatus };
export interface FormError {
  field: string;
  message: string;
}

function refuse(status: number, message: string): never {
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The wave a respondent may see: unknown and draft waves do not exist for them (404). */
export async function requireVisibleWave(db: Db, waveSlug: string): Promise<Wave> {
  const wave = await getWaveBySlug(db, waveSlug);
  if (!wave || wave.status === "draft") refuse(404, "There is no survey at this address");
  return wave;
}

export const CLOSED_MESSAGE = "This survey has closed, so your council's answers can no longer be changed.";
export const SUBMITTED_MESSAGE = "Your council's answers have been submitted. Choose ‘Amend answers’ to change them.";

function requireOpen(wave: Wave) {
  if (wave.status !== "open") refuse(409, CLOSED_MESSAGE);
}

export function sectionStatus(
  instrument: Instrument,
  sectionId: string,
  row: SectionRow | undefined,
  answers: ReadonlyMap<string, AnswerValue>,
): SectionStatus {
  if (!row) return "not-started";
  if (row.state === "prefilled") return "check";
  return sectionCompleteness(instrument, sectionId, answers).complete ? "completed" : "in-progress";
}

/** Everything the wave's pages show: the response (or null), each section's status and the answers. */
export async function loadSurvey(db: Db, user: Respondent, waveSlug: string) {
  const wave = await requireVisibleWave(db, waveSlug);
  const response = (await findCouncilResponse(db, wave.id, user.councilId)) ?? null;
  const instrument = getInstrument(response?.instrument_version ?? wave.instrument_version);
  const rows = response ? await loadSectionRows(db, response.id) : [];
  const stored = response ? await loadStoredAnswers(db, response.id) : new Map<string, string>();
  const answers = decodeStoredAnswers(instrument, stored);
  const sections = instrument.sections.map((section) => {
    const row = rows.find((r) => r.sectionId === section.id);
    return { id: section.id, slug: section.slug, title: section.title, status: sectionStatus(instrument, section.id, row, answers), row: row ?? null };
  });
  const completed = sections.filter((s) => s.status === "completed").length;
  const open = wave.status === "open";
  const editable = open && (!response || response.status === "in_progress");
  const previous = open && !response ? await findPreviousSubmission(db, { waveId: wave.id, councilId: user.councilId }) : null;
  return {
    wave,
    instrument,
    response,
    stored,
    answers,
    sections,
    completed,
    allComplete: completed === sections.length,
    open,
    editable,
    previousWave: previous ? { title: previous.wave.title } : null,
  };
}

/** Summary-list rows of a section: every visible question with its formatted answer. */
export function summariseSection(instrument: Instrument, section: Section, answers: ReadonlyMap<string, AnswerValue>) {
  const visible = dropHiddenAnswers(instrument, answers);
  return section.items
    .filter((item) => !item.showWhen || visible.get(item.showWhen.itemId) === item.showWhen.equals)
    .map((item) => ({ itemId: item.id, question: item.text, answer: formatAnswer(instrument, item, visible.get(item.id)), answered: visible.has(item.id) }));
}

function questionView(instrument: Instrument, item: Item): QuestionView {
  return {
    id: item.id,
    scale: item.scale,
    text: item.text,
    hint: item.hint ?? null,
    required: item.required,
    options: [...(isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? []))],
    maxChoices: item.maxChoices ?? null,
    maxLength: item.maxLength ?? null,
    showWhen: item.showWhen ? { ...item.showWhen } : null,
  };
}

/** Check your answers (and the read-only view after submitting): every section's status and answers. */
export async function loadAnswersOverview(db: Db, user: Respondent, waveSlug: string) {
  const survey = await loadSurvey(db, user, waveSlug);
  const submissions = survey.response ? await listSubmissions(db, survey.response.id) : [];
  return {
    wave: { slug: survey.wave.slug, title: survey.wave.title, status: survey.wave.status, closesOn: survey.wave.closes_on },
    response: survey.response
      ? {
          status: survey.response.status,
          version: Number(survey.response.version),
          reference: survey.response.reference,
          submittedAt: survey.response.submitted_at,
          submissions: submissions.length,
          submissionList: submissions.map((s) => ({ id: s.id, number: s.submissionNumber, at: s.submittedAt, by: s.submittedByName })),
        }
      : null,
    open: survey.open,
    editable: survey.editable,
    allComplete: survey.allComplete,
    completed: survey.completed,
    sections: survey.instrument.sections.map((section) => ({
      slug: section.slug,
      title: section.title,
      status: survey.sections.find((s) => s.id === section.id)!.status,
      rows: summariseSection(survey.instrument, section, survey.answers),
    })),
  };
}

/** The section page: its questions, the stored values, its version and what comes next. */
export async function loadSectionPage(db: Db, user: Respondent, waveSlug: string, sectionSlug: string) {
  const survey = await loadSurvey(db, user, waveSlug);
  const section = survey.instrument.sections.find((s) => s.slug === sectionSlug);
  if (!section) refuse(404, "There is no such section");
  const status = survey.sections.find((s) => s.id === section.id)!;
  const index = survey.instrument.sections.indexOf(section);
  return {
    survey,
    section: {
      id: section.id,
      slug: section.slug,
      title: section.title,
      stem: section.stem ?? null,
      intro: section.intro ?? null,
      number: index + 1,
      of: survey.instrument.sections.length,
      questions: section.items.map((item) => questionView(survey.instrument, item)),
    },
    version: status.row?.version ?? 0,
    lastSaved: status.row ? { at: status.row.updatedAt, by: status.row.updatedByName } : null,
    status: status.status,
    values: answersAsFieldValues(survey.instrument, survey.stored),
    latest: summariseSection(survey.instrument, section, survey.answers),
  };
}

export type SaveSectionResult =
  | { kind: "saved"; next: string; followUp: string | null }
  | { kind: "invalid"; errors: FormError[]; values: Record<string, string[]> }
  | { kind: "stale"; values: Record<string, string[]>; changedBy: string | null; changedAt: string };

class StaleSection extends Error {}

function readVersion(fields: Readonly<Record<string, readonly string[]>>): number | null {
  const posted = fields._version ?? [];
  return posted.length === 1 && /^\d{1,9}$/.test(posted[0]!) ? Number(posted[0]) : null;
}

/**
 * Saves one section all-or-nothing: validates the post, refuses it when the section changed since
 * the form was shown (`_version`), then in one transaction writes that section's answers, bumps the
 * section and response versions and records every item's value before and after in the audit log.
 */
export async function saveSection(
  db: Db,
  user: Respondent,
  input: { waveSlug: string; sectionSlug: string; fields: Readonly<Record<string, readonly string[]>>; clientAddress?: string | null; now?: string },
): Promise<SaveSectionResult> {
  const wave = await requireVisibleWave(db, input.waveSlug);
  const existing = await findCouncilResponse(db, wave.id, user.councilId);
  const instrument = getInstrument(existing?.instrument_version ?? wave.instrument_version);
  const section = instrument.sections.find((s) => s.slug === input.sectionSlug);
  if (!section) refuse(404, "There is no such section");
  requireOpen(wave);
  if (existing?.status === "submitted") refuse(409, SUBMITTED_MESSAGE);

  const fields = dropUnmetConditionalFields(instrument, section.id, input.fields);
  const parsed = parseSectionForm(instrument, section.id, fields);
  const expected = readVersion(input.fields);
  if (!parsed.ok)
    return { kind: "invalid", errors: parsed.errors.map(({ itemId, message }) => ({ field: itemId ?? section.items[0]!.id, message })), values: parsed.values };
  const postedValues = Object.fromEntries(section.items.filter((i) => (fields[i.id] ?? []).length > 0).map((i) => [i.id, [...fields[i.id]!]]));
  if (expected === null) {
    return {
      kind: "invalid",
      errors: [{ field: section.items[0]!.id, message: "This form is out of date. Reload the page and try again" }],
      values: postedValues,
    };
  }

  const now = input.now ?? nowIso();
  try {
    await inTransaction(db, async (trx) => {
      const response = await ensureCouncilResponse(trx, {
        waveId: wave.id,
        councilId: user.councilId,
        instrumentVersion: instrument.version,
        userId: user.id,
        now,
      });
      if (response.status === "submitted") refuse(409, SUBMITTED_MESSAGE);
      const claimed = await claimSectionVersion(trx, { responseId: response.id, sectionId: section.id, expectedVersion: expected, userId: user.id, now });
      if (!claimed) throw new StaleSection();
      const before = await loadStoredAnswers(trx, response.id);
      const items: Record<string, { before: string | null; after: string | null }> = {};
      for (const item of section.items) {
        const value = parsed.answers.get(item.id) ?? null;
        const after = value === null ? null : encodeAnswer(item, value);
        const previous = before.get(item.id) ?? null;
        items[item.id] = { before: previous, after };
        if (previous !== after) await writeAnswer(trx, { responseId: response.id, itemId: item.id, value: after, userId: user.id, now });
      }
      await touchResponse(trx, { responseId: response.id, userId: user.id, now });
      await recordAudit(trx, {
        actor: auditActor(user),
        action: "response.section-saved",
        targetType: "response",
        targetId: response.id,
        detail: { wave: wave.slug, section: section.id, sectionVersion: expected + 1, items },
        clientAddress: input.clientAddress ?? null,
      });
    });
  } catch (error) {
    if (!(error instanceof StaleSection)) throw error;
    const response = await findCouncilResponse(db, wave.id, user.councilId);
    const row = response ? (await loadSectionRows(db, response.id)).find((r) => r.sectionId === section.id) : undefined;
    return { kind: "stale", values: postedValues, changedBy: row?.updatedByName ?? null, changedAt: row?.updatedAt ?? now };
  }

  // A conditional question that this answer reveals, not yet answered: show the page again (the no-JavaScript round trip).
  const followUp =
    section.items.find(
      (item) => item.showWhen && item.required && parsed.answers.get(item.showWhen.itemId) === item.showWhen.equals && parsed.answers.get(item.id) == null,
    )?.id ?? null;
  const index = instrument.sections.indexOf(section);
  const nextSection = instrument.sections[index + 1];
  return { kind: "saved", followUp, next: nextSection ? `sections/${nextSection.slug}` : "check" };
}

/** The posted form as field name → every value posted under it. */
export async function readFormFields(request: Request): Promise<Record<string, string[]>> {
  return fieldsFromFormData(await request.formData());
}

/** Starts the council's response, blank or from its last submitted answers to the previous wave (sections "Check and confirm"). */
export async function startSurvey(db: Db, user: Respondent, input: { waveSlug: string; prefill: boolean; clientAddress?: string | null; now?: string }) {
  const wave = await requireVisibleWave(db, input.waveSlug);
  requireOpen(wave);
  if (await findCouncilResponse(db, wave.id, user.councilId)) return;
  const instrument = getInstrument(wave.instrument_version);
  const previous = input.prefill ? await findPreviousSubmission(db, { waveId: wave.id, councilId: user.councilId }) : null;
  const now = input.now ?? nowIso();
  await inTransaction(db, async (trx) => {
    const response = await ensureCouncilResponse(trx, {
      waveId: wave.id,
      councilId: user.councilId,
      instrumentVersion: instrument.version,
      userId: user.id,
      now,
      prefilledFrom: previous?.responseId ?? null,
    });
    if (!response.created) return; // a colleague started it first
    let copied = 0;
    if (previous) {
      const candidate = new Map<string, AnswerValue>();
      for (const [itemId, text] of Object.entries(previous.answers)) {
        const item = getItem(instrument, itemId);
        if (!item) continue;
        try {
          const value = decodeAnswer(item, text);
          encodeAnswer(item, value);
          candidate.set(itemId, value);
        } catch {
          // An answer the current instrument cannot hold (changed scale or options) is not copied.
        }
      }
      const visible = dropHiddenAnswers(instrument, candidate);
      for (const section of instrument.sections) {
        const inSection = section.items.filter((item) => visible.has(item.id));
        if (inSection.length === 0) continue;
        for (const item of inSection)
          await writeAnswer(trx, { responseId: response.id, itemId: item.id, value: encodeAnswer(item, visible.get(item.id)!), userId: user.id, now });
        await insertPrefilledSection(trx, { responseId: response.id, sectionId: section.id, userId: user.id, now });
        copied += inSection.length;
      }
    }
    await recordAudit(trx, {
      actor: auditActor(user),
      action: "response.started",
      targetType: "response",
      targetId: response.id,
      detail: { wave: wave.slug, prefilledFrom: previous?.responseId ?? null, answersCopied: copied },
      clientAddress: input.clientAddress ?? null,
    });
  });
}

/** The receipt: each member of the council's team gets the reference and a link to the answers (outbox, same transaction). */
async function sendReceipts(
  trx: Db,
  input: {
    wave: { slug: string; title: string };
    response: { id: number; council_id: number; reference: string };
    submission: { id: number; submissionNumber: number };
    submittedBy: string;
  },
) {
  const council = await getCouncil(trx, input.response.council_id);
  if (!council) return;
  const content = receiptEmail({
    association: associationName(),
    councilName: council.name,
    waveTitle: input.wave.title,
    reference: input.response.reference,
    submittedBy: input.submittedBy,
    submissionNumber: input.submission.submissionNumber,
    link: publicLink(`/surveys/submissions/${input.submission.id}`),
  });
  for (const member of await listTeamMembers(trx, input.response.council_id)) {
    await queueEmail(trx, {
      kind: "receipt",
      to: member.email,
      content,
      councilId: council.id,
      dedupeKey: `receipt:${input.response.id}:${input.submission.submissionNumber}:${member.id}`,
    });
  }
}

export type SubmitResult =
  | { kind: "submitted" }
  | { kind: "not-started" }
  | { kind: "invalid"; errors: FormError[] }
  | { kind: "stale"; changedBy: string | null; changedAt: string | null };

export const DECLARATION_ERROR = "Confirm that these answers represent your council's position";

/**
 * Submits the response at the version the check page showed. A repeat of the same post (double
 * click, back and resubmit, two tabs) finds the submission already made from that version and
 * changes nothing; only one of two concurrent submits can move the version.
 */
export async function submitSurvey(
  db: Db,
  user: Respondent,
  input: { waveSlug: string; fields: Readonly<Record<string, readonly string[]>>; clientAddress?: string | null; now?: string },
): Promise<SubmitResult> {
  const wave = await requireVisibleWave(db, input.waveSlug);
  requireOpen(wave);
  const response = await findCouncilResponse(db, wave.id, user.councilId);
  if (!response) return { kind: "not-started" };
  const version = readVersion(input.fields);
  if (version === null) return { kind: "invalid", errors: [{ field: "declaration", message: "This page is out of date. Reload it and try again" }] };
  if (await findSubmissionOfVersion(db, response.id, version)) return { kind: "submitted" };
  if (response.status === "submitted") return { kind: "submitted" };
  if ((input.fields.declaration ?? []).join("") !== "yes") return { kind: "invalid", errors: [{ field: "declaration", message: DECLARATION_ERROR }] };
  if (Number(response.version) !== version) {
    const changedBy = response.updated_by === null ? null : await findUserName(db, response.updated_by);
    return { kind: "stale", changedBy, changedAt: response.updated_at };
  }
  const instrument = getInstrument(response.instrument_version);
  const now = input.now ?? nowIso();
  const outcome = await inTransaction(db, async (trx): Promise<SubmitResult> => {
    const rows = await loadSectionRows(trx, response.id);
    const stored = await loadStoredAnswers(trx, response.id);
    const answers = decodeStoredAnswers(instrument, stored);
    const unfinished = instrument.sections.filter(
      (s) =>
        sectionStatus(
          instrument,
          s.id,
          rows.find((r) => r.sectionId === s.id),
          answers,
        ) !== "completed",
    );
    if (unfinished.length > 0) {
      return { kind: "invalid", errors: unfinished.map((s) => ({ field: `section-${s.slug}`, message: `Complete the section ‘${s.title}’` })) };
    }
    const snapshot: Record<string, string> = {};
    for (const [itemId, value] of dropHiddenAnswers(instrument, answers)) snapshot[itemId] = encodeAnswer(getItem(instrument, itemId)!, value);
    const recorded = await recordSubmission(trx, {
      responseId: response.id,
      expectedVersion: version,
      instrumentVersion: instrument.version,
      answers: snapshot,
      userId: user.id,
      now,
    });
    if (!recorded) return { kind: "stale", changedBy: null, changedAt: null };
    await saveResponseScores(trx, response.id, {
      waveId: response.wave_id,
      councilId: response.council_id,
      instrumentVersion: response.instrument_version,
      answers,
    });
    await recordAudit(trx, {
      actor: auditActor(user),
      action: "response.submitted",
      targetType: "response",
      targetId: response.id,
      detail: { wave: wave.slug, submission: recorded.submissionNumber, responseVersion: version },
      clientAddress: input.clientAddress ?? null,
    });
    await sendReceipts(trx, {
      wave,
      response,
      submission: { id: recorded.submissionId, submissionNumber: recorded.submissionNumber },
      submittedBy: user.name,
    });
    return { kind: "submitted" };
  });
  // The loser of two concurrent submits of the same version finds the winner's submission.
  if (outcome.kind === "stale" && (await findSubmissionOfVersion(db, response.id, version))) return { kind: "submitted" };
  return outcome;
}

/** Reopens the council's submitted response for changes until the wave closes; earlier submissions stay stored. */
export async function amendSurvey(db: Db, user: Respondent, input: { waveSlug: string; clientAddress?: string | null; now?: string }) {
  const wave = await requireVisibleWave(db, input.waveSlug);
  requireOpen(wave);
  const response = await findCouncilResponse(db, wave.id, user.councilId);
  if (!response) return;
  const now = input.now ?? nowIso();
  await inTransaction(db, async (trx) => {
    if (!(await reopenResponse(trx, { responseId: response.id, userId: user.id, now }))) return;
    await recordAudit(trx, {
      actor: auditActor(user),
      action: "response.amend-started",
      targetType: "response",
      targetId: response.id,
      detail: { wave: wave.slug, submissions: Number(response.submission_count) },
      clientAddress: input.clientAddress ?? null,
    });
  });
}

/** The confirmation page: the reference and how many times the council has submitted; null when not submitted. */
export async function loadConfirmation(db: Db, user: Respondent, waveSlug: string) {
  const wave = await requireVisibleWave(db, waveSlug);
  const response = await findCouncilResponse(db, wave.id, user.councilId);
  if (!response || response.status !== "submitted") return null;
  const submissions = await listSubmissions(db, response.id);
  return { wave: { slug: wave.slug, title: wave.title }, reference: response.reference, submissions: submissions.length, submittedAt: response.submitted_at };
}

/** "Your surveys": each visible wave with the council's status and, while in progress, how many sections are completed. */
export async function listCouncilSurveys(db: Db, user: Respondent) {
  const waves = await listWavesForCouncil(db, user.councilId);
  return Promise.all(
    waves.map(async (wave) => {
      if (wave.responseId === null || wave.responseStatus !== "in_progress") return { ...wave, sectionsCompleted: null, sectionsTotal: null };
      const response = await findCouncilResponse(db, wave.id, user.councilId);
      const instrument = getInstrument(response!.instrument_version);
      const rows = await loadSectionRows(db, wave.responseId);
      const answers = decodeStoredAnswers(instrument, await loadStoredAnswers(db, wave.responseId));
      const completed = instrument.sections.filter(
        (s) =>
          sectionStatus(
            instrument,
            s.id,
            rows.find((r) => r.sectionId === s.id),
            answers,
          ) === "completed",
      ).length;
      return { ...wave, sectionsCompleted: completed, sectionsTotal: instrument.sections.length };
    }),
  );
}

/**
 * A stored submission, read-only. The id is global, so one that belongs to another council is
 * refused exactly like a missing one (404), and the attempt is audited.
 */
export async function loadSubmission(db: Db, request: Request, user: Respondent, submissionId: number) {
  const submission = Number.isSafeInteger(submissionId) && submissionId > 0 ? await findSubmission(db, submissionId) : undefined;
  if (!submission) throw new Response("Not found", { status: 404 });
  if (submission.councilId !== user.councilId) {
    await notFoundForCouncil(request, user, { type: "submission", id: submissionId, councilId: submission.councilId });
  }
  const instrument = getInstrument(submission.instrumentVersion);
  const answers = decodeStoredAnswers(instrument, Object.entries(JSON.parse(submission.answers) as Record<string, string>));
  return {
    wave: { slug: submission.waveSlug, title: submission.waveTitle },
    number: submission.submissionNumber,
    submittedAt: submission.submittedAt,
    submittedBy: submission.submittedByName,
    reference: submission.reference,
    sections: instrument.sections.map((section) => ({
      slug: section.slug,
      title: section.title,
      status: "completed" as const,
      rows: summariseSection(instrument, section, answers),
    })),
  };
}
