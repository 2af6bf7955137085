import { describe, expect, it } from "vitest";
import { getItem, loadInstrument, type InstrumentData, type Item } from "./instrument";
import { instrumentV1 } from "./instrument-v1";
import { getInstrument } from "./instruments";
import { rescaledItemValue, scoreResponse } from "./scoring";

const instrument = getInstrument(1);
const item = (id: string): Item => {
  const found = getItem(instrument, id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
const reversed = (id: string): Item => ({ ...item(id), reverse: true });
const answersOf = (prefix: string, codes: string[]) => Object.fromEntries(codes.map((code, i) => [`${prefix}${i + 1}`, code]));

describe("rescaledItemValue", () => {
  it("rescales L5 as (x − 1) × 25", () => {
    expect(["1", "2", "3", "4", "5"].map((c) => rescaledItemValue(item("PRESC1"), c))).toEqual([0, 25, 50, 75, 100]);
  });

  it("flips a reverse-coded L5 item to 6 − x before rescaling", () => {
    expect(["1", "2", "3", "4", "5"].map((c) => rescaledItemValue(item("PRESC5"), c))).toEqual([100, 75, 50, 25, 0]);
  });

  it("rescales M5 as x × 25", () => {
    expect(["0", "1", "2", "3", "4"].map((c) => rescaledItemValue(item("TECH1"), c))).toEqual([0, 25, 50, 75, 100]);
  });

  it("flips a reverse-coded M5 item to 4 − x before rescaling", () => {
    expect(["0", "1", "2", "3", "4"].map((c) => rescaledItemValue(reversed("TECH1"), c))).toEqual([100, 75, 50, 25, 0]);
  });

  it("rescales T11 as x × 10", () => {
    expect(["0", "3", "5", "10"].map((c) => rescaledItemValue(item("LTC1"), c))).toEqual([0, 30, 50, 100]);
  });

  it("flips a reverse-coded T11 item to 10 − x before rescaling", () => {
    expect(["0", "3", "5", "10"].map((c) => rescaledItemValue(reversed("LTC1"), c))).toEqual([100, 70, 50, 0]);
  });

  it("gives null for dk and for no answer", () => {
    expect(rescaledItemValue(item("PRESC1"), "dk")).toBeNull();
    expect(rescaledItemValue(item("PRESC1"), null)).toBeNull();
    expect(rescaledItemValue(item("PRESC1"), undefined)).toBeNull();
    expect(rescaledItemValue(item("PRESC1"), "")).toBeNull();
  });

  it("throws for a code outside the scale rather than scoring it", () => {
    expect(() => rescaledItemValue(item("PRESC1"), "0")).toThrow("PRESC1 has an invalid L5 code");
    expect(() => rescaledItemValue(item("TECH1"), "5")).toThrow();
    expect(() => rescaledItemValue(item("LTC1"), "11")).toThrow();
  });

  it("throws for an item that is not scored", () => {
    expect(() => rescaledItemValue(item("PRESC7"), "0")).toThrow("PRESC7 is choice, which is not scored");
  });
});

describe("scoreResponse", () => {
  // Worked by hand:
  // PRESC 4,5,3,2,(R)2,(R)1 → 75,100,50,25,75,100 → 425/6
  // TECH 0,1,2,3,4,dk,dk → 0,25,50,75,100 → 50 (5 of 7 answered: exactly the threshold)
  // LTC2–6 4,4,3,(R)2,dk → 75,75,50,75 → 68.75; PCT2–6 2,3,2,(R)4,dk → 25,50,25,25 → 31.25
  const worked = {
    ...answersOf("PRESC", ["4", "5", "3", "2", "2", "1"]),
    ...answersOf("BURDEN", ["5", "5", "5", "dk", "dk", "dk"]),
    ...answersOf("TECH", ["0", "1", "2", "3", "4", "dk", "dk"]),
    ...answersOf("LTC", ["6", "4", "4", "3", "2", "dk"]),
    ...answersOf("PCT", ["4", "2", "3", "2", "4", "dk"]),
  };

  it("computes every index of a hand-worked response", () => {
    const scores = scoreResponse(instrument, worked);
    expect(scores.PRESC).toBeCloseTo(425 / 6, 10);
    expect(scores.TECH).toBe(50);
    expect(scores.LTC).toBe(68.75);
    expect(scores.PCT).toBe(31.25);
  });

  it("computes GAP as LTC − PCT and HEADLINE_GAP as LTC1 − PCT1 on 0–10", () => {
    const scores = scoreResponse(instrument, worked);
    expect(scores.GAP).toBe(37.5);
    expect(scores.HEADLINE_GAP).toBe(2);
  });

  it("computes pair gaps after reverse coding, null when either side is dk", () => {
    expect(scoreResponse(instrument, worked).pairGaps).toEqual({ "2": 50, "3": 25, "4": 25, "5": 50, "6": null });
  });

  it("gives a negative gap when the council feels more trusted than it trusts", () => {
    const scores = scoreResponse(instrument, {
      ...answersOf("LTC", ["2", "2", "2", "2", "4", "2"]),
      ...answersOf("PCT", ["7", "4", "4", "4", "2", "4"]),
    });
    expect(scores.LTC).toBe(25);
    expect(scores.PCT).toBe(75);
    expect(scores.GAP).toBe(-50);
    expect(scores.HEADLINE_GAP).toBe(-5);
  });

  it("needs 4 of 6 PRESC items answered other than dk: 4 is enough, 3 is not", () => {
    expect(scoreResponse(instrument, answersOf("PRESC", ["5", "5", "5", "5", "dk", "dk"])).PRESC).toBe(100);
    expect(scoreResponse(instrument, answersOf("PRESC", ["5", "5", "5", "dk", "dk", "dk"])).PRESC).toBeNull();
    expect(scoreResponse(instrument, answersOf("PRESC", ["5", "5", "5"])).PRESC).toBeNull();
  });

  it("needs 4 of 6 BURDEN items: 4 is enough, 3 is not", () => {
    expect(scoreResponse(instrument, answersOf("BURDEN", ["1", "2", "dk", "", "5", "4"])).BURDEN).toBe(12.5);
    expect(scoreResponse(instrument, answersOf("BURDEN", ["1", "2", "dk", "", "5"])).BURDEN).toBeNull();
  });

  it("needs 5 of 7 TECH items: 5 is enough, 4 is not", () => {
    expect(scoreResponse(instrument, answersOf("TECH", ["4", "4", "4", "4", "0"])).TECH).toBe(80);
    expect(scoreResponse(instrument, answersOf("TECH", ["4", "4", "4", "4", "dk", "dk", "dk"])).TECH).toBeNull();
  });

  it("needs 4 of 5 LTC and PCT items: 4 is enough, 3 is not, and LTC1 and PCT1 do not count", () => {
    const four = scoreResponse(instrument, { LTC2: "5", LTC3: "5", LTC4: "5", LTC5: "1", PCT2: "1", PCT3: "1", PCT4: "1", PCT5: "5" });
    expect([four.LTC, four.PCT, four.GAP]).toEqual([100, 0, 100]);
    const three = scoreResponse(instrument, { LTC1: "10", LTC2: "5", LTC3: "5", LTC4: "5", PCT1: "0", PCT2: "1", PCT3: "1", PCT6: "1" });
    expect([three.LTC, three.PCT, three.GAP]).toEqual([null, null, null]);
    expect(three.HEADLINE_GAP).toBe(10);
  });

  it("gives GAP only when both LTC and PCT exist", () => {
    const scores = scoreResponse(instrument, answersOf("LTC", ["5", "5", "5", "5", "5", "5"]));
    expect(scores.LTC).toBe(80);
    expect(scores.PCT).toBeNull();
    expect(scores.GAP).toBeNull();
  });

  it("gives HEADLINE_GAP only when neither LTC1 nor PCT1 is dk", () => {
    expect(scoreResponse(instrument, { LTC1: "dk", PCT1: "4" }).HEADLINE_GAP).toBeNull();
    expect(scoreResponse(instrument, { LTC1: "6" }).HEADLINE_GAP).toBeNull();
    expect(scoreResponse(instrument, { LTC1: "0", PCT1: "0" }).HEADLINE_GAP).toBe(0);
  });

  it("gives every score as null when every answer is dk", () => {
    const allDk = Object.fromEntries(
      instrument.sections
        .flatMap((s) => s.items)
        .filter((i) => ["L5", "M5", "T11"].includes(i.scale))
        .map((i) => [i.id, "dk"]),
    );
    expect(scoreResponse(instrument, allDk)).toEqual({
      PRESC: null,
      BURDEN: null,
      TECH: null,
      LTC: null,
      PCT: null,
      GAP: null,
      HEADLINE_GAP: null,
      pairGaps: { "2": null, "3": null, "4": null, "5": null, "6": null },
    });
  });

  it("gives every score as null for an empty response", () => {
    const scores = scoreResponse(instrument, new Map());
    expect([scores.PRESC, scores.TECH, scores.GAP, scores.HEADLINE_GAP]).toEqual([null, null, null, null]);
  });

  it("leaves means unrounded", () => {
    expect(scoreResponse(instrument, answersOf("PRESC", ["2", "2", "2", "1"])).PRESC).toBe(18.75);
    expect(scoreResponse(instrument, answersOf("TECH", ["1", "1", "1", "1", "1", "2"])).TECH).toBeCloseTo(175 / 6, 12);
  });

  it("ignores answers to questions the respondent could not see", () => {
    const data = structuredClone(instrumentV1) as InstrumentData;
    const tech = data.sections[2]!;
    // Make TECH7 conditional on TECH8 (moved before it) to exercise scoring of a hidden scored item.
    const tech7 = tech.items[6]!;
    tech.items.splice(6, 1);
    tech.items.push({ ...tech7, showWhen: { itemId: "TECH8", equals: "lapsed" } });
    const conditional = loadInstrument(data);
    const answers = { ...answersOf("TECH", ["4", "4", "4", "4", "dk", "dk", "0"]), TECH8: "certified" };
    expect(scoreResponse(conditional, answers).TECH).toBeNull();
    expect(scoreResponse(conditional, { ...answers, TECH8: "lapsed" }).TECH).toBe(80);
  });
});
