import { trackerStatus, type InvitationState, type TrackerStatus } from "../domain/tracker-status";
import type { Db } from "./db-types";

export interface TrackerRow {
  councilId: number;
  gssCode: string;
  name: string;
  type: string;
  region: string;
  nation: string;
  status: TrackerStatus;
  /** Latest of the response's last change, submission or the latest invitation; null when nothing happened. */
  lastActivity: string | null;
  reference: string | null;
  /** The council's team: joined, enabled respondents (staff administer invitations, so they may see these). */
  respondents: { id: number; name: string; email: string; isLead: boolean }[];
  /** The latest invitation to the council: open, waiting for the lead, accepted, expired, revoked; null when none. */
  invitation: InvitationState | null;
  responseId: number | null;
  instrumentVersion: number | null;
  /** When the council was last reminded in this wave (migration 012); null when never. */
  lastReminded: string | null;
}

/** Every active council with its status in the wave, by name. */
export async function listTracker(db: Db, waveId: number, now: string): Promise<TrackerRow[]> {
  const councils = await db
    .selectFrom("councils")
    .select(["id", "gss_code", "name", "type", "region", "nation"])
    .where("active", "=", 1)
    .orderBy("name")
    .execute();
  const responses = await db
    .selectFrom("responses")
    .select(["council_id", "status", "updated_at", "submitted_at", "reference"])
    .where("wave_id", "=", waveId)
    .execute();
  const respondents = await db
    .selectFrom("users")
    .innerJoin("councils", "councils.id", "users.council_id")
    .select(["users.id", "users.name", "users.email", "users.council_id", "councils.lead_user_id"])
    .where("users.role", "=", "respondent")
    .where("users.password_hash", "is not", null)
    .where("users.disabled_at", "is", null)
    .orderBy("users.created_at")
    .orderBy("users.id")
    .execute();
  const invitations = await db
    .selectFrom("invitations")
    .select(["id", "council_id", "created_at", "expires_at", "accepted_at", "revoked_at", "approval"])
    .where("purpose", "=", "invite")
    .where("council_id", "is not", null)
    .orderBy("id")
    .execute();
  const reminded = await db
    .selectFrom("reminders")
    .select(["council_id", (eb) => eb.fn.max("sent_at").as("last")])
    .where("wave_id", "=", waveId)
    .groupBy("council_id")
    .execute();
  const responseIds = await db.selectFrom("responses").select(["id", "council_id", "instrument_version"]).where("wave_id", "=", waveId).execute();
  const responseOf = new Map(responses.map((r) => [r.council_id, r]));
  const idOf = new Map(responseIds.map((r) => [r.council_id, r]));
  const lastRemindedOf = new Map(reminded.map((r) => [r.council_id, r.last as string | null]));
  const teamOf = new Map<number, TrackerRow["respondents"]>();
  for (const u of respondents) {
    if (u.council_id === null) continue;
    const team = teamOf.get(u.council_id) ?? [];
    team.push({ id: u.id, name: u.name, email: u.email, isLead: u.lead_user_id === u.id });
    teamOf.set(u.council_id, team);
  }
  return councils.map((c) => {
    const response = responseOf.get(c.id);
    const invites = invitations.filter((i) => i.council_id === c.id);
    const open = invites.some(
      (i) => i.accepted_at === null && i.revoked_at === null && i.expires_at > now && (i.approval === "none" || i.approval === "approved"),
    );
    const latest = invites.at(-1);
    const invitation: TrackerRow["invitation"] = !latest
      ? null
      : latest.accepted_at
        ? "accepted"
        : latest.revoked_at
          ? "revoked"
          : latest.approval === "refused"
            ? "refused"
            : latest.approval === "waiting"
              ? "waiting"
              : latest.expires_at <= now
                ? "expired"
                : "open";
    const latestInvite =
      invites
        .map((i) => i.created_at)
        .sort()
        .at(-1) ?? null;
    const activity =
      [response?.updated_at, response?.submitted_at, latestInvite]
        .filter((v): v is string => typeof v === "string")
        .sort()
        .at(-1) ?? null;
    return {
      councilId: c.id,
      gssCode: c.gss_code,
      name: c.name,
      type: c.type,
      region: c.region,
      nation: c.nation,
      status: trackerStatus({ responseStatus: response?.status ?? null, hasActiveRespondent: teamOf.has(c.id), hasOpenInvitation: open }),
      lastActivity: activity,
      reference: response?.reference ?? null,
      respondents: teamOf.get(c.id) ?? [],
      invitation,
      responseId: idOf.get(c.id)?.id ?? null,
      instrumentVersion: idOf.get(c.id)?.instrument_version ?? null,
      lastReminded: lastRemindedOf.get(c.id) ?? null,
    };
  });
}

