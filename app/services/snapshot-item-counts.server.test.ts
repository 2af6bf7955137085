// The snapshot adds up the item counts of every group in one pass over numbered (item, value)
// pairs (decision 069). Each group's list must be what the nested maps it replaced gave: the same
// counts, items in the order they first come in the group's counts, each item's values likewise
// (the order reaches the stored documents through the tallies of answers the instrument does not know).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BREAKDOWNS } from "./wave-summary.server";
import { itemCountsByGroup } from "./wave-snapshot.server";

type Row = { type: string; region: string; nation: string; itemId: string; value: string; n: number };

function reference(counts: readonly Row[]) {
  const counted = new Map<string, Map<string, Map<string, { itemId: string; value: string; n: number }>>>();
  const addCount = (key: string, c: Row) => {
    let byItem = counted.get(key);
    if (!byItem) counted.set(key, (byItem = new Map()));
    let byValue = byItem.get(c.itemId);
    if (!byValue) byItem.set(c.itemId, (byValue = new Map()));
    const m = byValue.get(c.value);
    if (m) m.n += c.n;
    else byValue.set(c.value, { itemId: c.itemId, value: c.value, n: c.n });
  };
  for (const c of counts) {
    addCount("all", c);
    for (const dim of BREAKDOWNS) addCount(`${dim}:${c[dim]}`, c);
  }
  return new Map([...counted].map(([key, byItem]) => [key, [...byItem.values()].flatMap((byValue) => [...byValue.values()])]));
}

describe("item counts per group", () => {
  it("property: the same lists as the nested maps, in the same order", () => {
    const row = fc.record({
      type: fc.constantFrom("LBO", "MD", "UA"),
      region: fc.constantFrom("London", "Wales", "North East"),
      nation: fc.constantFrom("England", "Wales"),
      itemId: fc.constantFrom("PRESC1", "BURDEN7", "TECH2", "X"),
      value: fc.constantFrom("1", "2", "5", "dk", "a;b", "10"),
      n: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (counts) => {
        const expected = reference(counts);
        const { whole, byDim } = itemCountsByGroup(counts);
        expect(whole).toEqual(expected.get("all") ?? []);
        for (const dim of BREAKDOWNS) {
          expect(new Set(byDim[dim].keys())).toEqual(new Set(counts.map((c) => c[dim])));
          for (const [value, list] of byDim[dim]) expect(list).toEqual(expected.get(`${dim}:${value}`));
        }
      }),
      { numRuns: 500 },
    );
  });
});
