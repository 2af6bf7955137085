import { describeTeamEvent, successorOf, type TeamAction } from "../domain/team";
import { teamNoticeEmail } from "../domain/emails";
import { getDb } from "../db.server";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { getCouncil } from "../models/council.server";
import { inTransaction, type Db } from "../models/db-types";
import { expiry, insertInvitation, newInvitationToken, revokeInvitation } from "../models/invitation.server";
import { deleteSessionsOfUser } from "../models/session.server";
import {
  approveWaitingInvitation,
  claimCouncilLead,
  countWaitingInvitations,
  disableCouncilMember,
  findCouncilInvitation,
  findCouncilLead,
  findCouncilMember,
  listOpenCouncilInvitations,
  listTeamHistory,
  listTeamMembers,
  refuseWaitingInvitation,
  replaceCouncilLead,
  revokeOpenInvitationsMadeBy,
} from "../models/team.server";
import { findUserByEmail, findUserById, normaliseEmail, setUserDisabled } from "../models/user.server";
import { auditActor, type SignedInUser } from "./auth.server";
import { associationName, publicLink, queueEmail } from "./email.server";
import { deliverInvitation, type IssuedLink } from "./invitation-links.server";
import { clientAddress } from "./request.server";

// The council team (docs/decisions/026-council-teams.md). Every change is one audit row with
// target_type "council" and target_id the council's id: the audit log is the team history.

type Member = SignedInUser & { councilId: number; councilName: string };

/** Writes one team-history row (inside the caller's transaction when given one). */
export async function recordTeamEvent(
  db: Db,
  input: { actor: AuditActor | null; action: TeamAction; councilId: number; detail: Record<string, unknown>; request?: Request },
) {
  await recordAudit(db, {
    actor: input.actor,
    action: input.action,
    targetType: "council",
    targetId: input.councilId,
    detail: input.detail,
    clientAddress: input.request ? clientAddress(input.request) : null,
  });
}

/**
 * The "lead must be told" event: someone from the association asked to add a person to the council's
 * team. The lead sees it on their next sign-in and on the team page (both read the waiting
 * invitations), and is emailed through the outbox in the caller's transaction.
 */
export async function tellLeadAboutWaitingInvitation(trx: Db, councilId: number, invitation: { email: string; invitationId: number }) {
  const lead = await findCouncilLead(trx, councilId);
  if (!lead) return;
  await queueEmail(trx, {
    kind: "team-notice",
    to: lead.email,
    content: teamNoticeEmail({
      association: associationName(),
      councilName: lead.councilName,
      notice: "waiting",
      who: invitation.email,
      link: publicLink("/team"),
    }),
    councilId,
    dedupeKey: `waiting:${invitation.invitationId}:${lead.id}`,
  });
}

/** Tells every enabled member of the team (but `except`) that someone joined or left, in the caller's transaction. */
export async function tellTeam(trx: Db, councilId: number, input: { notice: "joined" | "left"; who: string; except: number; key: string }) {
  const council = await getCouncil(trx, councilId);
  if (!council) return;
  for (const member of await listTeamMembers(trx, councilId)) {
    if (member.id === input.except) continue;
    await queueEmail(trx, {
      kind: "team-notice",
      to: member.email,
      content: teamNoticeEmail({ association: associationName(), councilName: council.name, notice: input.notice, who: input.who, link: publicLink("/team") }),
      councilId,
      dedupeKey: `team:${input.key}:${member.id}`,
    });
  }
}

async function requireLead(db: Db, user: Member): Promise<boolean> {
  const lead = await findCouncilLead(db, user.councilId);
  return lead?.id === user.id;
}

export type TeamOutcome = { ok: true; message: string; issued?: IssuedLink } | { ok: false; status: number; message: string; field?: string };

const notAllowed = (message = "Only your council's lead can do that"): TeamOutcome => ({ ok: false, status: 403, message });
const gone: TeamOutcome = { ok: false, status: 404, message: "That has already been dealt with or no longer exists" };

