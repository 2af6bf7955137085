import { describe, expect, expectTypeOf, it } from "vitest";
import type { WaveStatus as StoredWaveStatus } from "../../db/schema";
import { WAVE_ACTIONS, WAVE_STATUSES, allowedActions, checkDeadline, transition, type WaveStatus } from "./wave-lifecycle";

const STATUSES: WaveStatus[] = ["draft", "open", "closed", "published"];

describe("wave lifecycle", () => {
  it("knows exactly the statuses the database column holds", () => {
    expectTypeOf<WaveStatus>().toEqualTypeOf<StoredWaveStatus>();
    expect(new Set<StoredWaveStatus>(WAVE_STATUSES).size).toBe(4);
  });

  it("allows exactly draft→open, open→closed, closed→open and closed→published", () => {
    const allowed = STATUSES.flatMap((from) =>
      WAVE_ACTIONS.flatMap((a) => {
        const t = transition(from, a);
        return t.ok ? [`${from} ${a} → ${t.to}`] : [];
      }),
    );
    expect(allowed).toEqual(["draft open → open", "open close → closed", "closed reopen → open", "closed publish → published"]);
  });

  it("refuses impossible moves with a reason", () => {
    expect(transition("published", "open")).toEqual({ ok: false, reason: "Only a draft wave can be opened" });
    expect(transition("open", "publish").ok).toBe(false);
    expect(transition("draft", "close").ok).toBe(false);
    expect(transition("published", "reopen").ok).toBe(false);
  });

  it("offers no action on a published wave", () => {
    expect(allowedActions("published")).toEqual([]);
    expect(allowedActions("closed")).toEqual(["reopen", "publish"]);
  });

  it("checks deadlines", () => {
    expect(checkDeadline("open", "2027-01-31", "2026-11-01")).toBeNull();
    expect(checkDeadline("open", "2027-02-30", null)).toBe("Enter a real date for the deadline");
    expect(checkDeadline("draft", "2026-10-01", "2026-11-01")).toMatch(/on or after/);
    expect(checkDeadline("closed", "2027-01-31", null)).toMatch(/cannot be changed/);
  });
});
