import type { AnswerValue } from "../domain/answers";
import { decodeStoredAnswers } from "../domain/answers";
import { reminderEmail } from "../domain/emails";
import { getInstrument } from "../domain/instruments";
import { REMIND_AGAIN_DAYS, TRACKER_SORTS, TRACKER_STATUSES, type TrackerSort, type TrackerStatus } from "../domain/tracker-status";
import { recordAudit } from "../models/audit.server";
import { inTransaction, type Db } from "../models/db-types";
import {
  claimReminderRun,
  insertReminder,
  lastReminderOf,
  listOpenWavesWithDeadline,
  listProgressInputs,
  listTracker,
  updateReminderRun,
  type TrackerRow,
} from "../models/tracker.server";
import type { SectionRow } from "../models/response.server";
import { auditActor, type SignedInUser } from "./auth.server";
import { associationName, publicLink, queueEmail } from "./email.server";
import { clientAddress } from "./request.server";
import { sectionStatus } from "./survey.server";
import { requireWave } from "./waves.server";

// Reminders (decision 048) and the tracker staff chase from. The tracker shows statuses, names and
// addresses of each council's team, never an answer or a figure.

export type ChaseRow = TrackerRow & { sectionsDone: number; sectionsTotal: number };

export interface TrackerFilters {
  status: TrackerStatus | "unsubmitted" | null;
  type: string | null;
  region: string | null;
  sort: TrackerSort;
}

export function parseTrackerFilters(params: URLSearchParams): TrackerFilters {
  const status = params.get("status");
  const sort = params.get("sort");
  return {
    status: status === "unsubmitted" || (TRACKER_STATUSES as readonly string[]).includes(status ?? "") ? (status as TrackerFilters["status"]) : null,
    type: params.get("type")?.slice(0, 20) || null,
    region: params.get("region")?.slice(0, 100) || null,
    sort: (TRACKER_SORTS as readonly string[]).includes(sort ?? "") ? (sort as TrackerSort) : "name",
  };
}

/** Every active council with its team, invitation state, sections done and last reminder. */
export async function loadChaseRows(db: Db, wave: { id: number; instrument_version: number }, now: Date = new Date()): Promise<ChaseRow[]> {
  const rows = await listTracker(db, wave.id, now.toISOString());
  const { sections, answers } = await listProgressInputs(db, wave.id);
  const waveTotal = getInstrument(wave.instrument_version).sections.length;
  const group = <T extends { responseId: number }>(items: T[]) => {
    const byResponse = new Map<number, T[]>();
    for (const item of items) {
      const list = byResponse.get(item.responseId);
      if (list) list.push(item);
      else byResponse.set(item.responseId, [item]);
    }
    return byResponse;
  };
  const answersOf = group(answers);
  const sectionsOf = group(sections);
  return rows.map((row) => {
    const instrument = getInstrument(row.instrumentVersion ?? wave.instrument_version);
    const total = instrument.sections.length;
    if (row.status === "submitted") return { ...row, sectionsDone: total, sectionsTotal: total };
    if (row.status !== "in-progress" || row.responseId === null)
      return { ...row, sectionsDone: 0, sectionsTotal: row.instrumentVersion === null ? waveTotal : total };
    const own = (answersOf.get(row.responseId) ?? []).map((a) => [a.itemId, a.value] as const);
    const decoded: Map<string, AnswerValue> = decodeStoredAnswers(instrument, own);
    const sectionRows: SectionRow[] = (sectionsOf.get(row.responseId) ?? []).map((s) => ({
      sectionId: s.sectionId,
      state: s.state,
      version: Number(s.version),
      updatedAt: s.updatedAt,
      updatedByName: null,
    }));
    const done = instrument.sections.filter(
      (s) =>
        sectionStatus(
          instrument,
          s.id,
          sectionRows.find((r) => r.sectionId === s.id),
          decoded,
        ) === "completed",
    ).length;
    return { ...row, sectionsDone: done, sectionsTotal: total };
  });
}

export function filterAndSort(rows: ChaseRow[], filters: TrackerFilters): ChaseRow[] {
  const kept = rows.filter(
    (r) =>
      (filters.status === null || (filters.status === "unsubmitted" ? r.status !== "submitted" : r.status === filters.status)) &&
      (filters.type === null || r.type === filters.type) &&
      (filters.region === null || r.region === filters.region),
  );
  const order = (r: ChaseRow): string | number => {
    switch (filters.sort) {
      case "status":
        return TRACKER_STATUSES.indexOf(r.status);
      case "last-activity":
        return r.lastActivity ?? "";
      case "last-reminded":
        return r.lastReminded ?? "";
      case "sections":
        return r.sectionsDone;
      default:
        return r.name;
    }
  };
  return [...kept].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    if (x === y) return a.name.localeCompare(b.name);
    return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
  });
}

