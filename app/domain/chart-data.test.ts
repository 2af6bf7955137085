import { describe, expect, it } from "vitest";
import { pearson } from "./chart-data";

describe("pearson", () => {
  it("is 1, −1 and undefined where it should be", () => {
    expect(
      pearson([
        [0, 0],
        [1, 2],
        [2, 4],
      ]),
    ).toBeCloseTo(1, 12);
    expect(
      pearson([
        [0, 4],
        [1, 2],
        [2, 0],
      ]),
    ).toBeCloseTo(-1, 12);
    expect(
      pearson([
        [0, 1],
        [1, 1],
        [2, 1],
      ]),
    ).toBeNull();
    expect(
      pearson([
        [0, 1],
        [1, 2],
      ]),
    ).toBeNull();
  });

  it("matches a hand-worked value", () => {
    // x = 1..5, y = 2,4,5,4,5: sxy = 6, sxx = 10, syy = 6 → r = 6 / √60
    expect(
      pearson([
        [1, 2],
        [2, 4],
        [3, 5],
        [4, 4],
        [5, 5],
      ]),
    ).toBeCloseTo(6 / Math.sqrt(60), 12);
  });
});
