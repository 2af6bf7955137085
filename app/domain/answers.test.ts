import { describe, expect, it } from "vitest";
import {
  decodeAnswer,
  decodeStoredAnswers,
  dropHiddenAnswers,
  encodeAnswer,
  fieldsFromFormData,
  formatAnswer,
  isItemVisible,
  parseSectionForm,
  responseCompleteness,
  sectionCompleteness,
  type SectionFormResult,
} from "./answers";
import { getItem, type Item } from "./instrument";
import { getInstrument } from "./instruments";

const instrument = getInstrument(1);
const item = (id: string): Item => {
  const found = getItem(instrument, id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

function accepted(result: SectionFormResult) {
  if (!result.ok) throw new Error(`expected the form to be accepted: ${JSON.stringify(result.errors)}`);
  return result.answers;
}

function rejected(result: SectionFormResult) {
  if (result.ok) throw new Error("expected the form to be rejected");
  return result;
}

const errorFor = (sectionId: string, fields: Record<string, string[]>) => rejected(parseSectionForm(instrument, sectionId, fields)).errors;

describe("parseSectionForm", () => {
  it("maps every question of the section to its answer, blanks to null", () => {
    const answers = accepted(parseSectionForm(instrument, "A", { PRESC1: ["4"], PRESC2: [""], PRESC7: ["3-5"] }));
    expect([...answers.keys()]).toEqual(["PRESC1", "PRESC2", "PRESC3", "PRESC4", "PRESC5", "PRESC6", "PRESC7"]);
    expect(answers.get("PRESC1")).toBe("4");
    expect(answers.get("PRESC2")).toBeNull();
    expect(answers.get("PRESC3")).toBeNull();
    expect(answers.get("PRESC7")).toBe("3-5");
  });

  it("accepts an empty post, because a half-complete section may be saved", () => {
    const answers = accepted(parseSectionForm(instrument, "D", {}));
    expect([...answers.values()].every((v) => v === null)).toBe(true);
  });

  it("accepts the section slug as well as its id", () => {
    expect(accepted(parseSectionForm(instrument, "central-prescription", { PRESC1: ["2"] })).get("PRESC1")).toBe("2");
  });

  it("throws for a section that does not exist", () => {
    expect(() => parseSectionForm(instrument, "Z", {})).toThrow("There is no section Z");
  });

  it("ignores control fields that start with an underscore", () => {
    expect(parseSectionForm(instrument, "A", { _intent: ["save"], _version: ["1"], PRESC1: ["1"] }).ok).toBe(true);
  });

  it("rejects a field that is not a question of this section without repeating its name", () => {
    const errors = errorFor("A", { PRESC1: ["1"], TECH1: ["2"], "<script>": ["x"] });
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error.itemId).toBeNull();
      expect(error.message).not.toMatch(/TECH1|script/);
    }
    expect(errors.map((e) => e.field)).toEqual(["TECH1", "<script>"]);
  });

  it("accepts every L5 code from 1 to 5 and dk", () => {
    for (const code of ["1", "2", "3", "4", "5", "dk"]) {
      expect(accepted(parseSectionForm(instrument, "A", { PRESC1: [code] })).get("PRESC1")).toBe(code);
    }
  });

  it("rejects L5 codes outside 1 to 5", () => {
    for (const code of ["0", "6", "DK", "4.0", "four"]) {
      expect(errorFor("A", { PRESC1: [code] }), code).toEqual([{ itemId: "PRESC1", field: "PRESC1", message: "Select one of the options" }]);
    }
  });

  it("accepts M5 codes 0 to 4 and rejects 5", () => {
    expect(accepted(parseSectionForm(instrument, "C", { TECH1: ["0"], TECH2: ["4"], TECH3: ["dk"] })).get("TECH1")).toBe("0");
    expect(errorFor("C", { TECH1: ["5"] })[0]?.itemId).toBe("TECH1");
  });

  it("accepts T11 codes 0 and 10 and rejects 11 and -1", () => {
    expect(accepted(parseSectionForm(instrument, "D", { LTC1: ["10"] })).get("LTC1")).toBe("10");
    expect(accepted(parseSectionForm(instrument, "D", { LTC1: ["0"] })).get("LTC1")).toBe("0");
    expect(errorFor("D", { LTC1: ["11"] })[0]?.message).toBe("Select a number from 0 to 10, or Don't know");
    expect(errorFor("D", { LTC1: ["-1"] })[0]?.itemId).toBe("LTC1");
  });

  it("trims whitespace around a code", () => {
    expect(accepted(parseSectionForm(instrument, "A", { PRESC1: [" 3 "] })).get("PRESC1")).toBe("3");
  });

  it("rejects a choice code that is not an option", () => {
    expect(errorFor("A", { PRESC7: ["12+"] })[0]?.message).toBe("Select one of the options");
  });

  it("rejects a single-valued question posted twice, even with the same value", () => {
    expect(errorFor("A", { PRESC1: ["2", "4"] })[0]?.message).toBe("Select only one option");
    expect(errorFor("A", { PRESC1: ["2", "2"] })[0]?.message).toBe("Select only one option");
    expect(errorFor("B", { BURDEN7: ["2", "4"] })[0]?.message).toBe("Enter only one answer");
  });

  it("treats a blank posted alongside a value as just the value", () => {
    expect(accepted(parseSectionForm(instrument, "A", { PRESC1: ["", "2"] })).get("PRESC1")).toBe("2");
  });

  it("accepts percentages 0 and 100 as canonical whole numbers", () => {
    for (const [posted, stored] of [
      ["0", "0"],
      ["100", "100"],
      ["045", "45"],
      [" 45 ", "45"],
      ["45%", "45"],
      ["-0", "0"],
    ]) {
      expect(accepted(parseSectionForm(instrument, "B", { BURDEN7: [posted!] })).get("BURDEN7"), posted).toBe(stored);
    }
  });

  it("rejects percentages above 100 or below 0", () => {
    for (const posted of ["101", "-1", "99999999999999999999999"]) {
      expect(errorFor("B", { BURDEN7: [posted] })[0]?.message, posted).toBe("Enter a percentage between 0 and 100");
    }
  });

  it("rejects a percentage that is not a whole number", () => {
    for (const posted of ["1.5", "abc", "1e2", "0x10", "4 5"]) {
      expect(errorFor("B", { BURDEN7: [posted] })[0]?.message, posted).toBe("Enter a whole number percentage, like 45");
    }
  });

  it("accepts whole numbers of returns from 0 to 100,000, with or without thousands commas", () => {
    for (const [posted, stored] of [
      ["0", "0"],
      ["12", "12"],
      ["1,200", "1200"],
      ["100000", "100000"],
    ]) {
      expect(accepted(parseSectionForm(instrument, "B", { BURDEN8: [posted!] })).get("BURDEN8"), posted).toBe(stored);
    }
  });

  it("rejects numbers of returns that are not whole or out of range", () => {
    expect(errorFor("B", { BURDEN8: ["1.5"] })[0]?.message).toBe("Enter a whole number, like 12");
    expect(errorFor("B", { BURDEN8: ["twelve"] })[0]?.message).toBe("Enter a whole number, like 12");
    expect(errorFor("B", { BURDEN8: ["1,20"] })[0]?.message).toBe("Enter a whole number, like 12");
    expect(errorFor("B", { BURDEN8: ["-1"] })[0]?.message).toBe("Enter a whole number between 0 and 100,000");
    expect(errorFor("B", { BURDEN8: ["100001"] })[0]?.message).toBe("Enter a whole number between 0 and 100,000");
  });

  it("accepts text of exactly 2,000 characters and rejects 2,001", () => {
    expect(accepted(parseSectionForm(instrument, "F", { FREE4: ["a".repeat(2000)] })).get("FREE4")).toHaveLength(2000);
    expect(errorFor("F", { FREE4: ["a".repeat(2001)] })).toEqual([{ itemId: "FREE4", field: "FREE4", message: "Answer must be 2,000 characters or fewer" }]);
  });

  it("counts characters as Unicode code points, so an emoji counts once", () => {
    const emoji = "😀"; // two UTF-16 code units
    expect(parseSectionForm(instrument, "F", { FREE4: [emoji.repeat(2000)] }).ok).toBe(true);
    expect(parseSectionForm(instrument, "F", { FREE4: [emoji.repeat(2001)] }).ok).toBe(false);
  });

  it("counts a CRLF line break as one character", () => {
    const answers = accepted(parseSectionForm(instrument, "F", { FREE4: [`${"a".repeat(999)}\r\n${"b".repeat(1000)}`] }));
    expect(answers.get("FREE4")).toBe(`${"a".repeat(999)}\n${"b".repeat(1000)}`);
  });

  it("trims text before counting and treats whitespace-only text as blank", () => {
    expect(accepted(parseSectionForm(instrument, "F", { FREE4: [`  ${"a".repeat(2000)}\n `] })).get("FREE4")).toHaveLength(2000);
    expect(accepted(parseSectionForm(instrument, "F", { FREE4: [" \r\n "] })).get("FREE4")).toBeNull();
  });

  it("never repeats the posted text in an error message", () => {
    const posted = `<b>${"x".repeat(2001)}</b>`;
    expect(errorFor("F", { FREE4: [posted] })[0]?.message).not.toContain("<b>");
  });

  it("accepts up to 3 choices and stores them in option order", () => {
    const answers = accepted(parseSectionForm(instrument, "F", { FREE2: ["data", "cloud", "automation"] }));
    expect(answers.get("FREE2")).toEqual(["cloud", "automation", "data"]);
  });

  it("rejects 4 choices", () => {
    expect(errorFor("F", { FREE2: ["data", "cloud", "automation", "psn-exit"] })).toEqual([
      { itemId: "FREE2", field: "FREE2", message: "Select no more than 3 options" },
    ]);
  });

  it("rejects a repeated or unknown choice", () => {
    expect(errorFor("F", { FREE2: ["cloud", "cloud"] })[0]?.message).toBe("Select each option only once");
    expect(errorFor("F", { FREE2: ["cloud", "blockchain"] })[0]?.message).toBe("Select options from the list");
  });

  it("treats no ticked boxes as no answer", () => {
    expect(accepted(parseSectionForm(instrument, "F", { FREE2: [] })).get("FREE2")).toBeNull();
    expect(accepted(parseSectionForm(instrument, "F", { FREE2: [""] })).get("FREE2")).toBeNull();
  });

  it("accepts TECH9 when TECH8 is lapsed", () => {
    const answers = accepted(parseSectionForm(instrument, "C", { TECH8: ["lapsed"], TECH9: ["cost"] }));
    expect(answers.get("TECH9")).toBe("cost");
  });

  it("rejects TECH9 answered when TECH8 is not lapsed or not answered", () => {
    for (const tech8 of ["certified", ""]) {
      expect(errorFor("C", { TECH8: [tech8], TECH9: ["cost"] })).toEqual([
        { itemId: "TECH9", field: "TECH9", message: "Only answer this question if you selected ‘Lapsed’" },
      ]);
    }
  });

  it("accepts a blank TECH9 whatever TECH8 is", () => {
    expect(parseSectionForm(instrument, "C", { TECH8: ["certified"], TECH9: [""] }).ok).toBe(true);
  });

  it("reports only TECH8 when TECH8 itself is invalid", () => {
    expect(errorFor("C", { TECH8: ["expired"], TECH9: ["cost"] }).map((e) => e.itemId)).toEqual(["TECH8"]);
  });

  it("rejects the whole post if any field is wrong and returns what was posted", () => {
    const result = rejected(parseSectionForm(instrument, "A", { PRESC1: ["4"], PRESC2: ["9"], _intent: ["save"] }));
    expect(result.errors.map((e) => e.itemId)).toEqual(["PRESC2"]);
    expect(result.values).toEqual({ PRESC1: ["4"], PRESC2: ["9"] });
  });

  it("lists errors in the order the questions appear", () => {
    expect(errorFor("A", { PRESC7: ["x"], PRESC1: ["x"], PRESC4: ["x"] }).map((e) => e.itemId)).toEqual(["PRESC1", "PRESC4", "PRESC7"]);
  });
});