export function formatDeadline(closesOn: string | null): string | null {
  if (!closesOn) return null;
  return new Date(`${closesOn}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** The staff tracker: the wave, every council (filtered, sorted) and the filter options. */
export async function loadChaseTracker(db: Db, slug: string | undefined, filters: TrackerFilters, now: Date = new Date()) {
  const wave = await requireWave(db, slug);
  const all = await loadChaseRows(db, wave, now);
  return {
    wave,
    all,
    rows: filterAndSort(all, filters),
    types: [...new Set(all.map((r) => r.type))].sort(),
    regions: [...new Set(all.map((r) => r.region))].sort(),
  };
}

function reminderFor(wave: { slug: string; title: string; closes_on: string | null }, row: ChaseRow) {
  return reminderEmail({
    association: associationName(),
    councilName: row.name,
    waveTitle: wave.title,
    deadline: formatDeadline(wave.closes_on),
    sectionsDone: row.sectionsDone,
    sectionsTotal: row.sectionsTotal,
    started: row.status === "in-progress",
    link: publicLink(`/surveys/${encodeURIComponent(wave.slug)}`),
  });
}

export type ReminderPlan = { row: ChaseRow; remindable: boolean; reason: string | null };

/** Which of the chosen councils would be reminded, and why not the others. */
export function planReminders(rows: ChaseRow[], councilIds: number[], input: { force: boolean; now: Date; waveOpen?: boolean }): ReminderPlan[] {
  const chosen = new Set(councilIds);
  const cutoff = new Date(input.now.getTime() - REMIND_AGAIN_DAYS * 86_400_000).toISOString();
  return rows
    .filter((r) => chosen.has(r.councilId))
    .map((row) => {
      if (input.waveOpen === false) return { row, remindable: false, reason: "cannot be reminded: the wave is not open" };
      if (row.status === "submitted") return { row, remindable: false, reason: "has submitted" };
      if (row.respondents.length === 0) return { row, remindable: false, reason: "has nobody on its team to email yet" };
      if (!input.force && row.lastReminded && row.lastReminded > cutoff)
        return { row, remindable: false, reason: `was reminded in the last ${REMIND_AGAIN_DAYS} days` };
      return { row, remindable: true, reason: null };
    });
}

/** The preview: the plan and the email the first remindable council's team would get. */
export async function previewReminders(db: Db, slug: string | undefined, councilIds: number[], force: boolean, now: Date = new Date()) {
  const wave = await requireWave(db, slug);
  const rows = await loadChaseRows(db, wave, now);
  const plan = planReminders(rows, councilIds, { force, now, waveOpen: wave.status === "open" });
  const first = plan.find((p) => p.remindable);
  return { wave, plan, example: first ? { council: first.row.name, ...reminderFor(wave, first.row) } : null };
}

/**
 * Sends reminders: for each remindable council, in one transaction, the 7-day rule is checked again,
 * the reminder is recorded and audited and each member of its team gets one email (outbox).
 */
export async function sendReminders(
  db: Db,
  request: Request | null,
  actor: SignedInUser | null,
  input: { slug: string | undefined; councilIds: number[]; force: boolean; now?: Date; automatic?: { daysBefore: number } },
) {
  const now = input.now ?? new Date();
  const wave = await requireWave(db, input.slug);
  const rows = await loadChaseRows(db, wave, now);
  const plan = planReminders(rows, input.councilIds, { force: input.force, now, waveOpen: wave.status === "open" });
  const sent: string[] = [];
  const skipped: { name: string; reason: string }[] = plan.filter((p) => !p.remindable).map((p) => ({ name: p.row.name, reason: p.reason ?? "" }));
  for (const { row } of plan.filter((p) => p.remindable)) {
    const done = await inTransaction(db, (trx) =>
      remindCouncil(trx, request, actor, { wave, row, now, force: input.force, automatic: input.automatic ?? null }),
    );
    if (done) sent.push(row.name);
    else skipped.push({ name: row.name, reason: `was reminded in the last ${REMIND_AGAIN_DAYS} days` });
  }
  return { wave, sent, skipped };
}

async function remindCouncil(
  trx: Db,
  request: Request | null,
  actor: SignedInUser | null,
  input: {
    wave: { id: number; slug: string; title: string; closes_on: string | null };
    row: ChaseRow;
    now: Date;
    force: boolean;
    automatic: { daysBefore: number } | null;
  },
): Promise<boolean> {
  const { wave, row, now } = input;
  const last = await lastReminderOf(trx, wave.id, row.councilId);
  if (!input.force && last && last > new Date(now.getTime() - REMIND_AGAIN_DAYS * 86_400_000).toISOString()) return false;
  const reminderId = await insertReminder(trx, {
    waveId: wave.id,
    councilId: row.councilId,
    sentAt: now.toISOString(),
    sentBy: actor?.id ?? null,
    automatic: input.automatic !== null,
    recipients: row.respondents.length,
  });
  const content = reminderFor(wave, row);
  for (const member of row.respondents) {
    await queueEmail(trx, { kind: "reminder", to: member.email, content, councilId: row.councilId, dedupeKey: `reminder:${reminderId}:${member.id}`, now });
  }
  await recordAudit(trx, {
    actor: actor ? auditActor(actor) : null,
    action: "reminder.sent",
    targetType: "council",
    targetId: row.councilId,
    detail: {
      wave: wave.slug,
      recipients: row.respondents.map((m) => m.email),
      sectionsDone: row.sectionsDone,
      sectionsTotal: row.sectionsTotal,
      automatic: input.automatic?.daysBefore ?? false,
      remindedAgain: input.force && last !== null,
    },
    clientAddress: request ? clientAddress(request) : null,
  });
  return true;
}

/** The deadline is the end of the wave's closing day (UTC). */
export function deadlineOf(closesOn: string): Date {
  return new Date(`${closesOn}T23:59:59.999Z`);
}

/** Which automatic reminders are due now: the nearest one is sent, any earlier one not yet run is passed over. */
export function dueReminderDays(closesOn: string, daysBefore: readonly number[], now: Date): { send: number | null; passOver: number[] } {
  const deadline = deadlineOf(closesOn).getTime();
  if (now.getTime() >= deadline) return { send: null, passOver: [] };
  const due = daysBefore.filter((d) => now.getTime() >= deadline - d * 86_400_000).sort((a, b) => a - b);
  return { send: due[0] ?? null, passOver: due.slice(1) };
}

/**
 * The automatic reminders of every open wave with a deadline. Each (wave, days before, deadline) runs
 * once across processes: the run's row is inserted in the transaction that sends its reminders, and a
 * process whose insert finds the row already there does nothing. A changed deadline makes new runs.
 */
export async function runAutomaticReminders(db: Db, daysBefore: readonly number[], now: Date = new Date()): Promise<number> {
  if (daysBefore.length === 0) return 0;
  let reminded = 0;
  for (const wave of await listOpenWavesWithDeadline(db)) {
    if (!wave.closes_on) continue;
    const closesOn = wave.closes_on;
    const { send, passOver } = dueReminderDays(closesOn, daysBefore, now);
    for (const d of passOver)
      await claimReminderRun(db, {
        waveId: wave.id,
        daysBefore: d,
        closesOn,
        runAt: now.toISOString(),
        outcome: "passed over: a nearer reminder was due",
        councils: 0,
      });
    if (send === null) continue;
    const full = await requireWave(db, wave.slug);
    const rows = await loadChaseRows(db, full, now);
    const plan = planReminders(
      rows,
      rows.map((r) => r.councilId),
      { force: false, now },
    ).filter((p) => p.remindable);
    reminded += await inTransaction(db, async (trx) => {
      if (!(await claimReminderRun(trx, { waveId: wave.id, daysBefore: send, closesOn, runAt: now.toISOString(), outcome: "sent", councils: 0 }))) return 0;
      let n = 0;
      for (const { row } of plan) if (await remindCouncil(trx, null, null, { wave: full, row, now, force: false, automatic: { daysBefore: send } })) n++;
      await updateReminderRun(trx, { waveId: wave.id, daysBefore: send, closesOn, councils: n });
      await recordAudit(trx, {
        actor: null,
        action: "reminder.automatic-run",
        targetType: "wave",
        targetId: wave.slug,
        detail: { daysBefore: send, closesOn, councils: n },
      });
      return n;
    });
  }
  return reminded;
}

/** The chase list (CSV): the tracker's columns for the councils shown (by default those that have not submitted), audited as an export. */
export async function loadChaseListExport(db: Db, user: SignedInUser, slug: string | undefined, clientAddress: string | null, filters: TrackerFilters) {
  const wave = await requireWave(db, slug);
  const all = await loadChaseRows(db, wave);
  const rows = filterAndSort(all, { ...filters, status: filters.status ?? "unsubmitted" });
  await recordAudit(db, {
    actor: auditActor(user),
    action: "export.chase-list",
    targetType: "wave",
    targetId: wave.slug,
    detail: { rows: rows.length },
    clientAddress,
  });
  return { wave, rows };
}
