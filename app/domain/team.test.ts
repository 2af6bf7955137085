import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { associationInvitationApproval, associationMay, describeTeamEvent, linkUsable, successorOf, TEAM_ACTIONS } from "./team";

const member = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  joinedAt: fc.constantFrom("2024-01-01T00:00:00.000Z", "2025-06-01T00:00:00.000Z", "2026-02-03T00:00:00.000Z"),
});

describe("the council team rules", () => {
  it("the successor is the longest-serving other member (earliest joined, then lowest id), never the one leaving", () => {
    fc.assert(
      fc.property(fc.uniqueArray(member, { selector: (m) => m.id, maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (members, leaving) => {
        const next = successorOf(members, leaving);
        const others = members.filter((m) => m.id !== leaving);
        if (others.length === 0) {
          expect(next).toBeNull();
          return;
        }
        expect(next).not.toBeNull();
        expect(next!.id).not.toBe(leaving);
        for (const other of others) expect(next!.joinedAt < other.joinedAt || (next!.joinedAt === other.joinedAt && next!.id <= other.id)).toBe(true);
      }),
    );
  });

  it("an association invitation waits whenever the council has a lead or another first-respondent invitation is open", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(3), (hasTeam, open) => {
        expect(associationInvitationApproval({ hasTeam, openAssociationInvitations: open })).toBe(!hasTeam && open === 0 ? "none" : "waiting");
      }),
    );
  });

  it("a waiting or refused invitation has no usable link, and the association never re-sends one the council must approve or made", () => {
    expect(["none", "waiting", "approved", "refused"].filter((a) => linkUsable(a as never))).toEqual(["none", "approved"]);
    fc.assert(
      fc.property(fc.constantFrom("none", "waiting", "approved", "refused" as const), fc.boolean(), (approval, madeByAssociation) => {
        const may = associationMay({ role: "respondent", approval, madeByAssociation });
        // A re-send makes a new link for the association: only for its own first-respondent invitation.
        expect(may.resend).toBe(madeByAssociation && approval === "none");
        if (!madeByAssociation) expect(may.revoke).toBe(false);
      }),
    );
  });

  it("describes every team action in words, naming the association rather than a member of staff", () => {
    for (const action of TEAM_ACTIONS) {
      const text = describeTeamEvent({ action, actorRole: "staff", actorName: "Stan Staff", detail: { email: "x@council.example", name: "Xavier" } });
      expect(text).not.toBe(action);
      expect(text).not.toContain("Stan Staff");
    }
    expect(describeTeamEvent({ action: "team.removed", actorRole: "respondent", actorName: "Lee Lead", detail: { name: "Col League" } })).toBe(
      "Lee Lead removed Col League from the team",
    );
  });
  it("describes a reminder without naming who at the association sent it", () => {
    expect(describeTeamEvent({ action: "reminder.sent", actorRole: "staff", actorName: "Tom Hughes", detail: null })).toBe(
      "The association emailed the team a reminder",
    );
    expect(describeTeamEvent({ action: "reminder.sent", actorRole: null, actorName: null, detail: null })).toBe(
      "An automatic reminder was emailed to the team",
    );
  });
});
