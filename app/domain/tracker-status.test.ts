import { describe, expect, it } from "vitest";
import { NO_RESPONSE_HINT, NO_RESPONSE_STATUSES, RESPONSE_PROGRESS_LABELS, TRACKER_STATUSES, TRACKER_STATUS_LABELS, trackerStatus } from "./tracker-status";

describe("tracker status", () => {
  const none = { responseStatus: null, hasActiveRespondent: false, hasOpenInvitation: false } as const;
  it("is not invited with no respondent and no open invitation", () => expect(trackerStatus(none)).toBe("not-invited"));
  it("is invited with only an open invitation", () => expect(trackerStatus({ ...none, hasOpenInvitation: true })).toBe("invited"));
  it("is not started when a respondent can sign in but has no response", () =>
    expect(trackerStatus({ ...none, hasActiveRespondent: true, hasOpenInvitation: true })).toBe("not-started"));
  it("follows the response once there is one", () => {
    expect(trackerStatus({ ...none, responseStatus: "in_progress" })).toBe("in-progress");
    expect(trackerStatus({ ...none, responseStatus: "submitted", hasActiveRespondent: true })).toBe("submitted");
  });
});

describe("one vocabulary for response progress", () => {
  it("splits every tracker status into exactly one of the dashboard's three groups, with the tracker's own words", () => {
    const grouped = [...NO_RESPONSE_STATUSES, "in-progress", "submitted"].sort();
    expect(grouped).toEqual([...TRACKER_STATUSES].sort());
    expect(RESPONSE_PROGRESS_LABELS.submitted).toBe(TRACKER_STATUS_LABELS.submitted);
    expect(RESPONSE_PROGRESS_LABELS.inProgress).toBe(TRACKER_STATUS_LABELS["in-progress"]);
    expect(Object.values(TRACKER_STATUS_LABELS)).not.toContain(RESPONSE_PROGRESS_LABELS.noResponse);
    expect(NO_RESPONSE_HINT).toBe("Not invited, Invited or Not started");
  });
});
