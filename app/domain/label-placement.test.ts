import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeLabels } from "./label-placement";

const EPS = 1e-9;

describe("placeLabels", () => {
  it("leaves labels that do not collide where they are", () => {
    expect(placeLabels([50, 100, 20], { gap: 13, top: 10, bottom: 200 })).toEqual([50, 100, 20]);
  });

  it("moves two colliding labels apart, keeping their order", () => {
    // BURDEN 48.2 and PRESC 48.9 on the trend chart: a pixel apart.
    const [a, b] = placeLabels([140, 141], { gap: 13, top: 16, bottom: 264 });
    expect(b! - a!).toBeGreaterThanOrEqual(13);
    expect(a).toBeLessThan(b!);
  });

  it("keeps labels inside the chart, pushing a pile at the bottom upwards", () => {
    expect(placeLabels([264, 264, 264], { gap: 13, top: 16, bottom: 264 })).toEqual([238, 251, 264]);
  });

  it("property: for any values, labels are at least the text height apart, within the chart and in the order of their values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -500, max: 800, noNaN: true }), { maxLength: 12 }),
        fc.integer({ min: 8, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 400 }),
        (wanted, gap, top, extra) => {
          const bottom = top + Math.max(0, wanted.length - 1) * gap + extra;
          const placed = placeLabels(wanted, { gap, top, bottom });
          expect(placed).toHaveLength(wanted.length);
          for (const y of placed) {
            expect(y).toBeGreaterThanOrEqual(top - EPS);
            expect(y).toBeLessThanOrEqual(bottom + EPS);
          }
          for (let i = 0; i < wanted.length; i++) {
            for (let j = 0; j < wanted.length; j++) {
              if (i === j) continue;
              expect(Math.abs(placed[i]! - placed[j]!)).toBeGreaterThanOrEqual(gap - EPS);
              if (wanted[i]! < wanted[j]!) expect(placed[i]!).toBeLessThan(placed[j]!);
            }
          }
        },
      ),
    );
  });

  it("property: a label already clear of the others and inside the chart does not move when all are clear", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 8 }), (slots) => {
        const wanted = slots.map((s) => 20 + s * 13);
        expect(placeLabels(wanted, { gap: 13, top: 20, bottom: 20 + 20 * 13 })).toEqual(wanted);
      }),
    );
  });
});
