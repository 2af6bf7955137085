import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PUBLIC_K, STAFF_K } from "../domain/disclosure";
import { allItems, scaleCodes } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { countedCell } from "../domain/wave-summary";
import { itemCells } from "./wave-summary.server";

// The snapshot documents' item cells (decisions 062 and the k = 10 near-unanimity rule). No count
// of an item in a shown group — an answer, "Don't know", an OECD group — holds 1…k−1 councils: a
// five-point item with such a count is shown in three categories (the two lower answers, the
// middle one, the two upper ones), a 0–10 item as its OECD groups only, and an item still holding
// such a count, or a choice item, is suppressed. For k = 10 an item on which ≥ 95% of a group's
// councils give the same answer is shown in three categories too.
describe("item cells: no answer count of 1…k−1 councils", () => {
  const instrument = getInstrument(1);
  const items = allItems(instrument);
  const l5 = items.find((i) => i.scale === "L5")!;
  const m5 = items.find((i) => i.scale === "M5")!;
  const t11 = items.find((i) => i.scale === "T11")!;
  const choice = items.find((i) => i.scale === "choice" || i.scale === "multi");

  it("collapses a near-unanimous L5 item for k = 10, not for k = 5, and leaves items without small counts alone", () => {
    const counts = [
      { itemId: l5.id, value: "4", n: 190 },
      { itemId: l5.id, value: "1", n: 10 },
      { itemId: m5.id, value: "2", n: 18 },
      { itemId: m5.id, value: "3", n: 12 },
    ];
    const cell = countedCell(itemCells(instrument, counts, PUBLIC_K)[l5.id])!;
    if (cell.suppressed) throw new Error("the L5 item should be shown");
    expect(cell.collapsed).toBe(true);
    expect(cell.counts).toEqual({ lower: 10, middle: 0, upper: 190, dk: 0 });
    expect(cell.distribution?.categories.map((c) => [c.code, c.percent])).toEqual([
      ["lower", 5],
      ["middle", 0],
      ["upper", 95],
    ]);
    const m5Cell = countedCell(itemCells(instrument, counts, PUBLIC_K)[m5.id])!;
    if (m5Cell.suppressed) throw new Error("the M5 item should be shown");
    expect(m5Cell.collapsed).toBeUndefined();
    expect(Object.keys(m5Cell.counts)).toHaveLength(6);
    const staff = countedCell(itemCells(instrument, counts, STAFF_K)[l5.id])!;
    if (staff.suppressed) throw new Error("the L5 item should be shown");
    expect(staff.collapsed).toBeUndefined();
    expect(staff.counts).toMatchObject({ "1": 10, "4": 190 });
  });

  it("merges an answer given by 1…k−1 councils into three categories, and suppresses the item when that is not enough", () => {
    // 3 councils strongly disagree: for staff (k = 5) the item shows disagree 3 + 4 = 7 / neither / agree.
    const merged = countedCell(
      itemCells(
        instrument,
        [
          { itemId: l5.id, value: "1", n: 3 },
          { itemId: l5.id, value: "2", n: 4 },
          { itemId: l5.id, value: "3", n: 10 },
          { itemId: l5.id, value: "4", n: 20 },
        ],
        STAFF_K,
      )[l5.id],
    )!;
    if (merged.suppressed) throw new Error("the L5 item should be shown");
    expect(merged.collapsed).toBe(true);
    expect(merged.counts).toEqual({ lower: 7, middle: 10, upper: 20, dk: 0 });
    // 2 councils say "Don't know": no grouping hides them, so the item is suppressed.
    expect(
      itemCells(
        instrument,
        [
          { itemId: l5.id, value: "dk", n: 2 },
          { itemId: l5.id, value: "4", n: 20 },
        ],
        STAFF_K,
      )[l5.id],
    ).toEqual({ suppressed: true });
    // A 0–10 item keeps its OECD groups (low 0–4, neutral 5, high 6–10) once they hold 0 or ≥ k.
    const trust = countedCell(
      itemCells(
        instrument,
        [
          { itemId: t11.id, value: "2", n: 3 },
          { itemId: t11.id, value: "4", n: 3 },
          { itemId: t11.id, value: "7", n: 12 },
        ],
        STAFF_K,
      )[t11.id],
    )!;
    if (trust.suppressed) throw new Error("the T11 item should be shown");
    expect(trust.counts).toEqual({ low: 6, neutral: 0, high: 12, dk: 0 });
  });

  it("never shows a count of 1…k−1 and never loses an answer, for random answer counts (property)", () => {
    const scored = [l5, m5, t11];
    const arbitraryCounts = fc.tuple(
      fc.constantFrom(...scored, ...(choice ? [choice] : [])),
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 60 })), { minLength: 12, maxLength: 12 }),
      fc.constantFrom(STAFF_K, PUBLIC_K),
    );
    fc.assert(
      fc.property(arbitraryCounts, ([item, ns, k]) => {
        const codes = item.scale === "multi" ? (item.options ?? []).map((o) => o.code) : scaleCodes(item);
        const counts = codes.map((value, i) => ({ itemId: item.id, value, n: ns[i % ns.length]! })).filter((c) => c.n > 0);
        const cell = countedCell(itemCells(instrument, counts, k)[item.id])!;
        if (cell.suppressed) return;
        const shown = [
          ...Object.values(cell.counts),
          ...(cell.distribution ? [cell.distribution.dk, ...cell.distribution.categories.map((c) => c.count)] : []),
          ...(cell.oecd ? [cell.oecd.dk, ...cell.oecd.groups.map((g) => g.count)] : []),
        ];
        for (const n of shown) expect(n === 0 || n >= k).toBe(true);
        if (item.scale !== "multi") expect(Object.values(cell.counts).reduce((a, b) => a + b, 0)).toBe(counts.reduce((a, c) => a + c.n, 0));
      }),
      { numRuns: 500 },
    );
  });
});
