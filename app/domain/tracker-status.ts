// A council's place in a wave, for the response tracker.

export const TRACKER_STATUSES = ["not-invited", "invited", "not-started", "in-progress", "submitted"] as const;
export type TrackerStatus = (typeof TRACKER_STATUSES)[number];

export const TRACKER_STATUS_LABELS: Record<TrackerStatus, string> = {
  "not-invited": "Not invited",
  invited: "Invited",
  "not-started": "Not started",
  "in-progress": "In progress",
  submitted: "Submitted",
};

/**
 * The words for how far councils have got, shared by the dashboard, the tracker and the exports
 * (decision 060). The dashboard's snapshot knows responses, not invitations, so it shows three
 * groups; "No response yet" is exactly the tracker's not invited + invited + not started.
 */
export const RESPONSE_PROGRESS_LABELS = {
  submitted: TRACKER_STATUS_LABELS.submitted,
  inProgress: TRACKER_STATUS_LABELS["in-progress"],
  noResponse: "No response yet",
} as const;

/** The tracker statuses that make up "No response yet". */
export const NO_RESPONSE_STATUSES: readonly TrackerStatus[] = ["not-invited", "invited", "not-started"];
export const NO_RESPONSE_HINT = `${NO_RESPONSE_STATUSES.map((s) => TRACKER_STATUS_LABELS[s])
  .join(", ")
  .replace(/, ([^,]*)$/, " or $1")}`;

export interface TrackerFacts {
  responseStatus: "in_progress" | "submitted" | null;
  /** A respondent of the council who can sign in (has a password, not disabled). */
  hasActiveRespondent: boolean;
  /** An invitation to the council not accepted, revoked or expired. */
  hasOpenInvitation: boolean;
}

/** submitted / in progress from the response; otherwise not started if someone can sign in, invited if an invitation is open, else not invited. */
export function trackerStatus(facts: TrackerFacts): TrackerStatus {
  if (facts.responseStatus === "submitted") return "submitted";
  if (facts.responseStatus === "in_progress") return "in-progress";
  if (facts.hasActiveRespondent) return "not-started";
  if (facts.hasOpenInvitation) return "invited";
  return "not-invited";
}

/** A council is not reminded again within this many days unless staff say so (decision 048). */
export const REMIND_AGAIN_DAYS = 7;

export const TRACKER_SORTS = ["name", "status", "last-activity", "last-reminded", "sections"] as const;
export type TrackerSort = (typeof TRACKER_SORTS)[number];

export type InvitationState = "open" | "waiting" | "accepted" | "expired" | "revoked" | "refused";
export const INVITATION_LABELS: Record<InvitationState, string> = {
  open: "Open",
  waiting: "Waiting for the lead",
  accepted: "Accepted",
  expired: "Expired",
  revoked: "Revoked",
  refused: "Refused by the lead",
};

/** The outbox's statuses (decision 046), in the order the Emails page lists them. */
export const OUTBOX_STATUSES = ["queued", "sending", "retrying", "sent", "failed", "unsent"] as const;
