// The council team (decision 026): pure rules, no database, clock or environment.

/** Team history entries are audit rows with these actions and target_type "council". */
export const TEAM_ACTIONS = [
  "team.invited",
  "team.invitation-waiting",
  "team.invitation-approved",
  "team.invitation-refused",
  "team.invitation-revoked",
  "team.joined",
  "team.removed",
  "team.lead-changed",
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

export function isTeamAction(action: string): action is TeamAction {
  return (TEAM_ACTIONS as readonly string[]).includes(action);
}

export type InvitationApproval = "none" | "waiting" | "approved" | "refused";

/**
 * Whether an invitation the association makes to a council must wait for the council's lead: it
 * must whenever the council already has a team (a lead, or any joined member), or an earlier association invitation to the
 * council is still open (so two "first respondents" cannot be seated side by side).
 */
export function associationInvitationApproval(council: { hasTeam: boolean; openAssociationInvitations: number }): "none" | "waiting" {
  return council.hasTeam || council.openAssociationInvitations > 0 ? "waiting" : "none";
}

/** Whether the link of an invitation in this state may be used (or re-issued) at all. */
export function linkUsable(approval: InvitationApproval): boolean {
  return approval === "none" || approval === "approved";
}

/**
 * What the association (staff, admins) may do with a respondent invitation on the invitations page:
 * only invitations it made itself, and never re-send one the council must approve or has approved
 * (a fresh link would reach the association, not the person the lead approved).
 */
export function associationMay(invitation: { role: string; approval: InvitationApproval; madeByAssociation: boolean }): { resend: boolean; revoke: boolean } {
  if (invitation.role !== "respondent") return { resend: true, revoke: true };
  if (!invitation.madeByAssociation) return { resend: false, revoke: false };
  return { resend: invitation.approval === "none", revoke: invitation.approval === "none" || invitation.approval === "waiting" };
}

/** Who leads after the lead leaves: the longest-serving remaining member (earliest joined, then lowest id). */
export function successorOf<T extends { id: number; joinedAt: string }>(members: readonly T[], leavingId: number): T | null {
  let best: T | null = null;
  for (const member of members) {
    if (member.id === leavingId) continue;
    if (!best || member.joinedAt < best.joinedAt || (member.joinedAt === best.joinedAt && member.id < best.id)) best = member;
  }
  return best;
}

export interface TeamEvent {
  action: string;
  actorRole: string | null;
  actorName: string | null;
  detail: { email?: string; name?: string; reason?: string } | null;
}

/** One line of the team history, in words the council's team reads. */
export function describeTeamEvent(event: TeamEvent): string {
  const who = event.actorRole === "staff" || event.actorRole === "admin" ? "The association" : (event.actorName ?? "Someone");
  const subject = event.detail?.name ?? event.detail?.email ?? "a colleague";
  const email = event.detail?.email ?? "a colleague";
  switch (event.action) {
    case "team.invited":
      return `${who} invited ${email}`;
    case "team.invitation-waiting":
      return `${who} asked to add ${email}: waiting for the lead's approval`;
    case "team.invitation-approved":
      return `${who} approved the invitation for ${email}`;
    case "team.invitation-refused":
      return `${who} refused the invitation for ${email}`;
    case "team.invitation-revoked":
      return `${who} revoked the invitation for ${email}`;
    case "team.joined":
      return `${subject} joined the team`;
    case "team.removed":
      return event.detail?.reason === "disabled" ? `${subject} left the team (account disabled by the association)` : `${who} removed ${subject} from the team`;
    case "team.lead-changed":
      if (event.detail?.reason === "succession") return `${subject} became the lead (the previous lead left)`;
      if (event.detail?.reason === "first") return `${subject} became the lead (the council's first respondent)`;
      return `${who} made ${subject} the lead`;
    case "reminder.sent":
      // Reminders are part of what the team was told (the audit row's detail is not shown).
      return event.actorRole === null ? "An automatic reminder was emailed to the team" : "The association emailed the team a reminder";
    default:
      return event.action;
  }
}
