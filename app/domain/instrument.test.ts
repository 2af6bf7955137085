import { describe, expect, it } from "vitest";
import { INTEGER_MAX, InvalidInstrumentError, allItems, getItem, getSection, loadInstrument, scaleCodes, type InstrumentData } from "./instrument";
import { instrumentV1 } from "./instrument-v1";

// A copy of version 1 that each test may break in one place.
function v1(): InstrumentData {
  return structuredClone(instrumentV1) as InstrumentData;
}

function section(data: InstrumentData, id: string) {
  const found = data.sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

function item(data: InstrumentData, id: string) {
  const found = data.sections.flatMap((s) => s.items).find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

function problemsOf(data: unknown): readonly string[] {
  try {
    loadInstrument(data);
  } catch (error) {
    if (error instanceof InvalidInstrumentError) return error.problems;
    throw error;
  }
  throw new Error("the instrument loaded");
}

describe("loadInstrument", () => {
  it("loads version 1 without problems", () => {
    expect(loadInstrument(v1()).version).toBe(1);
  });

  it("rejects data that is not an object", () => {
    expect(() => loadInstrument(null)).toThrow(/Invalid instrument/);
    expect(() => loadInstrument("instrument")).toThrow(/Invalid instrument/);
  });

  it("rejects an item id used twice, naming the id", () => {
    const data = v1();
    item(data, "PRESC2").id = "PRESC1";
    expect(problemsOf(data)).toContain("item id PRESC1 is used more than once");
  });

  it("rejects an item id used twice across sections", () => {
    const data = v1();
    item(data, "FREE1").id = "TECH1";
    expect(problemsOf(data)).toContain("item id TECH1 is used more than once");
  });

  it("rejects an unknown scale with the path of the item", () => {
    const data = v1() as unknown as { sections: { items: { scale: string }[] }[] };
    data.sections[0]!.items[0]!.scale = "L7";
    expect(problemsOf(data).join("\n")).toMatch(/^sections\.0\.items\.0\.scale: /m);
  });

  it("rejects a misspelt property instead of ignoring it", () => {
    const data = v1() as unknown as { sections: { items: Record<string, unknown>[] }[] };
    data.sections[0]!.items[0]!.reversed = true;
    expect(problemsOf(data).join("\n")).toMatch(/reversed/);
  });

  it("rejects duplicate section ids and slugs", () => {
    const data = v1();
    section(data, "B").id = "A";
    section(data, "C").slug = "central-prescription";
    expect(problemsOf(data)).toEqual(
      expect.arrayContaining(["section id A is used more than once", "section slug central-prescription is used more than once"]),
    );
  });

  it("rejects a choice item without options", () => {
    const data = v1();
    delete item(data, "PRESC7").options;
    expect(problemsOf(data)).toContain("PRESC7: choice items need options");
  });

  it("rejects options on a scale item", () => {
    const data = v1();
    item(data, "PRESC1").options = [{ code: "a", label: "A" }];
    expect(problemsOf(data)).toContain("PRESC1: only choice and multi items have options");
  });

  it("rejects option codes used twice in one item", () => {
    const data = v1();
    item(data, "FREE3").options = [
      { code: "same", label: "Same" },
      { code: "same", label: "Also same" },
    ];
    expect(problemsOf(data)).toContain("FREE3: option code same is used more than once");
  });

  it("rejects an option code containing the storage separator", () => {
    const data = v1();
    item(data, "FREE3").options = [{ code: "a;b", label: "A" }];
    expect(problemsOf(data).join("\n")).toMatch(/options\.0\.code/);
  });

  it("rejects maxChoices above the number of options", () => {
    const data = v1();
    item(data, "FREE2").maxChoices = 8;
    expect(problemsOf(data)).toContain("FREE2: maxChoices is more than the number of options");
  });

  it("rejects reverse coding on an unscored item", () => {
    const data = v1();
    item(data, "FREE4").reverse = true;
    expect(problemsOf(data)).toContain("FREE4: only L5, M5 and T11 items can be reverse-coded");
  });

  it("rejects showWhen pointing at an item that does not exist", () => {
    const data = v1();
    item(data, "TECH9").showWhen = { itemId: "TECH99", equals: "lapsed" };
    expect(problemsOf(data)).toContain("TECH9: showWhen refers to TECH99, which does not exist");
  });

  it("rejects showWhen with a value that is not an option of the controlling item", () => {
    const data = v1();
    item(data, "TECH9").showWhen = { itemId: "TECH8", equals: "expired" };
    expect(problemsOf(data)).toContain('TECH9: showWhen value "expired" is not an option of TECH8');
  });

  it("rejects showWhen pointing at an item of another section", () => {
    const data = v1();
    item(data, "TECH9").showWhen = { itemId: "PRESC7", equals: "0" };
    expect(problemsOf(data)).toContain("TECH9: showWhen must refer to an earlier item of section C, not PRESC7");
  });

  it("rejects showWhen pointing at a later item of the same section", () => {
    const data = v1();
    item(data, "TECH1").showWhen = { itemId: "TECH8", equals: "lapsed" };
    expect(problemsOf(data)).toContain("TECH1: showWhen must refer to an earlier item of section C, not TECH8");
  });

  it("rejects showWhen pointing at an item that is not a choice", () => {
    const data = v1();
    item(data, "TECH9").showWhen = { itemId: "TECH7", equals: "4" };
    expect(problemsOf(data)).toContain("TECH9: showWhen must refer to a choice item");
  });

  it("rejects an index that includes a text item", () => {
    const data = v1();
    data.indices[0]!.itemIds = [...data.indices[0]!.itemIds, "FREE4"];
    expect(problemsOf(data)).toContain("index PRESC: item FREE4 is text, not a scored scale (L5, M5, T11)");
  });

  it("rejects an index that includes an item that does not exist", () => {
    const data = v1();
    data.indices[3]!.itemIds = ["LTC2", "LTC3", "LTC4", "LTC5", "LTC7"];
    expect(problemsOf(data)).toContain("index LTC: item LTC7 does not exist");
  });

  it("rejects an index that needs more answers than it has items", () => {
    const data = v1();
    data.indices[3]!.minAnswered = 6;
    expect(problemsOf(data)).toContain("index LTC: minAnswered is more than its number of items");
  });

  it("rejects an index defined twice", () => {
    const data = v1();
    data.indices[1]!.code = "PRESC";
    expect(problemsOf(data)).toContain("index PRESC is defined more than once");
  });

  it("rejects mirrors pointing at an item that does not exist", () => {
    const data = v1();
    item(data, "PCT2").mirrors = "LTC9";
    expect(problemsOf(data)).toContain("PCT2: mirrors LTC9, which does not exist");
  });

  it("rejects mirrors pointing at an item on another scale", () => {
    const data = v1();
    item(data, "PCT2").mirrors = "LTC1";
    expect(problemsOf(data)).toContain("PCT2: mirrors LTC1, which has a different scale (T11)");
  });

  it("rejects scale labels whose codes do not match the scale", () => {
    const data = v1();
    data.scaleLabels.L5 = data.scaleLabels.L5.slice(0, 5);
    expect(problemsOf(data)).toContain("scaleLabels.L5: codes must be 1,2,3,4,5,dk in that order, not 1,2,3,4,5");
  });

  it("lists every problem in one error message", () => {
    const data = v1();
    item(data, "PRESC2").id = "PRESC1";
    item(data, "PCT2").mirrors = "LTC9";
    expect(() => loadInstrument(data)).toThrow(/PRESC1 is used more than once[\s\S]*mirrors LTC9/);
  });
});

describe("defaults filled in by the loader", () => {
  const instrument = loadInstrument(v1());

  it("gives every item its section id and false flags unless set", () => {
    expect(getItem(instrument, "PRESC1")).toMatchObject({ sectionId: "A", reverse: false, required: false, headline: false });
    expect(getItem(instrument, "PRESC5")).toMatchObject({ reverse: true });
  });

  it("limits text to 2,000 characters, percentages to 0–100 and whole numbers to 0–100,000", () => {
    expect(getItem(instrument, "FREE4")?.maxLength).toBe(2000);
    expect(getItem(instrument, "BURDEN7")).toMatchObject({ min: 0, max: 100 });
    expect(getItem(instrument, "BURDEN8")).toMatchObject({ min: 0, max: INTEGER_MAX });
    expect(INTEGER_MAX).toBe(100_000);
  });
});

describe("instrument helpers", () => {
  const instrument = loadInstrument(v1());

  it("finds an item by id and returns null for an unknown id", () => {
    expect(getItem(instrument, "TECH9")?.text).toBe("Main reason it lapsed");
    expect(getItem(instrument, "TECH10")).toBeNull();
  });

  it("finds a section by id or by slug and returns null otherwise", () => {
    expect(getSection(instrument, "A")?.title).toBe("Central prescription");
    expect(getSection(instrument, "central-prescription")?.id).toBe("A");
    expect(getSection(instrument, "G")).toBeNull();
  });

  it("lists every item in questionnaire order", () => {
    const ids = allItems(instrument).map((i) => i.id);
    expect(ids[0]).toBe("PRESC1");
    expect(ids.at(-1)).toBe("FREE4");
    expect(ids.indexOf("TECH8")).toBeLessThan(ids.indexOf("TECH9"));
  });

  it("gives the stored codes of each scale, Don't know included", () => {
    const codes = (id: string) => scaleCodes(getItem(instrument, id)!);
    expect(codes("PRESC1")).toEqual(["1", "2", "3", "4", "5", "dk"]);
    expect(codes("TECH1")).toEqual(["0", "1", "2", "3", "4", "dk"]);
    expect(codes("LTC1")).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "dk"]);
  });

  it("gives option codes for choice and multi items and none for numbers or text", () => {
    const codes = (id: string) => scaleCodes(getItem(instrument, id)!);
    expect(codes("TECH8")).toEqual(["certified", "in-progress", "lapsed", "not-needed"]);
    expect(codes("FREE2")).toHaveLength(7);
    expect(codes("BURDEN7")).toEqual([]);
    expect(codes("FREE4")).toEqual([]);
  });
});
