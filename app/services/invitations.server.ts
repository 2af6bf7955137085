import type { Role } from "../../db/schema";
import { associationInvitationApproval, associationMay } from "../domain/team";
import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { inTransaction } from "../models/db-types";
import { getCouncil } from "../models/council.server";
import {
  claimInvitation,
  findInvitationById,
  findUsableInvitation,
  insertInvitation,
  replaceResetLink,
  listInvitations,
  newInvitationToken,
  replaceInvitationToken,
  revokeInvitation,
  revokeOpenInvitationsFor,
} from "../models/invitation.server";
import { deleteSessionsOfUser } from "../models/session.server";
import { claimCouncilLead, countOpenAssociationInvitations, findCouncilLead, listTeamMembers, makeInvitationWait } from "../models/team.server";
import { createUser, findUserByEmail, findUserById, normaliseEmail, setUserPassword } from "../models/user.server";
import { auditActor, startSession, type SignedInUser } from "./auth.server";
import { mailConfigured } from "./email.server";
import { deliverInvitation, type IssuedLink } from "./invitation-links.server";
import { hashPassword } from "./password.server";
import { clientAddress } from "./request.server";
import { recordTeamEvent, tellLeadAboutWaitingInvitation, tellTeam } from "./team.server";

export type { IssuedLink };

/** Which roles this person may invite: staff invite respondents; admins invite anyone. */
export function invitableRoles(user: Pick<SignedInUser, "role">): Role[] {
  return user.role === "admin" ? ["respondent", "staff", "admin"] : ["respondent"];
}

export type InviteOutcome =
  | { ok: true; issued: IssuedLink; waiting: null }
  | { ok: true; issued: null; waiting: { email: string; councilName: string } }
  | { ok: false; field: string; message: string };

/**
 * The association invites someone. A respondent invitation seats the council's first respondent (its
 * lead) when the council has no team; when it has one, the invitation waits for the lead's approval
 * and has no working link until then (decision 026).
 */
export async function inviteUser(
  request: Request,
  actor: SignedInUser,
  input: { email: string; role: Role; councilId: number | null },
): Promise<InviteOutcome> {
  const db = getDb();
  if (!invitableRoles(actor).includes(input.role)) return { ok: false, field: "role", message: "Select a role you are allowed to invite" };
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email))
    return { ok: false, field: "email", message: "This email address already has an account: send a password reset instead" };
  const { token, hash } = newInvitationToken();
  const now = new Date();
  await revokeOpenInvitationsFor(db, email, "invite", { madeByAssociation: true });
  if (input.role !== "respondent" || input.councilId === null) {
    const issued = await inTransaction(db, async (trx) => {
      const id = await insertInvitation(trx, {
        tokenHash: hash,
        purpose: "invite",
        email,
        role: input.role,
        councilId: null,
        userId: null,
        createdBy: actor.id,
        now,
      });
      await recordAudit(trx, {
        actor: auditActor(actor),
        action: "invitation.created",
        targetType: "invitation",
        targetId: id,
        detail: { email, role: input.role, councilId: null },
        clientAddress: clientAddress(request),
      });
      return deliverInvitation(trx, { email, purpose: "invite", token, invitationId: id, role: input.role });
    });
    return { ok: true, issued, waiting: null };
  }
  const councilId = input.councilId;
  const approval = associationInvitationApproval({
    // A lead, or (defence in depth) any joined member even if no lead is recorded.
    hasTeam: (await findCouncilLead(db, councilId)) !== undefined || (await listTeamMembers(db, councilId)).length > 0,
    openAssociationInvitations: await countOpenAssociationInvitations(db, councilId, now),
  });
  // A waiting invitation gets a token nobody holds: its link does not exist until the lead approves.
  const tokenHash = approval === "waiting" ? newInvitationToken().hash : hash;
  const councilName = (await getCouncil(db, councilId))?.name ?? "the council";
  const issued = await inTransaction(db, async (trx) => {
    const id = await insertInvitation(trx, {
      tokenHash,
      purpose: "invite",
      email,
      role: "respondent",
      councilId,
      userId: null,
      createdBy: actor.id,
      now,
      approval,
    });
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: "invitation.created",
      targetType: "invitation",
      targetId: id,
      detail: { email, role: "respondent", councilId, approval },
      clientAddress: clientAddress(request),
    });
    await recordTeamEvent(trx, {
      actor: auditActor(actor),
      action: approval === "waiting" ? "team.invitation-waiting" : "team.invited",
      councilId,
      detail: { email, invitationId: id },
      request,
    });
    if (approval === "waiting") {
      await tellLeadAboutWaitingInvitation(trx, councilId, { email, invitationId: id });
      return null;
    }
    return deliverInvitation(trx, { email, purpose: "invite", token, invitationId: id, role: "respondent", councilName, councilId });
  });
  if (issued === null) return { ok: true, issued: null, waiting: { email, councilName } };
  return { ok: true, issued, waiting: null };
}

