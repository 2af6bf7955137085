import { describe, expect, it } from "vitest";
import { parseSectionForm } from "./answers";
import { getCurrentInstrument } from "./instruments";
import { answersAsFieldValues, CONDITIONAL_MARKER, dropUnmetConditionalFields } from "./section-form";

const instrument = getCurrentInstrument();

describe("conditional questions on a rendered section form", () => {
  it("drops a TECH9 answer the form offered when TECH8 is not Lapsed in the same post", () => {
    const fields = dropUnmetConditionalFields(instrument, "C", { TECH8: ["certified"], TECH9: ["cost"], [CONDITIONAL_MARKER]: ["TECH9"] });
    expect(fields.TECH9).toBeUndefined();
    expect(parseSectionForm(instrument, "C", fields)).toMatchObject({ ok: true });
  });

  it("keeps TECH9 when TECH8 is Lapsed", () => {
    const fields = dropUnmetConditionalFields(instrument, "C", { TECH8: ["lapsed"], TECH9: ["cost"], [CONDITIONAL_MARKER]: ["TECH9"] });
    expect(fields.TECH9).toEqual(["cost"]);
  });

  it("leaves a crafted post without the marker to be refused by the domain rule", () => {
    const fields = dropUnmetConditionalFields(instrument, "C", { TECH8: ["certified"], TECH9: ["cost"] });
    const parsed = parseSectionForm(instrument, "C", fields);
    expect(parsed.ok).toBe(false);
  });

  it("ignores a marker naming an item that is not conditional or not in the section", () => {
    const fields = dropUnmetConditionalFields(instrument, "A", { PRESC1: ["4"], [CONDITIONAL_MARKER]: ["PRESC1", "TECH9"] });
    expect(fields.PRESC1).toEqual(["4"]);
  });

  it("turns stored answers into form values, splitting multi answers", () => {
    expect(
      answersAsFieldValues(
        instrument,
        new Map([
          ["FREE2", "cloud;data"],
          ["PRESC1", "dk"],
          ["GONE1", "x"],
        ]),
      ),
    ).toEqual({ FREE2: ["cloud", "data"], PRESC1: ["dk"] });
  });
});