/** Section rows and stored answers of the wave's in-progress responses (for "3 of 6 sections done" only). */
export async function listProgressInputs(db: Db, waveId: number) {
  const sections = await db
    .selectFrom("response_sections")
    .innerJoin("responses", "responses.id", "response_sections.response_id")
    .select([
      "response_sections.response_id as responseId",
      "response_sections.section_id as sectionId",
      "response_sections.state",
      "response_sections.version",
      "response_sections.updated_at as updatedAt",
    ])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "in_progress")
    .execute();
  const answers = await db
    .selectFrom("answers")
    .innerJoin("responses", "responses.id", "answers.response_id")
    .select(["answers.response_id as responseId", "answers.item_id as itemId", "answers.value"])
    .where("responses.wave_id", "=", waveId)
    .where("responses.status", "=", "in_progress")
    .execute();
  return { sections, answers };
}

/** Writes that a council was reminded (in the transaction that queues the emails). */
export async function insertReminder(
  db: Db,
  input: { waveId: number; councilId: number; sentAt: string; sentBy: number | null; automatic: boolean; recipients: number },
) {
  const row = await db
    .insertInto("reminders")
    .values({
      wave_id: input.waveId,
      council_id: input.councilId,
      sent_at: input.sentAt,
      sent_by: input.sentBy,
      automatic: input.automatic ? 1 : 0,
      recipients: input.recipients,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The council's latest reminder in the wave, read inside the sending transaction (the 7-day rule). */
export async function lastReminderOf(db: Db, waveId: number, councilId: number): Promise<string | null> {
  const row = await db
    .selectFrom("reminders")
    .select("sent_at")
    .where("wave_id", "=", waveId)
    .where("council_id", "=", councilId)
    .orderBy("sent_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.sent_at ?? null;
}

/**
 * Claims one automatic reminder run (wave, days before, deadline): true for the one process whose
 * insert lands. Runs in the transaction that sends the reminders, so a crash before the commit leaves
 * the run unclaimed and it happens at the next tick.
 */
export async function claimReminderRun(
  db: Db,
  input: { waveId: number; daysBefore: number; closesOn: string; runAt: string; outcome: string; councils: number },
): Promise<boolean> {
  const row = await db
    .insertInto("reminder_runs")
    .values({
      wave_id: input.waveId,
      days_before: input.daysBefore,
      closes_on: input.closesOn,
      run_at: input.runAt,
      outcome: input.outcome,
      councils: input.councils,
    })
    .onConflict((oc) => oc.columns(["wave_id", "days_before", "closes_on"]).doNothing())
    .returning("wave_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateReminderRun(db: Db, input: { waveId: number; daysBefore: number; closesOn: string; councils: number }) {
  await db
    .updateTable("reminder_runs")
    .set({ councils: input.councils })
    .where("wave_id", "=", input.waveId)
    .where("days_before", "=", input.daysBefore)
    .where("closes_on", "=", input.closesOn)
    .execute();
}

/** Open waves with a deadline (the automatic reminders' candidates). */
export async function listOpenWavesWithDeadline(db: Db) {
  return db.selectFrom("waves").select(["id", "slug", "title", "closes_on"]).where("status", "=", "open").where("closes_on", "is not", null).execute();
}