/**
 * A password-reset link for an existing account, sent by the association (staff for respondents,
 * admins for anyone: the users page and the tracker). Never for a
 * council respondent who has not joined while their council has a team: that would seat them
 * without the lead's approval.
 */
export async function issuePasswordReset(request: Request, actor: SignedInUser, userId: number): Promise<IssuedLink | null> {
  const db = getDb();
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at || !invitableRoles(actor).includes(user.role)) return null;
  if (user.role === "respondent" && user.password_hash === null && user.council_id !== null && (await findCouncilLead(db, user.council_id))) return null;
  const { token, hash } = newInvitationToken();
  return inTransaction(db, async (trx) => {
    const id = await replaceResetLink(trx, user, { tokenHash: hash, createdBy: actor.id, now: new Date() });
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: "password-reset.created",
      targetType: "user",
      targetId: user.id,
      detail: { invitationId: id },
      clientAddress: clientAddress(request),
    });
    return deliverInvitation(trx, {
      email: user.email,
      purpose: "reset",
      token,
      invitationId: id,
      role: user.role,
      councilId: user.council_id,
      byAssociation: true,
    });
  });
}

/**
 * Staff (or admins) send a respondent a reset link from the tracker. Only by email: staff never see
 * a respondent's reset link, since with it they could sign in as the council and see its answers.
 */
export async function emailResetToRespondent(request: Request, actor: SignedInUser, userId: number): Promise<{ ok: boolean; message: string }> {
  if (!mailConfigured())
    return { ok: false, message: "No mail server is configured (SMTP_URL), so a reset link cannot be emailed. An admin can make one on the users page." };
  const user = await findUserById(getDb(), userId);
  if (!user || user.role !== "respondent") return { ok: false, message: "That person is not a council respondent" };
  const issued = await issuePasswordReset(request, actor, userId);
  return issued
    ? { ok: true, message: `A password reset link will be emailed to ${issued.email}. It works once and expires in 1 hour.` }
    : { ok: false, message: "A reset link cannot be sent to that account" };
}

async function associationMayAct(invitation: { role: Role; approval: "none" | "waiting" | "approved" | "refused"; created_by: number | null }) {
  const creator = invitation.created_by === null ? undefined : await findUserById(getDb(), invitation.created_by);
  return associationMay({ role: invitation.role, approval: invitation.approval, madeByAssociation: creator === undefined || creator.role !== "respondent" });
}

/** Re-sending makes a new token: the old link stops working at once. */
export async function resendInvitation(request: Request, actor: SignedInUser, id: number): Promise<IssuedLink | null> {
  const db = getDb();
  const invitation = await findInvitationById(db, id);
  if (!invitation || !invitableRoles(actor).includes(invitation.role) || !(await associationMayAct(invitation)).resend) return null;
  const { token, hash } = newInvitationToken();
  const councilName = invitation.council_id === null ? null : ((await getCouncil(db, invitation.council_id))?.name ?? null);
  return inTransaction(db, async (trx) => {
    if (!(await replaceInvitationToken(trx, id, hash, new Date(), invitation.purpose))) return null;
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: "invitation.resent",
      targetType: "invitation",
      targetId: id,
      clientAddress: clientAddress(request),
    });
    return deliverInvitation(trx, {
      email: invitation.email,
      purpose: invitation.purpose,
      token,
      invitationId: id,
      role: invitation.role,
      councilName,
      councilId: invitation.council_id,
      byAssociation: true,
    });
  });
}

export async function revokeInvitationAs(request: Request, actor: SignedInUser, id: number): Promise<boolean> {
  const db = getDb();
  const invitation = await findInvitationById(db, id);
  if (!invitation || !invitableRoles(actor).includes(invitation.role) || !(await associationMayAct(invitation)).revoke) return false;
  return inTransaction(db, async (trx) => {
    if (!(await revokeInvitation(trx, id))) return false;
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: id,
      clientAddress: clientAddress(request),
    });
    if (invitation.purpose === "invite" && invitation.role === "respondent" && invitation.council_id !== null) {
      await recordTeamEvent(trx, {
        actor: auditActor(actor),
        action: "team.invitation-revoked",
        councilId: invitation.council_id,
        detail: { email: invitation.email, invitationId: id },
        request,
      });
    }
    return true;
  });
}

export type AcceptOutcome = { ok: true; headers: Headers; role: Role } | { ok: false; waitingFor?: string };

class NowWaiting extends Error {}

