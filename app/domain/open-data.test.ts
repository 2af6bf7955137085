import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { releaseHeadline, SUPPRESSED, TABLES, type ReleaseDocument, type TableValue } from "./open-data";

const fieldsOf = (name: string) => TABLES.find((t) => t.name === name)!.fields.map((f) => f.name);

/** A row of the named table from named values; unnamed columns hold [z]. */
function row(table: string, values: Record<string, TableValue>): TableValue[] {
  return fieldsOf(table).map((name) => values[name] ?? "[z]");
}

function doc(indices: TableValue[][], responses: TableValue[][]): ReleaseDocument {
  return {
    format: 1,
    meta: {} as ReleaseDocument["meta"],
    tables: { indices, responses, items: [], codebook: [] },
  };
}

describe("releaseHeadline", () => {
  it("reads the whole wave's measures by column name, and a [c] as withheld, not as a number", () => {
    const d = doc(
      [
        row("indices", { breakdown: "all", group: "all", measure: "PRESC", n: 63, mean: 61.2, ci_low: 57.5, ci_high: 64.9, median: 62.5 }),
        row("indices", {
          breakdown: "all",
          group: "all",
          measure: "GAP",
          n: SUPPRESSED,
          mean: SUPPRESSED,
          ci_low: SUPPRESSED,
          ci_high: SUPPRESSED,
          median: SUPPRESSED,
        }),
        row("indices", { breakdown: "type", group: "LBO", measure: "PRESC", n: 12, mean: 50, ci_low: 40, ci_high: 60, median: 50 }),
      ],
      [
        row("responses", { breakdown: "all", group: "all", councils: 83, responses: 63, response_rate_pct: 76 }),
        row("responses", { breakdown: "nation", group: "Wales", councils: 9, responses: SUPPRESSED, response_rate_pct: SUPPRESSED }),
      ],
    );
    const h = releaseHeadline(d);
    expect(h.measures).toEqual([
      { measure: "PRESC", n: 63, mean: 61.2, ci95: [57.5, 64.9], median: 62.5, suppressed: false },
      { measure: "GAP", n: null, mean: null, ci95: null, median: null, suppressed: true },
    ]);
    expect(h.rates).toEqual([
      { breakdown: "all", group: "all", councils: 83, responses: 63, ratePct: 76 },
      { breakdown: "nation", group: "Wales", councils: 9, responses: null, ratePct: null },
    ]);
  });

  it("never turns a GSS symbol into a number, and keeps every number as it is", () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom("[c]", "[x]", "[z]"));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell, cell, cell), { minLength: 1, maxLength: 10 }), (cells) => {
        const rows = cells.map(([n, mean, lo, hi, median], i) =>
          row("indices", { breakdown: "all", group: "all", measure: `M${i}`, n, mean, ci_low: lo, ci_high: hi, median }),
        );
        const h = releaseHeadline(doc(rows, []));
        h.measures.forEach((m, i) => {
          const [n, mean, lo, hi, median] = cells[i]!;
          expect(m.n).toBe(typeof n === "number" ? n : null);
          expect(m.mean).toBe(typeof mean === "number" ? mean : null);
          expect(m.median).toBe(typeof median === "number" ? median : null);
          expect(m.ci95).toEqual(typeof lo === "number" && typeof hi === "number" ? [lo, hi] : null);
          expect(m.suppressed).toBe(n === "[c]");
        });
      }),
    );
  });
});
