import { describe, expect, it } from "vitest";
import { answerLabel } from "./answer-labels";
import { getItem } from "./instrument";
import { getInstrument } from "./instruments";

describe("answerLabel", () => {
  const instrument = getInstrument(1);
  const label = (id: string, code: string) => answerLabel(instrument, getItem(instrument, id)!, code);

  it("labels scale codes, options and Don't know as the respondent read them", () => {
    expect(label("LTC2", "5")).toBe("Strongly agree");
    expect(label("LTC2", "1")).toBe("Strongly disagree");
    expect(label("TECH1", "2")).toBe("Piloting or partly in place");
    expect(label("LTC1", "10")).toBe("10 – Completely");
    expect(label("TECH8", "not-needed")).toBe("No longer needed");
    expect(label("PRESC1", "dk")).toBe("Don't know");
  });

  it("labels the collapsed categories by the answers they join", () => {
    expect(label("LTC2", "upper")).toBe("Agree or strongly agree");
    expect(label("LTC2", "lower")).toBe("Strongly disagree or disagree");
    expect(label("TECH1", "lower")).toBe("Not started or planning");
    expect(label("TECH1", "middle")).toBe("Piloting or partly in place");
  });

  it("returns an unknown code unchanged", () => {
    expect(label("TECH8", "retired-code")).toBe("retired-code");
  });
});
