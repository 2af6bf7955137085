import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUDIT_EVENT_NAMES, auditEventName, describeAuditChange, roleName } from "./audit-events";
import { TEAM_ACTIONS } from "./team";

/** Every literal event code the app's code records (action: "…" beside a recordAudit call or a team event). */
function recordedCodes(): string[] {
  const codes = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.server\.ts$/.test(entry.name) && !entry.name.includes(".test.")) {
        const source = fs.readFileSync(file, "utf8");
        for (const m of source.matchAll(/action: (?:[^"\n]*\? )?"([a-z][a-z0-9.-]+)"(?: : "([a-z][a-z0-9.-]+)")?/g)) {
          codes.add(m[1]!);
          if (m[2]) codes.add(m[2]);
        }
        for (const m of source.matchAll(/(?:open|close|reopen|publish): "(wave\.[a-z]+)"/g)) codes.add(m[1]!);
        for (const m of source.matchAll(/audit\("([a-z][a-z0-9.-]+)"/g)) codes.add(m[1]!);
      }
    }
  };
  walk("app/services");
  return [...codes].sort();
}

describe("audit event names", () => {
  it("names every event code the app records in words, not as a code", () => {
    const codes = [...recordedCodes(), ...TEAM_ACTIONS, "export.aggregates.csv", "export.aggregates.xlsx"];
    expect(codes.length).toBeGreaterThan(30);
    const unnamed = codes.filter((code) => !(code in AUDIT_EVENT_NAMES));
    expect(unnamed).toEqual([]);
  });

  it("names an event it does not know by its code made readable", () => {
    expect(auditEventName("wave.published")).toBe("Wave published");
    expect(auditEventName("data.release-frozen")).toBe("Data: release frozen");
    expect(auditEventName("cleanup")).toBe("Cleanup");
  });

  it("never gives an empty name, a dot or a hyphen for any code", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/), (code) => {
        const name = auditEventName(code);
        expect(name.length).toBeGreaterThan(0);
        if (!(code in AUDIT_EVENT_NAMES)) expect(name).not.toMatch(/[.-]/);
      }),
    );
  });

  it("names roles in words", () => {
    expect(roleName("admin")).toBe("Admin");
    expect(roleName("respondent")).toBe("Respondent");
    expect(roleName(null)).toBe("");
  });
});

describe("what changed", () => {
  it("gives the section, its version and the answers changed for a saved section", () => {
    const detail = {
      wave: "2026",
      section: "A",
      sectionVersion: 3,
      items: { PRESC1: { before: "2", after: "4" }, PRESC2: { before: "1", after: "1" }, PRESC3: { before: null, after: "5" } },
    };
    expect(describeAuditChange("response.section-saved", JSON.stringify(detail))).toBe(
      "Central prescription, version 3, changed: PRESC1, PRESC3 (2026 survey)",
    );
    expect(describeAuditChange("response.section-saved", JSON.stringify({ ...detail, items: { PRESC2: { before: "1", after: "1" } } }))).toBe(
      "Central prescription, version 3, nothing changed (2026 survey)",
    );
  });

  it("gives from → to for roles, wave states and deadlines", () => {
    expect(describeAuditChange("user.role-changed", JSON.stringify({ from: "staff", to: "admin" }))).toBe("Staff → Admin");
    expect(describeAuditChange("wave.published", JSON.stringify({ slug: "2025", from: "closed", to: "published" }))).toBe("closed → published");
    expect(describeAuditChange("wave.deadline-changed", JSON.stringify({ slug: "2026", from: "2026-12-01", to: "2026-12-15" }))).toBe(
      "2026-12-01 → 2026-12-15",
    );
  });

  it("gives the submission number and the filters of an export", () => {
    expect(describeAuditChange("response.submitted", JSON.stringify({ wave: "2026", submission: 2, responseVersion: 14 }))).toBe(
      "Submission 2, response version 14 (2026 survey)",
    );
    expect(describeAuditChange("export.aggregates.csv", JSON.stringify({ filters: { type: null, region: "Wales", nation: null } }))).toBe("region Wales");
    expect(describeAuditChange("export.aggregates.csv", JSON.stringify({ filters: { type: null, region: null, nation: null } }))).toBe("all councils");
  });

  it("says nothing rather than fail on a missing, broken or unexpected detail", () => {
    expect(describeAuditChange("sign-in.succeeded", null)).toBeNull();
    expect(describeAuditChange("user.role-changed", "{not json")).toBeNull();
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(AUDIT_EVENT_NAMES), "other.code"), fc.oneof(fc.constant(null), fc.json()), (code, json) => {
        const result = describeAuditChange(code, json);
        expect(result === null || typeof result === "string").toBe(true);
      }),
    );
  });
});
