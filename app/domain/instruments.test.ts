import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allItems, getItem, getSection } from "./instrument";
import { CURRENT_INSTRUMENT_VERSION, getCurrentInstrument, getInstrument, listInstrumentVersions } from "./instruments";

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe("the instrument registry", () => {
  it("lists version 1 as the only and current version", () => {
    expect(listInstrumentVersions()).toEqual([1]);
    expect(CURRENT_INSTRUMENT_VERSION).toBe(1);
    expect(getCurrentInstrument()).toBe(getInstrument(1));
  });

  it("loads each version once and returns the same object afterwards", () => {
    expect(getInstrument(1)).toBe(getInstrument(1));
  });

  it("throws for a version that does not exist", () => {
    expect(() => getInstrument(2)).toThrow("There is no instrument version 2");
  });
});

describe("instrument version 1", () => {
  const instrument = getInstrument(1);
  const item = (id: string) => {
    const found = getItem(instrument, id);
    if (!found) throw new Error(`no item ${id}`);
    return found;
  };

  it("has exactly the item ids of docs/instrument.md, in order", () => {
    expect(allItems(instrument).map((i) => i.id)).toEqual([
      ...range("PRESC", 7),
      ...range("BURDEN", 8),
      ...range("TECH", 9),
      ...range("LTC", 6),
      ...range("PCT", 6),
      ...range("FREE", 4),
    ]);
  });

  it("has six sections A to F with their titles and slugs", () => {
    expect(instrument.sections.map((s) => [s.id, s.slug, s.title])).toEqual([
      ["A", "central-prescription", "Central prescription"],
      ["B", "audit-and-regulation-load", "Audit, regulation and performance-management load"],
      ["C", "technology-readiness", "Technology readiness"],
      ["D", "trust-in-central-government", "Local trust in central government"],
      ["E", "trust-from-central-government", "Perceived central trust in local government"],
      ["F", "freedom-to-deliver", "Freedom to deliver"],
    ]);
    expect(getSection(instrument, "C")?.stem).toBe("How far has your council got with each of these?");
  });

  it("gives each item the scale of docs/instrument.md", () => {
    const scales = Object.fromEntries(allItems(instrument).map((i) => [i.id, i.scale]));
    for (const id of [...range("PRESC", 6), ...range("BURDEN", 6), "LTC2", "LTC3", "LTC4", "LTC5", "LTC6", "FREE1"]) {
      expect(scales[id], id).toBe("L5");
    }
    for (const id of range("TECH", 7)) expect(scales[id], id).toBe("M5");
    expect([scales.LTC1, scales.PCT1]).toEqual(["T11", "T11"]);
    expect([scales.PRESC7, scales.TECH8, scales.TECH9, scales.FREE3]).toEqual(["choice", "choice", "choice", "choice"]);
    expect([scales.BURDEN7, scales.BURDEN8, scales.FREE2, scales.FREE4]).toEqual(["percent", "integer", "multi", "text"]);
  });

  it("reverse-codes exactly PRESC5, PRESC6, BURDEN5, BURDEN6, LTC5 and PCT5", () => {
    expect(
      allItems(instrument)
        .filter((i) => i.reverse)
        .map((i) => i.id),
    ).toEqual(["PRESC5", "PRESC6", "BURDEN5", "BURDEN6", "LTC5", "PCT5"]);
  });

  it("requires exactly LTC1, PCT1, TECH8 and the conditional TECH9", () => {
    expect(
      allItems(instrument)
        .filter((i) => i.required)
        .map((i) => i.id),
    ).toEqual(["TECH8", "TECH9", "LTC1", "PCT1"]);
    expect(
      allItems(instrument)
        .filter((i) => i.headline)
        .map((i) => i.id),
    ).toEqual(["LTC1", "PCT1"]);
  });

  it("shows TECH9 only when TECH8 is lapsed", () => {
    expect(item("TECH9").showWhen).toEqual({ itemId: "TECH8", equals: "lapsed" });
    expect(
      allItems(instrument)
        .filter((i) => i.showWhen)
        .map((i) => i.id),
    ).toEqual(["TECH9"]);
  });

  it("pairs each PCT item with the LTC item of the same number", () => {
    for (const k of [1, 2, 3, 4, 5, 6]) expect(item(`PCT${k}`).mirrors).toBe(`LTC${k}`);
  });

  it("gives every item the short label of docs/instrument.md, each one different", () => {
    const doc = readFileSync(new URL("../../docs/instrument.md", import.meta.url), "utf8");
    const documented = Object.fromEntries([...doc.matchAll(/^\| ([A-Z]+[0-9]+) \| [^|]+ \| ([^|]+) \| /gm)].map((m) => [m[1], m[2]!.trim()]));
    const shorts = Object.fromEntries(allItems(instrument).map((i) => [i.id, i.short]));
    expect(shorts).toEqual(documented);
    expect(new Set(Object.values(shorts)).size).toBe(allItems(instrument).length);
  });

  it("keeps the question wording of docs/instrument.md", () => {
    expect(item("BURDEN1").text).toBe(
      "External assurance regimes (for example PSN compliance, the Cyber Assessment Framework, the Data Security and Protection Toolkit, PCI DSS, external audit) take a significant share of my team's capacity.",
    );
    expect(item("LTC1").text).toBe(
      "On a scale from 0 to 10, where 0 is not at all and 10 is completely, how much does your council trust central government departments?",
    );
    expect(item("PCT5").text).toBe("Central government assumes councils will misuse discretion if given it.");
  });

  it("has the option codes and labels of docs/instrument.md", () => {
    expect(item("PRESC7").options?.map((o) => o.code)).toEqual(["0", "1-2", "3-5", "6-10", "11+"]);
    expect(item("TECH9").options).toEqual([
      { code: "cost", label: "Cost of remediation" },
      { code: "capacity", label: "Staff capacity" },
      { code: "legacy", label: "Legacy systems" },
      { code: "moving-off", label: "Moving off PSN" },
      { code: "other", label: "Other" },
    ]);
    expect(item("FREE2").options?.map((o) => `${o.code}=${o.label}`)).toEqual([
      "cloud=Cloud",
      "shared-services=Shared services",
      "self-service=Resident self-service",
      "automation=Automation",
      "psn-exit=Leaving PSN",
      "partnerships=Public–private partnerships",
      "data=Better data sharing",
    ]);
    expect(item("FREE2").maxChoices).toBe(3);
    expect(item("FREE3").options?.map((o) => o.label)).toEqual(["Improve", "Stay the same", "Get worse"]);
  });

  it("labels the answer scales as docs/instrument.md shows them", () => {
    expect(instrument.scaleLabels.L5.map((o) => o.label)).toEqual([
      "Strongly disagree",
      "Disagree",
      "Neither agree nor disagree",
      "Agree",
      "Strongly agree",
      "Don't know",
    ]);
    expect(instrument.scaleLabels.M5.map((o) => o.label)).toEqual([
      "Not started",
      "Planning",
      "Piloting or partly in place",
      "Mostly in place",
      "Fully embedded",
      "Don't know",
    ]);
    expect(instrument.scaleLabels.T11.map((o) => o.label)).toEqual([
      "0 – Not at all",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10 – Completely",
      "Don't know",
    ]);
  });

  it("defines the five indices with the two-thirds rule", () => {
    expect(instrument.indices.map((i) => [i.code, i.itemIds.length, i.minAnswered])).toEqual([
      ["PRESC", 6, 4],
      ["BURDEN", 6, 4],
      ["TECH", 7, 5],
      ["LTC", 5, 4],
      ["PCT", 5, 4],
    ]);
    for (const index of instrument.indices) {
      expect(index.minAnswered).toBe(Math.ceil((index.itemIds.length * 2) / 3));
      expect(index.description).toMatch(/^Higher means /);
    }
    expect(instrument.indices.find((i) => i.code === "LTC")?.itemIds).toEqual(["LTC2", "LTC3", "LTC4", "LTC5", "LTC6"]);
  });
});
