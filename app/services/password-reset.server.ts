import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { inTransaction } from "../models/db-types";
import { newInvitationToken, replaceResetLink } from "../models/invitation.server";
import { findCouncilLead } from "../models/team.server";
import { findUserByEmail, normaliseEmail } from "../models/user.server";
import { deliverInvitation } from "./invitation-links.server";
import { clientAddress } from "./request.server";
import { reserveResetRequest, type Throttle } from "./throttle.server";

/**
 * "Forgot your password?" (decision 049). The answer is the same whether or not the address has an
 * account; only an account that may sign in gets an email: a reset link (invitation purpose "reset",
 * token stored as SHA-256, single use, one hour), written to the outbox with the audit row. Counted
 * per address typed and per client address (throttle.server.ts).
 */
export async function requestPasswordReset(request: Request, emailInput: string, now: Date = new Date()): Promise<{ throttled: Throttle }> {
  const db = getDb();
  const email = normaliseEmail(emailInput);
  const from = clientAddress(request);
  const throttled = await reserveResetRequest(db, email, from, now);
  if (throttled) {
    await recordAudit(db, {
      actor: null,
      action: "password-reset.throttled",
      targetType: "email",
      targetId: email,
      detail: { by: throttled },
      clientAddress: from,
    });
    return { throttled };
  }
  const user = await findUserByEmail(db, email);
  // A disabled account, or a respondent who never joined a council that has a team (a reset would seat them without the lead's approval), gets nothing.
  const eligible =
    user !== undefined &&
    !user.disabled_at &&
    !(user.role === "respondent" && user.password_hash === null && user.council_id !== null && (await findCouncilLead(db, user.council_id)) !== undefined);
  if (!user || !eligible) {
    await recordAudit(db, {
      actor: null,
      action: "password-reset.requested",
      targetType: "email",
      targetId: email,
      detail: { sent: false },
      clientAddress: from,
    });
    return { throttled: null };
  }
  const { token, hash } = newInvitationToken();
  await inTransaction(db, async (trx) => {
    const id = await replaceResetLink(trx, user, { tokenHash: hash, createdBy: null, now: now });
    await recordAudit(trx, {
      actor: null,
      action: "password-reset.requested",
      targetType: "user",
      targetId: user.id,
      detail: { sent: true, invitationId: id },
      clientAddress: from,
    });
    await deliverInvitation(trx, {
      email: user.email,
      purpose: "reset",
      token,
      invitationId: id,
      role: user.role,
      councilId: user.council_id,
      byAssociation: false,
    });
  });
  return { throttled: null };
}
