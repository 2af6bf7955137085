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
export const NO_RESPONSE_HINT = `${NO_RESPONSE_STATUSES.map((s) => TRACKER_STATUS_LABELS[s]).join(", ").replace(/, ([^,]*)$/, " or $1")}`;

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
