import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportFileName, fileNamePart } from "./export-names";

describe("export file names", () => {
  it("names an unfiltered export by its wave and contents", () => {
    expect(exportFileName("2026", "aggregates", { type: null, region: null, nation: null }, "csv")).toBe("localtrust-2026-aggregates.csv");
  });

  it("names a filtered export with its filter and value", () => {
    expect(exportFileName("2026", "aggregates", { type: null, region: "Wales", nation: null }, "csv")).toBe("localtrust-2026-aggregates-region-wales.csv");
    expect(exportFileName("2026", "aggregates", { type: "UA" }, "xlsx")).toBe("localtrust-2026-aggregates-type-ua.xlsx");
    expect(exportFileName("2026", "audit log", { from: "2026-01-01", to: "2026-03-31" }, "csv")).toBe(
      "localtrust-2026-audit-log-from-2026-01-01-to-2026-03-31.csv",
    );
  });

  it("turns names with spaces, accents and punctuation into plain hyphenated words", () => {
    expect(fileNamePart("Yorkshire and The Humber")).toBe("yorkshire-and-the-humber");
    expect(fileNamePart("Ynys Môn / Anglesey")).toBe("ynys-mon-anglesey");
    expect(fileNamePart("  --  ")).toBe("");
  });

  it("always gives a name of safe characters that keeps every non-empty filter", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string({ minLength: 1 }), fc.option(fc.string())), (wave, filters) => {
        const name = exportFileName(wave, "aggregates", filters, "csv");
        expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.csv$/);
        for (const [key, value] of Object.entries(filters)) {
          if (value && fileNamePart(value) && fileNamePart(key)) expect(name).toContain(`-${fileNamePart(key)}-${fileNamePart(value)}`);
        }
      }),
    );
  });
});
