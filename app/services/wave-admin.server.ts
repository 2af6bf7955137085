// Wave management for admins: create, open, close, reopen, the move to published (the rest of
// publishing: publishing.server.ts), and change the deadline (historical uploads: import-responses.server.ts). Every change is checked against the wave
// lifecycle, made in one transaction with its audit record, and refused without change otherwise.
import { getInstrument, getInstrumentDefinition, listInstrumentVersions } from "../domain/instruments";
import { checkDeadline, transition, type WaveAction } from "../domain/wave-lifecycle";
import { isValidWaveSlug } from "../domain/wave-slug";
import { recordAudit, type AuditActor } from "../models/audit.server";
import type { Db } from "../models/db-types";
import { inTransaction, nowIso } from "../models/db-types";
import {
  createWave,
  ensureInstrumentVersionStored,
  getWaveBySlug,
  setMissingFieldworkDates,
  updateWaveDeadline,
  updateWaveStatus,
} from "../models/wave.server";

/** Who made the change and from where, for the audit log. */
export interface ChangeContext {
  actor: AuditActor | null;
  clientAddress: string | null;
}

export type WaveChange = { ok: true; slug: string } | { ok: false; field: string; message: string };

/** Creates a draft wave; the slug must be new and the instrument version known. */
export async function createDraftWave(
  db: Db,
  context: ChangeContext,
  input: { title: string; slug: string; instrumentVersion: number; opensOn: string; closesOn: string },
): Promise<WaveChange> {
  if (!isValidWaveSlug(input.slug)) {
    return { ok: false, field: "slug", message: "Slug must be lowercase letters, digits and hyphens, like 2027-spring" };
  }
  if (!listInstrumentVersions().includes(input.instrumentVersion)) return { ok: false, field: "instrumentVersion", message: "Select an instrument version" };
  const deadlineProblem = checkDeadline("draft", input.closesOn, input.opensOn);
  if (deadlineProblem) return { ok: false, field: "closesOn-day", message: deadlineProblem };
  if (await getWaveBySlug(db, input.slug)) return { ok: false, field: "slug", message: `There is already a wave with the slug ${input.slug}` };
  return inTransaction(db, async (trx) => {
    const instrument = getInstrument(input.instrumentVersion);
    await ensureInstrumentVersionStored(trx, { version: instrument.version, title: instrument.title, definition: getInstrumentDefinition(instrument.version) });
    const id = await createWave(trx, {
      slug: input.slug,
      title: input.title,
      instrumentVersion: input.instrumentVersion,
      status: "draft",
      opensOn: input.opensOn,
      closesOn: input.closesOn,
    });
    await recordAudit(trx, {
      ...audit(context),
      action: "wave.created",
      targetType: "wave",
      targetId: id,
      detail: { slug: input.slug, title: input.title, instrumentVersion: input.instrumentVersion, opensOn: input.opensOn, closesOn: input.closesOn },
    });
    return { ok: true, slug: input.slug };
  });
}

const STATUS_WORDS = { draft: "a draft", open: "open", closed: "closed", published: "published" } as const;
const AUDIT_ACTION: Record<WaveAction, string> = { open: "wave.opened", close: "wave.closed", reopen: "wave.reopened", publish: "wave.published" };

/**
 * Opens, closes or reopens the wave; an impossible move (or one overtaken by another admin) changes
 * nothing. Publishing is publishWave's (publishing.server.ts): it moves the wave with markWavePublished
 * and then releases its open data and prepares its benchmark figures.
 */
export async function changeWaveStatus(db: Db, context: ChangeContext, slug: string, action: Exclude<WaveAction, "publish">): Promise<WaveChange> {
  return moveWaveStatus(db, context, slug, action);
}

/**
 * Step 1 of publishing (publishWave): closed → published with its audit record, in one transaction.
 * Only publishWave calls it, and tests that look at a wave between this step and the rest.
 */
export async function markWavePublished(db: Db, context: ChangeContext, slug: string): Promise<WaveChange> {
  return moveWaveStatus(db, context, slug, "publish");
}

async function moveWaveStatus(db: Db, context: ChangeContext, slug: string, action: WaveAction): Promise<WaveChange> {
  return inTransaction(db, async (trx) => {
    const wave = await getWaveBySlug(trx, slug);
    if (!wave) return { ok: false, field: "status-actions", message: `There is no wave ${slug}` };
    const move = transition(wave.status, action);
    if (!move.ok) return { ok: false, field: "status-actions", message: `${move.reason}. This wave is ${STATUS_WORDS[wave.status]}.` };
    const moved = await updateWaveStatus(trx, { id: wave.id, from: wave.status, to: move.to, ...(action === "publish" ? { publishedAt: nowIso() } : {}) });
    if (!moved) return { ok: false, field: "status-actions", message: "The wave was changed by someone else at the same time: check its status and try again" };
    await recordAudit(trx, {
      ...audit(context),
      action: AUDIT_ACTION[action],
      targetType: "wave",
      targetId: wave.id,
      detail: { slug, from: wave.status, to: move.to },
    });
    return { ok: true, slug };
  });
}

/** Sets the deadline of a draft or open wave (not before it opens). */
export async function changeWaveDeadline(db: Db, context: ChangeContext, slug: string, closesOn: string): Promise<WaveChange> {
  return inTransaction(db, async (trx) => {
    const wave = await getWaveBySlug(trx, slug);
    if (!wave) return { ok: false, field: "closesOn-day", message: `There is no wave ${slug}` };
    const problem = checkDeadline(wave.status, closesOn, wave.opens_on);
    if (problem) return { ok: false, field: "closesOn-day", message: problem };
    if (!(await updateWaveDeadline(trx, { id: wave.id, closesOn })))
      return { ok: false, field: "closesOn-day", message: "The wave was changed by someone else at the same time: check its status and try again" };
    await recordAudit(trx, {
      ...audit(context),
      action: "wave.deadline-changed",
      targetType: "wave",
      targetId: wave.id,
      detail: { slug, from: wave.closes_on, to: closesOn },
    });
    return { ok: true, slug };
  });
}

const audit = (context: ChangeContext) => ({ actor: context.actor, clientAddress: context.clientAddress });

/**
 * Records the fieldwork dates of a wave that has none (imported before migration 013), so it takes
 * its place in time (decision 053). Dates a wave already has are not changed here: a draft or open
 * wave's deadline has its own form, and a closed wave's fieldwork is history.
 */
export async function addFieldworkDates(db: Db, context: ChangeContext, slug: string, dates: { opensOn: string; closesOn: string }): Promise<WaveChange> {
  if (dates.closesOn < dates.opensOn)
    return { ok: false, field: "closesOn-day", message: "The date fieldwork ended must be the same as or after the date it started" };
  return inTransaction(db, async (trx) => {
    const wave = await getWaveBySlug(trx, slug);
    if (!wave) return { ok: false, field: "opensOn-day", message: `There is no wave ${slug}` };
    if (wave.opens_on !== null || wave.closes_on !== null) return { ok: false, field: "opensOn-day", message: "This wave already has its fieldwork dates" };
    if (!(await setMissingFieldworkDates(trx, { id: wave.id, ...dates })))
      return { ok: false, field: "opensOn-day", message: "The wave was changed by someone else at the same time: check it and try again" };
    await recordAudit(trx, {
      ...audit(context),
      action: "wave.fieldwork-dates-added",
      targetType: "wave",
      targetId: wave.id,
      detail: { slug, opensOn: dates.opensOn, closesOn: dates.closesOn },
    });
    return { ok: true, slug };
  });
}
