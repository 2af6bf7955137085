import { describe, expect, it } from "vitest";
import { divergingBarSegments, oecdGrouping, scaleDistribution, wholePercent } from "./distributions";

const L5 = ["1", "2", "3", "4", "5"];
const M5 = ["0", "1", "2", "3", "4"];

describe("wholePercent", () => {
  it("rounds halves up", () => {
    expect(wholePercent(1, 8)).toBe(13); // 12.5
    expect(wholePercent(1, 40)).toBe(3); // 2.5
    expect(wholePercent(3, 8)).toBe(38); // 37.5
  });

  it("rounds other shares to the nearest whole number", () => {
    expect(wholePercent(1, 3)).toBe(33);
    expect(wholePercent(2, 3)).toBe(67);
    expect(wholePercent(0, 7)).toBe(0);
    expect(wholePercent(7, 7)).toBe(100);
  });

  it("gives no percentage of an empty base", () => {
    expect(wholePercent(0, 0)).toBeNull();
  });
});

describe("scaleDistribution", () => {
  it("counts each L5 code and keeps dk out of the percentage base", () => {
    const result = scaleDistribution(["1", "2", "2", "4", "5", "5", "5", "5", "dk", "dk"], L5);
    expect(result.base).toBe(8);
    expect(result.dk).toBe(2);
    expect(result.categories).toEqual([
      { code: "1", count: 1, percent: 13 },
      { code: "2", count: 2, percent: 25 },
      { code: "3", count: 0, percent: 0 },
      { code: "4", count: 1, percent: 13 },
      { code: "5", count: 4, percent: 50 },
    ]);
  });

  it("lists M5 codes from 0 to 4 in scale order whatever order the answers come in", () => {
    const result = scaleDistribution(["4", "0", "2", "2"], M5);
    expect(result.categories.map(({ code, count }) => [code, count])).toEqual([
      ["0", 1],
      ["1", 0],
      ["2", 2],
      ["3", 0],
      ["4", 1],
    ]);
    expect(result.categories.map(({ percent }) => percent)).toEqual([25, 0, 50, 0, 25]);
  });

  it("rounds each percentage on its own, so the total can differ from 100", () => {
    const result = scaleDistribution(["1", "2", "3"], L5);
    expect(result.categories.map(({ percent }) => percent)).toEqual([33, 33, 33, 0, 0]);
  });

  it("gives zero counts and no percentages for no answers", () => {
    const result = scaleDistribution([], L5);
    expect(result.base).toBe(0);
    expect(result.dk).toBe(0);
    expect(result.categories.every(({ count, percent }) => count === 0 && percent === null)).toBe(true);
  });

  it("gives no percentages when every answer is dk", () => {
    const result = scaleDistribution(["dk", "dk", "dk"], L5);
    expect(result.dk).toBe(3);
    expect(result.base).toBe(0);
    expect(result.categories.map(({ percent }) => percent)).toEqual([null, null, null, null, null]);
  });

  it("accepts the scale's code list with dk in it, as the instrument gives it", () => {
    const result = scaleDistribution(["1", "dk"], [...L5, "dk"]);
    expect(result.categories.map(({ code }) => code)).toEqual(L5);
    expect(result.dk).toBe(1);
  });

  it("refuses a code that is not on the scale", () => {
    expect(() => scaleDistribution(["0"], L5)).toThrow(RangeError);
    expect(() => scaleDistribution([""], M5)).toThrow(RangeError);
  });
});

describe("oecdGrouping", () => {
  it("groups 0–4 as low, 5 as neutral and 6–10 as high, with dk apart", () => {
    const result = oecdGrouping(["0", "4", "5", "5", "6", "10", "7", "3", "dk"]);
    expect(result.base).toBe(8);
    expect(result.dk).toBe(1);
    expect(result.groups).toEqual([
      { group: "low", label: "Low or no trust", count: 3, percent: 38 },
      { group: "neutral", label: "Neutral", count: 2, percent: 25 },
      { group: "high", label: "High or moderately high trust", count: 3, percent: 38 },
    ]);
    expect(result.mean).toBe(40 / 8);
  });

  it("gives no mean or percentages when every answer is dk", () => {
    const result = oecdGrouping(["dk", "dk"]);
    expect(result).toMatchObject({ base: 0, dk: 2, mean: null });
    expect(result.groups.every(({ count, percent }) => count === 0 && percent === null)).toBe(true);
  });

  it("gives no mean or percentages for no answers", () => {
    expect(oecdGrouping([])).toMatchObject({ base: 0, dk: 0, mean: null });
  });

  it("gives the value as the mean of one answer", () => {
    expect(oecdGrouping(["7"]).mean).toBe(7);
  });

  it("refuses codes outside 0 to 10", () => {
    for (const bad of ["11", "-1", "05", "5.5", ""]) {
      expect(() => oecdGrouping([bad])).toThrow(RangeError);
    }
  });
});

describe("divergingBarSegments", () => {
  it("centres an L5 bar on the middle of Neither agree nor disagree", () => {
    // 10% / 20% / 20% / 30% / 20%: left of centre = 10 + 20 + 20/2 = 40.
    const codes = ["1", "2", "2", "3", "3", "4", "4", "4", "5", "5"];
    const segments = divergingBarSegments(scaleDistribution(codes, L5));
    expect(segments).toEqual([
      { code: "1", start: -40, end: -30 },
      { code: "2", start: -30, end: -10 },
      { code: "3", start: -10, end: 10 },
      { code: "4", start: 10, end: 40 },
      { code: "5", start: 40, end: 60 },
    ]);
  });

  it("centres an M5 bar on the middle of Piloting or partly in place", () => {
    // 0: 25%, 1: 0%, 2: 50%, 3: 0%, 4: 25%.
    const segments = divergingBarSegments(scaleDistribution(["0", "2", "2", "4"], M5));
    expect(segments).toEqual([
      { code: "0", start: -50, end: -25 },
      { code: "1", start: -25, end: -25 },
      { code: "2", start: -25, end: 25 },
      { code: "3", start: 25, end: 25 },
      { code: "4", start: 25, end: 50 },
    ]);
  });

  it("ignores dk answers, which are shown beside the bar", () => {
    const withDk = divergingBarSegments(scaleDistribution(["1", "5", "dk", "dk"], L5));
    const withoutDk = divergingBarSegments(scaleDistribution(["1", "5"], L5));
    expect(withDk).toEqual(withoutDk);
  });

  it("spans 100 percentage points whatever the shares", () => {
    const segments = divergingBarSegments(scaleDistribution(["1", "2", "2", "3", "5", "5", "5"], L5));
    const first = segments[0];
    const last = segments[segments.length - 1];
    expect((last?.end ?? 0) - (first?.start ?? 0)).toBeCloseTo(100, 10);
  });

  it("puts the centre between the two halves of a scale with an even number of codes", () => {
    const segments = divergingBarSegments(scaleDistribution(["a", "b", "c", "d"], ["a", "b", "c", "d"]));
    expect(segments.map(({ start, end }) => [start, end])).toEqual([
      [-50, -25],
      [-25, 0],
      [0, 25],
      [25, 50],
    ]);
  });

  it("gives zero-width segments when there are no answers other than dk", () => {
    const segments = divergingBarSegments(scaleDistribution(["dk"], L5));
    expect(segments.every(({ start, end }) => start === 0 && end === 0)).toBe(true);
    expect(segments.map(({ code }) => code)).toEqual(L5);
  });
});