/** A member of the team invites a colleague: the link is theirs to pass on (or is emailed). */
export async function inviteColleague(request: Request, user: Member, emailInput: string): Promise<TeamOutcome> {
  const db = getDb();
  const email = normaliseEmail(emailInput);
  const now = new Date();
  if (await findUserByEmail(db, email)) return { ok: false, status: 400, field: "email", message: "This email address already has an account on LocalTrust" };
  const open = await listOpenCouncilInvitations(db, user.councilId, now);
  if (open.some((i) => i.email === email))
    return { ok: false, status: 400, field: "email", message: "This person has already been invited to your council's team" };
  const { token, hash } = newInvitationToken();
  const issued = await inTransaction(db, async (trx) => {
    const id = await insertInvitation(trx, {
      tokenHash: hash,
      purpose: "invite",
      email,
      role: "respondent",
      councilId: user.councilId,
      userId: null,
      createdBy: user.id,
      now,
    });
    await recordTeamEvent(trx, { actor: auditActor(user), action: "team.invited", councilId: user.councilId, detail: { email, invitationId: id }, request });
    return deliverInvitation(trx, {
      email,
      purpose: "invite",
      token,
      invitationId: id,
      role: "respondent",
      councilName: user.councilName,
      councilId: user.councilId,
    });
  });
  return { ok: true, message: `${email} is invited to your council's team.`, issued };
}

/** The lead approves a colleague the association asked to add: only now is a working link made. */
export async function approveInvitation(request: Request, user: Member, invitationId: number): Promise<TeamOutcome> {
  const db = getDb();
  if (!(await requireLead(db, user))) return notAllowed();
  const invitation = await findCouncilInvitation(db, user.councilId, invitationId);
  if (!invitation) return gone;
  const { token, hash } = newInvitationToken();
  const now = new Date();
  const issued = await inTransaction(db, async (trx) => {
    if (!(await approveWaitingInvitation(trx, invitation.id, { by: user.id, tokenHash: hash, now, expiresAt: expiry(now) }))) return null;
    await recordTeamEvent(trx, {
      actor: auditActor(user),
      action: "team.invitation-approved",
      councilId: user.councilId,
      detail: { email: invitation.email, invitationId: invitation.id },
      request,
    });
    return deliverInvitation(trx, {
      email: invitation.email,
      purpose: "invite",
      token,
      invitationId: invitation.id,
      role: "respondent",
      councilName: user.councilName,
      councilId: user.councilId,
    });
  });
  if (!issued) return gone;
  return { ok: true, message: `You approved ${invitation.email}.`, issued };
}

export async function refuseInvitation(request: Request, user: Member, invitationId: number): Promise<TeamOutcome> {
  const db = getDb();
  if (!(await requireLead(db, user))) return notAllowed();
  const invitation = await findCouncilInvitation(db, user.councilId, invitationId);
  if (!invitation) return gone;
  const done = await inTransaction(db, async (trx) => {
    if (!(await refuseWaitingInvitation(trx, invitation.id, { by: user.id, now: new Date() }))) return false;
    await recordTeamEvent(trx, {
      actor: auditActor(user),
      action: "team.invitation-refused",
      councilId: user.councilId,
      detail: { email: invitation.email, invitationId: invitation.id },
      request,
    });
    return true;
  });
  return done ? { ok: true, message: `You refused the invitation for ${invitation.email}. It cannot be used.` } : gone;
}

/** Any member revokes an open invitation to the team; one waiting for approval is the lead's to refuse. */
export async function revokeTeamInvitation(request: Request, user: Member, invitationId: number): Promise<TeamOutcome> {
  const db = getDb();
  const invitation = await findCouncilInvitation(db, user.councilId, invitationId);
  if (!invitation || invitation.approval === "refused") return gone;
  if (invitation.approval === "waiting") return notAllowed("An invitation waiting for approval is approved or refused by your council's lead");
  const done = await inTransaction(db, async (trx) => {
    if (!(await revokeInvitation(trx, invitation.id))) return false;
    await recordTeamEvent(trx, {
      actor: auditActor(user),
      action: "team.invitation-revoked",
      councilId: user.councilId,
      detail: { email: invitation.email, invitationId: invitation.id },
      request,
    });
    return true;
  });
  return done ? { ok: true, message: `The invitation for ${invitation.email} was revoked: its link no longer works.` } : gone;
}

