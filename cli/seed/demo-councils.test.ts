import { describe, expect, it } from "vitest";
import { COUNCIL_TYPES, NATIONS, councilRowSchema, type CouncilType } from "../../app/domain/council-register";
import { DEMO_COUNCILS } from "./demo-councils";

const ENGLISH_REGIONS = [
  "North East",
  "North West",
  "Yorkshire and The Humber",
  "East Midlands",
  "West Midlands",
  "East of England",
  "London",
  "South East",
  "South West",
] as const;

/** The council type that each GSS entity code (the first three characters) is used for. */
const TYPE_BY_GSS_ENTITY: Record<string, CouncilType> = {
  E06: "UA",
  E07: "NMD",
  E08: "MD",
  E09: "LBO",
  E10: "CTY",
  S12: "SCO",
  W06: "WPA",
  N09: "NID",
};
const CITY_OF_LONDON = "E09000001";

const count = (predicate: (row: (typeof DEMO_COUNCILS)[number]) => boolean) => DEMO_COUNCILS.filter(predicate).length;

describe("the demo councils", () => {
  it("are at least 64", () => {
    expect(DEMO_COUNCILS.length).toBeGreaterThanOrEqual(64);
  });

  it("each pass the register schema unchanged", () => {
    for (const row of DEMO_COUNCILS) {
      const result = councilRowSchema.safeParse(row);
      expect(result.success, `${row.gssCode} ${row.name}`).toBe(true);
      if (result.success) expect(result.data).toEqual(row);
    }
  });

  it("have unique GSS codes and unique names", () => {
    expect(new Set(DEMO_COUNCILS.map((row) => row.gssCode)).size).toBe(DEMO_COUNCILS.length);
    expect(new Set(DEMO_COUNCILS.map((row) => row.name)).size).toBe(DEMO_COUNCILS.length);
  });

  it("include every council type and every nation", () => {
    expect(new Set(DEMO_COUNCILS.map((row) => row.type))).toEqual(new Set(COUNCIL_TYPES));
    expect(new Set(DEMO_COUNCILS.map((row) => row.nation))).toEqual(new Set(NATIONS));
  });

  it("have a type that matches the GSS code", () => {
    for (const row of DEMO_COUNCILS) {
      const expected = row.gssCode === CITY_OF_LONDON ? "CC" : TYPE_BY_GSS_ENTITY[row.gssCode.slice(0, 3)];
      expect(row.type, `${row.gssCode} ${row.name}`).toBe(expected);
    }
  });

  it("have at least two councils in every English region, and no other region in England", () => {
    for (const region of ENGLISH_REGIONS) {
      expect(
        count((row) => row.nation === "England" && row.region === region),
        region,
      ).toBeGreaterThanOrEqual(2);
    }
    const regionsInEngland = new Set(DEMO_COUNCILS.filter((row) => row.nation === "England").map((row) => row.region));
    expect([...regionsInEngland].sort()).toEqual([...ENGLISH_REGIONS].sort());
  });

  it("outside England, use the nation as the region", () => {
    for (const row of DEMO_COUNCILS.filter((row) => row.nation !== "England")) {
      expect(row.region, `${row.gssCode} ${row.name}`).toBe(row.nation);
    }
  });

  it("include at least 6 Scottish, 6 Welsh and 4 Northern Irish councils", () => {
    expect(count((row) => row.nation === "Scotland")).toBeGreaterThanOrEqual(6);
    expect(count((row) => row.nation === "Wales")).toBeGreaterThanOrEqual(6);
    expect(count((row) => row.nation === "Northern Ireland")).toBeGreaterThanOrEqual(4);
  });

  it("use the councils created in the 2023 reorganisations, not the districts they replaced", () => {
    const codes = DEMO_COUNCILS.map((row) => row.gssCode);
    expect(codes).toEqual(expect.arrayContaining(["E06000063", "E06000064", "E06000065", "E06000066"]));
    // Cumbria, North Yorkshire and Somerset county councils, and e.g. Allerdale, Harrogate and Somerset West and Taunton.
    for (const abolished of ["E10000006", "E10000023", "E10000027", "E07000026", "E07000165", "E07000246"]) {
      expect(codes).not.toContain(abolished);
    }
  });
});
