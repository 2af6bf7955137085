import type { Role } from "../../db/schema";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { inTransaction } from "../models/db-types";
import {
  claimInvitation,
  findInvitationById,
  findUsableInvitation,
  insertInvitation,
  INVITATION_DAYS,
  listInvitations,
  newInvitationToken,
  replaceInvitationToken,
  revokeInvitation,
  revokeOpenInvitationsFor,
  type InvitationPurpose,
} from "../models/invitation.server";
import { deleteSessionsOfUser } from "../models/session.server";
import { createUser, findUserByEmail, findUserById, normaliseEmail, setUserPassword } from "../models/user.server";
import { auditActor, startSession, type SignedInUser } from "./auth.server";
import { sendEmail } from "./email.server";
import { hashPassword } from "./password.server";
import { clientAddress } from "./request.server";

/** Which roles this person may invite: staff invite respondents; admins invite anyone. */
export function invitableRoles(user: Pick<SignedInUser, "role">): Role[] {
  return user.role === "admin" ? ["respondent", "staff", "admin"] : ["respondent"];
}

export interface IssuedLink {
  link: string;
  emailed: boolean;
  email: string;
}

function linkFor(request: Request, token: string): string {
  const base = getConfig().PUBLIC_URL ?? new URL(request.url).origin;
  return new URL(`/invite/${token}`, base).toString();
}

async function deliver(request: Request, email: string, purpose: InvitationPurpose, token: string): Promise<IssuedLink> {
  const link = linkFor(request, token);
  const subject = purpose === "invite" ? "You are invited to LocalTrust" : "Reset your LocalTrust password";
  const text =
    purpose === "invite"
      ? `You have been invited to LocalTrust, the association's survey of council IT.\n\nSet your password here (the link works once and expires in ${INVITATION_DAYS} days):\n${link}\n`
      : `A password reset was requested for your LocalTrust account.\n\nChoose a new password here (the link works once and expires in ${INVITATION_DAYS} days):\n${link}\n`;
  const emailed = await sendEmail({ to: email, subject, text });
  return { link, emailed, email };
}

export type InviteOutcome = { ok: true; issued: IssuedLink } | { ok: false; field: string; message: string };

export async function inviteUser(
  request: Request,
  actor: SignedInUser,
  input: { email: string; role: Role; councilId: number | null },
): Promise<InviteOutcome> {
  const db = getDb();
  if (!invitableRoles(actor).includes(input.role)) return { ok: false, field: "role", message: "Select a role you are allowed to invite" };
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email)) return { ok: false, field: "email", message: "This email address already has an account: send a password reset instead" };
  const { token, hash } = newInvitationToken();
  const now = new Date();
  await revokeOpenInvitationsFor(db, email, "invite");
  const id = await insertInvitation(db, { tokenHash: hash, purpose: "invite", email, role: input.role, councilId: input.role === "respondent" ? input.councilId : null, userId: null, createdBy: actor.id, now });
  await recordAudit(db, { actor: auditActor(actor), action: "invitation.created", targetType: "invitation", targetId: id, detail: { email, role: input.role, councilId: input.councilId }, clientAddress: clientAddress(request) });
  return { ok: true, issued: await deliver(request, email, "invite", token) };
}

/** A password-reset link for an existing account (staff: respondents only; admins: anyone). */
export async function issuePasswordReset(request: Request, actor: SignedInUser, userId: number): Promise<IssuedLink | null> {
  const db = getDb();
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at || !invitableRoles(actor).includes(user.role)) return null;
  const { token, hash } = newInvitationToken();
  await revokeOpenInvitationsFor(db, user.email, "reset");
  const id = await insertInvitation(db, { tokenHash: hash, purpose: "reset", email: user.email, role: user.role, councilId: user.council_id, userId: user.id, createdBy: actor.id, now: new Date() });
  await recordAudit(db, { actor: auditActor(actor), action: "password-reset.created", targetType: "user", targetId: user.id, detail: { invitationId: id }, clientAddress: clientAddress(request) });
  return deliver(request, user.email, "reset", token);
}

/** Re-sending makes a new token: the old link stops working at once. */
export async function resendInvitation(request: Request, actor: SignedInUser, id: number): Promise<IssuedLink | null> {
  const db = getDb();
  const invitation = await findInvitationById(db, id);
  if (!invitation || !invitableRoles(actor).includes(invitation.role)) return null;
  const { token, hash } = newInvitationToken();
  if (!(await replaceInvitationToken(db, id, hash, new Date()))) return null;
  await recordAudit(db, { actor: auditActor(actor), action: "invitation.resent", targetType: "invitation", targetId: id, clientAddress: clientAddress(request) });
  return deliver(request, invitation.email, invitation.purpose, token);
}

export async function revokeInvitationAs(request: Request, actor: SignedInUser, id: number): Promise<boolean> {
  const db = getDb();
  const invitation = await findInvitationById(db, id);
  if (!invitation || !invitableRoles(actor).includes(invitation.role)) return false;
  if (!(await revokeInvitation(db, id))) return false;
  await recordAudit(db, { actor: auditActor(actor), action: "invitation.revoked", targetType: "invitation", targetId: id, clientAddress: clientAddress(request) });
  return true;
}

export type AcceptOutcome = { ok: true; headers: Headers; role: Role } | { ok: false };

/**
 * Uses the link once: the role, council and email come from the invitation row, never the form.
 * An invitation creates the account; a reset sets a new password and ends the user's other sessions.
 */
export async function acceptInvitation(request: Request, token: string, input: { name: string; password: string }): Promise<AcceptOutcome> {
  const db = getDb();
  const now = new Date();
  const invitation = await findUsableInvitation(db, token, now);
  if (!invitation) return { ok: false };
  const passwordHash = await hashPassword(input.password);
  let userId: number | null = null;
  await inTransaction(db, async (trx) => {
    if (!(await claimInvitation(trx, invitation.id, now))) return;
    if (invitation.purpose === "invite") {
      if (await findUserByEmail(trx, invitation.email)) return;
      userId = await createUser(trx, { email: invitation.email, name: input.name, passwordHash, role: invitation.role, councilId: invitation.role === "respondent" ? invitation.council_id : null });
    } else {
      const user = invitation.user_id === null ? undefined : await findUserById(trx, invitation.user_id);
      if (!user || user.disabled_at) return;
      await setUserPassword(trx, user.id, passwordHash);
      await deleteSessionsOfUser(trx, user.id);
      userId = user.id;
    }
  });
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