describe("fieldsFromFormData", () => {
  it("collects every value posted under a name", () => {
    const form = new FormData();
    form.append("FREE2", "cloud");
    form.append("FREE2", "data");
    form.append("_intent", "save");
    expect(fieldsFromFormData(form)).toEqual({ FREE2: ["cloud", "data"], _intent: ["save"] });
  });

  it("keeps a field called __proto__ as an ordinary field", () => {
    const form = new FormData();
    form.append("__proto__", "x");
    const fields = fieldsFromFormData(form);
    expect(Object.keys(fields)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });

  it("treats names of Object's own properties as unknown questions", () => {
    const form = new FormData();
    form.append("constructor", "x");
    expect(errorFor("A", fieldsFromFormData(form))).toHaveLength(1);
  });
});

describe("encodeAnswer and decodeAnswer", () => {
  it("stores scale codes, numbers and text as they are", () => {
    expect(encodeAnswer(item("PRESC1"), "dk")).toBe("dk");
    expect(encodeAnswer(item("BURDEN7"), "45")).toBe("45");
    expect(encodeAnswer(item("FREE4"), "Fund outcomes;\nnot inputs")).toBe("Fund outcomes;\nnot inputs");
  });

  it("stores multi codes joined by semicolons in option order", () => {
    expect(encodeAnswer(item("FREE2"), ["data", "cloud"])).toBe("cloud;data");
  });

  it("round-trips every kind of answer", () => {
    const cases: [string, string | string[]][] = [
      ["PRESC1", "5"],
      ["PRESC7", "11+"],
      ["TECH1", "0"],
      ["LTC1", "10"],
      ["BURDEN7", "0"],
      ["BURDEN8", "1200"],
      ["FREE2", ["cloud", "psn-exit", "data"]],
      ["FREE4", "Trust us; fund us."],
    ];
    for (const [id, value] of cases) expect(decodeAnswer(item(id), encodeAnswer(item(id), value)), id).toEqual(value);
  });

  it("decodes stored answers by item id, leaving out ids the instrument does not know", () => {
    const decoded = decodeStoredAnswers(instrument, [
      ["PRESC1", "4"],
      ["FREE2", "cloud;data"],
      ["NOSUCH9", "1"],
      ["FREE4", ""],
    ]);
    expect([...decoded]).toEqual([
      ["PRESC1", "4"],
      ["FREE2", ["cloud", "data"]],
      ["FREE4", ""],
    ]);
    expect(decodeStoredAnswers(instrument, new Map([["FREE2", ""]])).get("FREE2")).toEqual([]);
  });

  it("refuses to store an invalid, blank or wrongly shaped answer", () => {
    expect(() => encodeAnswer(item("PRESC1"), "6")).toThrow("Cannot store answer for PRESC1");
    expect(() => encodeAnswer(item("PRESC1"), "")).toThrow("a blank answer is not stored");
    expect(() => encodeAnswer(item("FREE2"), [])).toThrow("a blank answer is not stored");
    expect(() => encodeAnswer(item("FREE2"), "cloud")).toThrow("expected a list of codes");
    expect(() => encodeAnswer(item("PRESC1"), ["1"])).toThrow("expected one value");
  });
});

describe("visibility of conditional questions", () => {
  it("shows TECH9 only when TECH8 is lapsed", () => {
    expect(isItemVisible(item("TECH9"), { TECH8: "lapsed" })).toBe(true);
    expect(isItemVisible(item("TECH9"), new Map([["TECH8", "certified"]]))).toBe(false);
    expect(isItemVisible(item("TECH9"), {})).toBe(false);
    expect(isItemVisible(item("TECH8"), {})).toBe(true);
  });

  it("drops a stored TECH9 answer once TECH8 is no longer lapsed, and blank answers", () => {
    const kept = dropHiddenAnswers(instrument, { TECH8: "certified", TECH9: "cost", TECH1: "", FREE2: [], LTC1: "dk" });
    expect([...kept.entries()]).toEqual([
      ["TECH8", "certified"],
      ["LTC1", "dk"],
    ]);
  });

  it("keeps TECH9 while TECH8 is lapsed", () => {
    expect(dropHiddenAnswers(instrument, { TECH8: "lapsed", TECH9: "cost" }).get("TECH9")).toBe("cost");
  });
});

describe("sectionCompleteness", () => {
  it("calls a section without required questions complete, even with nothing answered", () => {
    expect(sectionCompleteness(instrument, "A", {})).toEqual({ complete: true, answered: 0, total: 7, requiredMissing: [] });
  });

  it("needs the headline question of section D, and counts dk as an answer", () => {
    expect(sectionCompleteness(instrument, "D", { LTC2: "4" })).toMatchObject({ complete: false, answered: 1, requiredMissing: ["LTC1"] });
    expect(sectionCompleteness(instrument, "D", { LTC1: "dk" })).toMatchObject({ complete: true, answered: 1 });
  });

  it("needs TECH8, and TECH9 only when TECH8 is lapsed", () => {
    expect(sectionCompleteness(instrument, "C", {})).toMatchObject({ complete: false, requiredMissing: ["TECH8"], total: 8 });
    expect(sectionCompleteness(instrument, "C", { TECH8: "certified" })).toMatchObject({ complete: true, total: 8 });
    expect(sectionCompleteness(instrument, "C", { TECH8: "lapsed" })).toMatchObject({ complete: false, requiredMissing: ["TECH9"], total: 9 });
    expect(
      sectionCompleteness(
        instrument,
        "C",
        new Map([
          ["TECH8", "lapsed"],
          ["TECH9", "legacy"],
        ]),
      ),
    ).toMatchObject({ complete: true, answered: 2 });
  });

  it("ignores a stored answer to a hidden TECH9", () => {
    expect(sectionCompleteness(instrument, "C", { TECH8: "in-progress", TECH9: "cost" })).toEqual({
      complete: true,
      answered: 1,
      total: 8,
      requiredMissing: [],
    });
  });

  it("throws for a section that does not exist", () => {
    expect(() => sectionCompleteness(instrument, "Z", {})).toThrow("There is no section Z");
  });
});

describe("responseCompleteness", () => {
  it("lists every required question still missing across sections", () => {
    const result = responseCompleteness(instrument, { PRESC1: "3" });
    expect(result).toMatchObject({ complete: false, answered: 1, requiredMissing: ["TECH8", "LTC1", "PCT1"] });
    expect(result.sections.map((s) => [s.sectionId, s.complete])).toEqual([
      ["A", true],
      ["B", true],
      ["C", false],
      ["D", false],
      ["E", false],
      ["F", true],
    ]);
  });

  it("is complete once the required questions are answered, dk included", () => {
    expect(responseCompleteness(instrument, { TECH8: "not-needed", LTC1: "dk", PCT1: "0" }).complete).toBe(true);
  });
});

describe("formatAnswer", () => {
  const format = (id: string, value: string | string[] | null) => formatAnswer(instrument, item(id), value);

  it("shows scale labels, Don't know included", () => {
    expect(format("PRESC1", "4")).toBe("Agree");
    expect(format("PRESC1", "dk")).toBe("Don't know");
    expect(format("TECH1", "2")).toBe("Piloting or partly in place");
    expect(format("LTC1", "0")).toBe("0 – Not at all");
    expect(format("LTC1", "7")).toBe("7");
    expect(format("LTC1", "10")).toBe("10 – Completely");
  });

  it("shows option labels, multi labels in option order", () => {
    expect(format("TECH8", "not-needed")).toBe("No longer needed");
    expect(format("FREE2", ["data", "cloud"])).toBe("Cloud, Better data sharing");
  });

  it("shows percentages, whole numbers and text", () => {
    expect(format("BURDEN7", "45")).toBe("45%");
    expect(format("BURDEN8", "1200")).toBe("1,200");
    expect(format("FREE4", "Less ring-fencing")).toBe("Less ring-fencing");
  });

  it("shows Not answered for a blank", () => {
    expect(format("PRESC1", null)).toBe("Not answered");
    expect(format("PRESC1", "")).toBe("Not answered");
    expect(format("FREE2", [])).toBe("Not answered");
  });
});
