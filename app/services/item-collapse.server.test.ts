import { describe, expect, it } from "vitest";
import { PUBLIC_K, STAFF_K } from "../domain/disclosure";
import { allItems } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { countedCell } from "../domain/wave-summary";
import { itemCells } from "./wave-summary.server";

// The snapshot documents' item cells: for k = 10 (councils and the public) an L5 or M5 item on which
// ≥ 95% of a group's councils give the same answer is shown in three categories; staff (k = 5)
// keep the five. Counts below 95% are untouched for both.
describe("item cells and the ≥ 95% collapse", () => {
  const instrument = getInstrument(1);
  const items = allItems(instrument);
  const l5 = items.find((i) => i.scale === "L5")!;
  const m5 = items.find((i) => i.scale === "M5")!;
  const counts = [
    { itemId: l5.id, value: "4", n: 19 },
    { itemId: l5.id, value: "1", n: 1 },
    { itemId: m5.id, value: "2", n: 18 },
    { itemId: m5.id, value: "3", n: 2 },
  ];

  it("collapses a near-unanimous L5 item for k = 10, not for k = 5, and leaves a 90% item alone", () => {
    const pub = itemCells(instrument, counts, PUBLIC_K);
    const cell = countedCell(pub[l5.id])!;
    if (cell.suppressed) throw new Error("the L5 item should be shown");
    expect(cell.collapsed).toBe(true);
    expect(cell.counts).toEqual({ lower: 1, middle: 0, upper: 19, dk: 0 });
    expect(cell.distribution?.categories.map((c) => [c.code, c.percent])).toEqual([["lower", 5], ["middle", 0], ["upper", 95]]);
    const m5Cell = countedCell(pub[m5.id])!;
    if (m5Cell.suppressed) throw new Error("the M5 item should be shown");
    expect(m5Cell.collapsed).toBeUndefined();
    expect(Object.keys(m5Cell.counts)).toHaveLength(6);

    const staff = countedCell(itemCells(instrument, counts, STAFF_K)[l5.id])!;
    if (staff.suppressed) throw new Error("the L5 item should be shown");
    expect(staff.collapsed).toBeUndefined();
    expect(staff.counts).toMatchObject({ "1": 1, "4": 19 });
  });
});
