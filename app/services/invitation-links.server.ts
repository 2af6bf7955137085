import type { Role } from "../../db/schema";
import { invitationEmail, passwordResetEmail } from "../domain/emails";
import type { Db } from "../models/db-types";
import { INVITATION_DAYS, RESET_MINUTES, type InvitationPurpose } from "../models/invitation.server";
import { associationName, publicLink, queueEmail } from "./email.server";

export interface IssuedLink {
  link: string;
  /** Queued to be emailed (SMTP_URL is set); otherwise the link is shown to copy. */
  emailed: boolean;
  email: string;
  /** "14 days" or "1 hour". */
  expiresIn: string;
}

/** From PUBLIC_URL, never from the request's Host or X-Forwarded-Host. */
export function linkFor(purpose: InvitationPurpose, token: string): string {
  return publicLink(purpose === "reset" ? `/reset-password/${token}` : `/invite/${token}`);
}

/**
 * Writes the link's email to the outbox in `db` (the transaction that made the link). With a mail
 * server it is emailed; otherwise it is shown once to the person who made it.
 */
export async function deliverInvitation(
  db: Db,
  input: {
    email: string;
    purpose: InvitationPurpose;
    token: string;
    invitationId: number;
    role: Role;
    councilName?: string | null;
    councilId?: number | null;
    byAssociation?: boolean;
  },
): Promise<IssuedLink> {
  const link = linkFor(input.purpose, input.token);
  const association = associationName();
  const content =
    input.purpose === "invite"
      ? invitationEmail({ association, link, days: INVITATION_DAYS, role: input.role, councilName: input.councilName ?? null })
      : passwordResetEmail({ association, link, minutes: RESET_MINUTES, byAssociation: input.byAssociation ?? true });
  const emailed = await queueEmail(db, {
    kind: input.purpose === "invite" ? "invitation" : "password-reset",
    to: input.email,
    content,
    councilId: input.councilId ?? null,
    secret: input.token,
  });
  return { link, emailed, email: input.email, expiresIn: input.purpose === "reset" ? "1 hour" : `${INVITATION_DAYS} days` };
}
