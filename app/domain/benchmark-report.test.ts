import { describe, expect, it } from "vitest";
import { REPORT_MEASURES, buildComparatorFigures, type MeasureValues, type SubmittedCouncil } from "./benchmark-figures";
import { buildBenchmarkReport, formatValue, headlineSentence, reportJson } from "./benchmark-report";
import { getInstrument } from "./instruments";

const instrument = getInstrument(1);
const values = (v: number | null, overrides: Partial<MeasureValues> = {}): MeasureValues =>
  ({ ...Object.fromEntries(REPORT_MEASURES.map((m) => [m, v])), ...overrides }) as MeasureValues;

// 20 councils: 10 metropolitan districts in Yorkshire (values 10 … 100) and 10 Welsh principal
// areas (values 10 … 100): all councils' quartiles are those of 10, 10, 20, 20, …, 100, 100.
const register: SubmittedCouncil[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ councilId: i + 1, type: "MD", region: "Yorkshire and The Humber", values: values((i + 1) * 10) })),
  ...Array.from({ length: 10 }, (_, i) => ({ councilId: i + 11, type: "WPA", region: "Wales", values: values((i + 1) * 10) })),
];
const figures = buildComparatorFigures({ instrument, councils: register, itemCounts: { PRESC1: { "1": 10, "2": 10, "3": 10, "4": 10, "5": 10 } } });
const leeds = { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" };
const wave = { slug: "2025", title: "2025 survey", publishedAt: "2026-01-31T10:00:00.000Z", instrumentVersion: 1 };

function report(own: MeasureValues, answers: Record<string, string | null> = {}, earlier: Parameters<typeof buildBenchmarkReport>[0]["earlier"] = []) {
  return buildBenchmarkReport({ wave, council: leeds, instrument, own: { values: own, answers }, figures, earlier });
}

describe("the benchmark report", () => {
  it("gives each measure its value, each group's quartiles and n, and the band in words", () => {
    const r = report(values(20, { GAP: 95 }));
    const presc = r.measures.find((m) => m.code === "PRESC")!;
    // all councils: 10, 10, 20, 20, …, 100, 100 → h = 19 · 0.25 = 4.75 → 30 + 0.75 · 0 = 30; median 55; Q3 h = 14.25 → 80.
    expect(presc.groups[0]).toEqual({
      comparator: "all",
      label: "All councils",
      cell: { suppressed: false, n: 20, q1: 30, median: 55, q3: 80, band: "lowest" },
    });
    // MD: 10 … 100 → 32.5, 55, 77.5.
    expect(presc.groups[1]).toEqual({
      comparator: "type",
      label: "Same type (Metropolitan district)",
      cell: { suppressed: false, n: 10, q1: 32.5, median: 55, q3: 77.5, band: "lowest" },
    });
    expect(presc.groups[2]!.label).toBe("Same region (Yorkshire and The Humber)");
    expect(presc.reading).toBe(
      "Your council's value is 20.0: in the lowest quarter of all councils, the lowest quarter of councils of the same type and the lowest quarter of councils in the same region.",
    );
  });

  it("puts a value equal to Q1 or Q3 in the middle half", () => {
    const r = report(values(30, { TECH: 80 }));
    expect(r.measures.find((m) => m.code === "PRESC")!.groups[0]!.cell).toMatchObject({ q1: 30, band: "middle" });
    expect(r.measures.find((m) => m.code === "TECH")!.groups[0]!.cell).toMatchObject({ q3: 80, band: "middle" });
  });

  it("says the gap's direction and its place among all councils in plain words", () => {
    expect(report(values(50, { GAP: 95 })).headline).toBe(
      "Your council trusts central government more than it feels trusted by it; among all 20 councils that answered, your gap is in the highest quarter.",
    );
    expect(headlineSentence(-5, { suppressed: false, n: 75, q1: -3, median: 0, q3: 4, band: "lowest" })).toBe(
      "Your council feels more trusted by central government than it trusts it; among all 75 councils that answered, your gap is in the lowest quarter.",
    );
    expect(headlineSentence(0, { suppressed: true })).toBe(
      "Your council trusts central government as much as it feels trusted by it; fewer than 10 councils have a trust gap, so it is not compared with other councils.",
    );
  });

  it("gives three to five sentences for the council's leadership", () => {
    const r = report(values(90));
    expect(r.leadership.length).toBeGreaterThanOrEqual(3);
    expect(r.leadership.length).toBeLessThanOrEqual(5);
    expect(r.leadership[0]).toBe(
      "Your council reports more central prescription than most councils: its central prescription score of 90.0 out of 100 is in the highest quarter (the middle half of all councils score 30.0 to 80.0).",
    );
  });

  it("handles a council without a value: no band, a reason in words, null in the JSON", () => {
    const r = report(values(50, { BURDEN: null }));
    const burden = r.measures.find((m) => m.code === "BURDEN")!;
    expect(burden.value).toBeNull();
    expect(burden.groups[0]!.cell).toMatchObject({ suppressed: false, band: null });
    expect(burden.reading).toMatch(/^Your council has no audit and reporting load value/);
    expect(r.leadership[1]).toBe("Audit and reporting load: your council's answers do not give a value, so it is not compared.");
    expect(reportJson(r).measures.BURDEN).toMatchObject({ value: null, groups: { all: { band: null } } });
  });

  it("shows [c] for a suppressed group and says which comparison is still available", () => {
    const cardiff = { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Cardiff", nation: "Wales" };
    const few = buildComparatorFigures({ instrument, councils: register.slice(0, 19), itemCounts: {} });
    const r = buildBenchmarkReport({ wave, council: cardiff, instrument, own: { values: values(50), answers: {} }, figures: few, earlier: [] });
    const presc = r.measures.find((m) => m.code === "PRESC")!;
    expect(presc.groups.map((g) => g.cell.suppressed)).toEqual([false, true, true]);
    expect(presc.groups[2]!.label).toBe("Same nation (Wales)");
    expect(presc.reading).toBe(
      "Your council's value is 50.0: in the middle half of all councils. The comparison with councils of the same type and councils in the same nation is not shown ([c] fewer than 10 councils); the comparison with all councils is still available.",
    );
    expect(r.leadership.at(-1)).toBe(
      "Some or all comparisons with councils of the same type (Welsh principal area) and councils in the same nation (Wales) are not shown because fewer than 10 councils in them have a value; the comparison with all councils is still available.",
    );
    expect(reportJson(r).measures.PRESC.groups.type).toEqual({ suppressed: true });
  });

  it("puts the council's own answer beside all councils' distribution, marking the share that holds it", () => {
    const r = report(values(50), { PRESC1: "4", PRESC2: "dk" });
    const item = r.items.find((i) => i.id === "PRESC1")!;
    expect(item).toMatchObject({ ownAnswer: "Agree", ownCategory: "4", distribution: { suppressed: false, merged: false, base: 50 } });
    expect(r.items.find((i) => i.id === "PRESC2")).toMatchObject({ ownAnswer: "Don't know", ownCategory: null, distribution: { suppressed: true } });
    expect(r.items.find((i) => i.id === "PRESC3")!.ownAnswer).toBe("Not answered");
  });

  it("lists the trend oldest first with each group's median, marking a wave whose questions changed", () => {
    const older = { wave: { slug: "2023", title: "2023 survey", instrumentVersion: 0 }, own: values(40), figures };
    const r = report(values(50), {}, [older, { ...older, wave: { slug: "2024", title: "2024 survey", instrumentVersion: 0 }, figures: null }]);
    expect(r.trend.map((t) => [t.wave.slug, t.questionsChanged])).toEqual([
      ["2023", false],
      ["2024", false],
      ["2025", true],
    ]);
    expect(r.trend[0]!.measures.PRESC).toEqual({ value: 40, medians: { all: 55, type: 55, region: 55 } });
    expect(r.trend[1]!.measures.PRESC.medians).toEqual({ all: null, type: null, region: null });
  });

  it("gives the JSON exactly the documented keys, and never a minimum, maximum or rank", () => {
    const json = reportJson(report(values(50)));
    expect(Object.keys(json).sort()).toEqual(["council", "k", "measures", "trend", "wave"]);
    expect(Object.keys(json.wave).sort()).toEqual(["publishedAt", "slug", "title"]);
    expect(Object.keys(json.council).sort()).toEqual(["gssCode", "name", "nation", "region", "type"]);
    expect(Object.keys(json.measures)).toEqual([...REPORT_MEASURES]);
    expect(Object.keys(json.measures.GAP.groups)).toEqual(["all", "type", "region"]);
    expect(Object.keys(json.measures.GAP.groups.all).sort()).toEqual(["band", "median", "n", "q1", "q3", "suppressed"]);
    expect(json.trend[0]).toEqual({ wave: "2025", measures: Object.fromEntries(REPORT_MEASURES.map((m) => [m, { value: 50, median: 55 }])) });
    expect(JSON.stringify(json)).not.toMatch(/min|max|rank/i);
  });

  it("formats values with one decimal and a real minus sign", () => {
    expect(formatValue(-2.25)).toBe("−2.3");
    expect(formatValue(-0.01)).toBe("0.0");
    expect(formatValue(62.5)).toBe("62.5");
  });
});
