import { describe, expect, it } from "vitest";
import { trackerStatus } from "./tracker-status";

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