/**
 * The lead removes a colleague: the account is disabled, every session of theirs ends and the
 * invitations they made are revoked, in one transaction with the audit row.
 */
export async function removeColleague(request: Request, user: Member, colleagueId: number): Promise<TeamOutcome> {
  const db = getDb();
  if (!(await requireLead(db, user))) return notAllowed();
  if (colleagueId === user.id) return { ok: false, status: 400, message: "Make someone else the lead before you leave the team" };
  const colleague = await findCouncilMember(db, user.councilId, colleagueId);
  if (!colleague) return gone;
  const done = await inTransaction(db, async (trx) => {
    if (!(await disableCouncilMember(trx, user.councilId, colleague.id))) return false;
    await deleteSessionsOfUser(trx, colleague.id);
    const revoked = await revokeOpenInvitationsMadeBy(trx, colleague.id);
    await recordTeamEvent(trx, {
      actor: auditActor(user),
      action: "team.removed",
      councilId: user.councilId,
      detail: { userId: colleague.id, name: colleague.name, email: colleague.email, invitationsRevoked: revoked },
      request,
    });
    await tellTeam(trx, user.councilId, {
      notice: "left",
      who: `${colleague.name} (${colleague.email})`,
      except: colleague.id,
      key: `left:${colleague.id}:${Date.now()}`,
    });
    return true;
  });
  return done ? { ok: true, message: `${colleague.name} was removed from your council's team and signed out everywhere.` } : gone;
}

/** The lead hands the lead to another member of the team. */
export async function handOverLead(request: Request, user: Member, colleagueId: number): Promise<TeamOutcome> {
  const db = getDb();
  const colleague = await findCouncilMember(db, user.councilId, colleagueId);
  if (!colleague || colleague.id === user.id) return gone;
  const done = await inTransaction(db, async (trx) => {
    if (!(await replaceCouncilLead(trx, user.councilId, user.id, colleague.id))) return false;
    await recordTeamEvent(trx, {
      actor: auditActor(user),
      action: "team.lead-changed",
      councilId: user.councilId,
      detail: { userId: colleague.id, name: colleague.name, email: colleague.email, reason: "handed-over" },
      request,
    });
    return true;
  });
  return done ? { ok: true, message: `${colleague.name} is now your council's lead.` } : notAllowed();
}

/**
 * A respondent leaves the team by any route other than the lead's removal (an admin disables the
 * account): their sessions end, their invitations are revoked and, if they led, the longest-serving
 * remaining member becomes the lead (or nobody, when none is left). Runs in the caller's transaction.
 */
export async function respondentLeft(trx: Db, input: { actor: AuditActor | null; councilId: number; userId: number; request: Request }) {
  const leaving = await findUserById(trx, input.userId);
  await deleteSessionsOfUser(trx, input.userId);
  const revoked = await revokeOpenInvitationsMadeBy(trx, input.userId);
  await recordTeamEvent(trx, {
    actor: input.actor,
    action: "team.removed",
    councilId: input.councilId,
    detail: { userId: input.userId, name: leaving?.name, email: leaving?.email, reason: "disabled", invitationsRevoked: revoked },
    request: input.request,
  });
  await tellTeam(trx, input.councilId, {
    notice: "left",
    who: leaving ? `${leaving.name} (${leaving.email})` : "A colleague",
    except: input.userId,
    key: `left:${input.userId}:${Date.now()}`,
  });
  const lead = await findCouncilLead(trx, input.councilId);
  if (lead?.id !== input.userId) return;
  const next = successorOf(await listTeamMembers(trx, input.councilId), input.userId);
  if (!(await replaceCouncilLead(trx, input.councilId, input.userId, next?.id ?? null))) return;
  if (next)
    await recordTeamEvent(trx, {
      actor: null,
      action: "team.lead-changed",
      councilId: input.councilId,
      detail: { userId: next.id, name: next.name, email: next.email, reason: "succession" },
      request: input.request,
    });
}