/**
 * Uses the link once: the role, council and email come from the invitation row, never the form.
 * An invitation creates the account; a reset sets a new password and ends the user's other sessions.
 *
 * A respondent invitation from the association that the council did not approve may only seat the
 * council's first respondent: the lead is claimed in the same transaction, and if the council has
 * gained a team meanwhile, nothing is created and the invitation waits for the lead's approval.
 */
export async function acceptInvitation(request: Request, token: string, input: { name: string; password: string }): Promise<AcceptOutcome> {
  const db = getDb();
  const now = new Date();
  const invitation = await findUsableInvitation(db, token, now);
  if (!invitation) return { ok: false };
  const passwordHash = await hashPassword(input.password);
  const creator = invitation.created_by === null ? undefined : await findUserById(db, invitation.created_by);
  const needsFirstSeat =
    invitation.purpose === "invite" && invitation.role === "respondent" && invitation.approval === "none" && creator?.role !== "respondent";
  let userId: number | null = null;
  try {
    await inTransaction(db, async (trx) => {
      if (!(await claimInvitation(trx, invitation.id, now))) return;
      const councilId = invitation.role === "respondent" ? invitation.council_id : null;
      if (invitation.purpose === "invite") {
        if (await findUserByEmail(trx, invitation.email)) return;
        const id = await createUser(trx, { email: invitation.email, name: input.name, passwordHash, role: invitation.role, councilId });
        if (councilId !== null) {
          const isLead = await claimCouncilLead(trx, councilId, id);
          if (needsFirstSeat && (!isLead || (await listTeamMembers(trx, councilId)).some((m) => m.id !== id))) throw new NowWaiting();
          const actor = { userId: id, email: invitation.email, role: invitation.role, councilId };
          await recordTeamEvent(trx, {
            actor,
            action: "team.joined",
            councilId,
            detail: { userId: id, name: input.name, email: invitation.email, invitationId: invitation.id },
            request,
          });
          await tellTeam(trx, councilId, { notice: "joined", who: `${input.name} (${invitation.email})`, except: id, key: `joined:${id}` });
          if (isLead)
            await recordTeamEvent(trx, {
              actor,
              action: "team.lead-changed",
              councilId,
              detail: { userId: id, name: input.name, email: invitation.email, reason: "first" },
              request,
            });
        }
        userId = id;
      } else {
        const user = invitation.user_id === null ? undefined : await findUserById(trx, invitation.user_id);
        if (!user || user.disabled_at) return;
        if (user.role === "respondent" && user.council_id !== null) {
          // Someone who never joined may take a reset only as their council's first respondent.
          const isLead = await claimCouncilLead(trx, user.council_id, user.id);
          if (user.password_hash === null && !isLead) return;
          if (isLead)
            await recordTeamEvent(trx, {
              actor: auditActor({ id: user.id, email: user.email, role: user.role, councilId: user.council_id }),
              action: "team.lead-changed",
              councilId: user.council_id,
              detail: { userId: user.id, name: user.name, email: user.email, reason: "first" },
              request,
            });
        }
        await setUserPassword(trx, user.id, passwordHash);
        await deleteSessionsOfUser(trx, user.id);
        userId = user.id;
      }
    });
  } catch (error) {
    if (!(error instanceof NowWaiting) || invitation.council_id === null) throw error;
    // Rolled back: no account. The invitation now waits for the lead, with a link nobody holds.
    const councilId = invitation.council_id;
    await inTransaction(db, async (trx) => {
      if (!(await makeInvitationWait(trx, invitation.id, newInvitationToken().hash))) return;
      await recordTeamEvent(trx, {
        actor: creator ? auditActor({ id: creator.id, email: creator.email, role: creator.role, councilId: creator.council_id }) : null,
        action: "team.invitation-waiting",
        councilId,
        detail: { email: invitation.email, invitationId: invitation.id },
        request,
      });
      await tellLeadAboutWaitingInvitation(trx, councilId, { email: invitation.email, invitationId: invitation.id });
    });
    return { ok: false, waitingFor: invitation.councilName ?? "your council" };
  }
  if (userId === null) return { ok: false };
  const headers = await startSession(request, userId, { mfaVerified: false });
  await recordAudit(db, {
    actor: { userId, email: invitation.email, role: invitation.role, councilId: invitation.council_id },
    action: invitation.purpose === "invite" ? "invitation.accepted" : "password-reset.accepted",
    targetType: "invitation",
    targetId: invitation.id,
    clientAddress: clientAddress(request),
  });
  return { ok: true, headers, role: invitation.role };
}

/** The open and past invitations the user may manage (those for roles they can invite). */
export async function listManageableInvitations(user: Pick<SignedInUser, "role">) {
  return listInvitations(getDb(), { roles: invitableRoles(user) });
}

/** The invitation or reset behind a link, while it can still be used; null otherwise. */
export async function findUsableLink(token: string, now: Date = new Date()) {
  return findUsableInvitation(getDb(), token, now);
}
