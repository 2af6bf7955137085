import { describe, expect, it } from "vitest";
import { COUNCIL_TYPES, COUNCIL_TYPE_LABELS, councilTypeLabel } from "./council-types";

describe("council types", () => {
  it("labels every register type code and nothing else", () => {
    expect(Object.keys(COUNCIL_TYPE_LABELS).sort()).toEqual([...COUNCIL_TYPES].sort());
  });

  it("shows a known code with its label and an unknown code as it is", () => {
    expect(councilTypeLabel("UA")).toBe("Unitary authority (UA)");
    expect(councilTypeLabel("XYZ")).toBe("XYZ");
  });
});
