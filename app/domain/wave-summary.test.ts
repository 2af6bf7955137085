import { describe, expect, it } from "vitest";
import { countedCell, countedItem, numberItem, type ItemCell } from "./wave-summary";

describe("item cells of two kinds", () => {
  const counted: ItemCell = { suppressed: false, n: 6, counts: { "1": 6 } };
  const number: ItemCell = { suppressed: false, n: 6, median: 20, q1: 10, q3: 30, mean: 21 };
  const hidden: ItemCell = { suppressed: true };

  it("tells an answer-count cell from a number item's, and a suppressed cell from both", () => {
    expect(countedItem(counted)).toBe(counted);
    expect(countedItem(number)).toBeNull();
    expect(countedItem(hidden)).toBeNull();
    expect(countedItem(undefined)).toBeNull();
    expect(numberItem(number)).toBe(number);
    expect(numberItem(counted)).toBeNull();
    expect(numberItem(hidden)).toBeNull();
  });

  it("keeps a suppressed cell suppressed when narrowing to answer counts", () => {
    expect(countedCell(hidden)).toEqual({ suppressed: true });
    expect(countedCell(counted)).toBe(counted);
    expect(countedCell(number)).toBeUndefined();
    expect(countedCell(undefined)).toBeUndefined();
  });
});
