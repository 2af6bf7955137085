import { getConfig } from "../config.server";
import { INVITATION_DAYS, type InvitationPurpose } from "../models/invitation.server";
import { sendEmail } from "./email.server";

export interface IssuedLink {
  link: string;
  emailed: boolean;
  email: string;
}

/** From PUBLIC_URL, never from the request's Host or X-Forwarded-Host (issue 10, finding 5). */
function linkFor(token: string): string {
  return new URL(`/invite/${token}`, getConfig().PUBLIC_URL).toString();
}

/** Emails the link when there is a mail server; otherwise it is shown once to the person who made it. */
export async function deliverInvitation(request: Request, email: string, purpose: InvitationPurpose, token: string): Promise<IssuedLink> {
  const link = linkFor(token);
  const subject = purpose === "invite" ? "You are invited to LocalTrust" : "Reset your LocalTrust password";
  const text =
    purpose === "invite"
      ? `You have been invited to LocalTrust, the association's survey of council IT.\n\nSet your password here (the link works once and expires in ${INVITATION_DAYS} days):\n${link}\n`
      : `A password reset was requested for your LocalTrust account.\n\nChoose a new password here (the link works once and expires in ${INVITATION_DAYS} days):\n${link}\n`;
  const emailed = await sendEmail({ to: email, subject, text });
  return { link, emailed, email };
}