/** An admin disables an account: signed out everywhere at once; a respondent also leaves their team. */
export async function disableAccount(request: Request, admin: SignedInUser, userId: number) {
  const db = getDb();
  const target = await findUserById(db, userId);
  if (!target) return false;
  await inTransaction(db, async (trx) => {
    await setUserDisabled(trx, target.id, true);
    await deleteSessionsOfUser(trx, target.id);
    await recordAudit(trx, {
      actor: auditActor(admin),
      action: "user.disabled",
      targetType: "user",
      targetId: target.id,
      clientAddress: clientAddress(request),
    });
    if (target.role === "respondent" && target.council_id !== null && !target.disabled_at) {
      await respondentLeft(trx, { actor: auditActor(admin), councilId: target.council_id, userId: target.id, request });
    }
  });
  return true;
}

/**
 * An admin enables an account again. A respondent only when their council has no team: re-admitting
 * someone to a team is the team's decision (their lead invites them again); otherwise they return as
 * the council's lead, as the association's first respondent would.
 */
export async function enableAccount(request: Request, admin: SignedInUser, userId: number): Promise<{ ok: true } | { ok: false; message: string }> {
  const db = getDb();
  const target = await findUserById(db, userId);
  if (!target) return { ok: false, message: "There is no such user" };
  if (target.role === "respondent" && target.council_id !== null && (await findCouncilLead(db, target.council_id))) {
    return { ok: false, message: "This council has a team: its lead invites colleagues back from the council's team page" };
  }
  const councilId = target.role === "respondent" ? target.council_id : null;
  const ok = await inTransaction(db, async (trx) => {
    await setUserDisabled(trx, target.id, false);
    if (councilId !== null && target.password_hash !== null) {
      if (!(await claimCouncilLead(trx, councilId, target.id))) throw new Error("lead-taken");
      await recordTeamEvent(trx, {
        actor: auditActor(admin),
        action: "team.lead-changed",
        councilId,
        detail: { userId: target.id, name: target.name, email: target.email, reason: "first" },
        request,
      });
    }
    await recordAudit(trx, {
      actor: auditActor(admin),
      action: "user.enabled",
      targetType: "user",
      targetId: target.id,
      clientAddress: clientAddress(request),
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof Error && error.message === "lead-taken") return false;
    throw error;
  });
  return ok ? { ok: true } : { ok: false, message: "This council has a team: its lead invites colleagues back from the council's team page" };
}

/** Everything the team page shows; the council comes from the signed-in member's session. */
export async function teamPage(user: Member) {
  const db = getDb();
  const now = new Date();
  const [members, invitations, history] = await Promise.all([
    listTeamMembers(db, user.councilId),
    listOpenCouncilInvitations(db, user.councilId, now),
    listTeamHistory(db, user.councilId),
  ]);
  const isLead = members.some((m) => m.isLead && m.id === user.id);
  const invitedBy = (i: { createdByRole: string | null; createdByName: string | null }) =>
    i.createdByRole === "respondent" ? (i.createdByName ?? "a colleague") : "the association";
  return {
    councilName: user.councilName,
    isLead,
    lead: members.find((m) => m.isLead) ?? null,
    members: members.map((m) => ({ id: m.id, name: m.name, email: m.email, joinedAt: m.joinedAt, isLead: m.isLead, isYou: m.id === user.id })),
    waiting: invitations.filter((i) => i.approval === "waiting").map((i) => ({ id: i.id, email: i.email, createdAt: i.createdAt, invitedBy: invitedBy(i) })),
    pending: invitations
      .filter((i) => i.approval !== "waiting")
      .map((i) => ({ id: i.id, email: i.email, createdAt: i.createdAt, expiresAt: i.expiresAt, invitedBy: invitedBy(i), approved: i.approval === "approved" })),
    history: history.map((row) => ({
      id: row.id,
      at: row.at,
      text: describeTeamEvent({ action: row.action, actorRole: row.actorRole, actorName: row.actorName, detail: parseDetail(row.detail) }),
    })),
  };
}

function parseDetail(detail: string | null): { email?: string; name?: string; reason?: string } | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === "object" ? (value as { email?: string; name?: string; reason?: string }) : null;
  } catch {
    return null;
  }
}

/** How many people wait for this lead's approval (0 for anyone who is not the lead): the sign-in notice. */
export async function waitingForMyApproval(user: Member): Promise<number> {
  const db = getDb();
  if (!(await requireLead(db, user))) return 0;
  return countWaitingInvitations(db, user.councilId, new Date());
}
