import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareWavesByFieldwork, fieldworkStart, wavesBefore, wavesNewestFirst, wavesOldestFirst, wavesUpTo, type WaveFieldwork } from "./wave-order";

const day = fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2035, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const wave = (slug: string, opens_on: string | null, closes_on: string | null, created_at = "2026-11-01T10:00:00.000Z"): WaveFieldwork => ({
  slug,
  opens_on,
  closes_on,
  created_at,
});

/** Waves with unique slugs, any mix of dated and undated. */
const waves = fc.uniqueArray(
  fc.record({
    slug: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    opens_on: fc.option(day, { nil: null }),
    closes_on: fc.option(day, { nil: null }),
    created_at: day.map((d) => `${d}T09:30:00.000Z`),
  }),
  { selector: (w) => w.slug, maxLength: 12 },
);

describe("waves in time order", () => {
  it("the chronology case: a 2019 wave imported after 2025 and 2026 were created comes first", () => {
    const w2025 = wave("2025", "2025-10-01", "2025-12-01", "2025-09-01T00:00:00.000Z");
    const w2026 = wave("2026", "2026-10-01", "2026-12-01", "2026-09-01T00:00:00.000Z");
    const w2019 = wave("2019", "2019-10-01", "2019-12-01", "2026-11-29T00:00:00.000Z");
    expect(wavesOldestFirst([w2025, w2026, w2019]).map((w) => w.slug)).toEqual(["2019", "2025", "2026"]);
    expect(wavesNewestFirst([w2025, w2019, w2026]).map((w) => w.slug)).toEqual(["2026", "2025", "2019"]);
    expect(wavesBefore([w2025, w2026, w2019], w2026).map((w) => w.slug)).toEqual(["2019", "2025"]);
    expect(wavesUpTo([w2025, w2026, w2019], w2025).map((w) => w.slug)).toEqual(["2019", "2025"]);
  });

  it("a wave without dates falls back to its closing date, then its creation day", () => {
    expect(fieldworkStart(wave("a", null, "2020-03-01"))).toBe("2020-03-01");
    expect(fieldworkStart(wave("a", null, null, "2021-05-06T23:00:00.000Z"))).toBe("2021-05-06");
  });

  it("ties on both dates are broken by slug", () => {
    const same = (slug: string) => wave(slug, "2024-01-01", "2024-02-01");
    expect(wavesOldestFirst([same("b"), same("a"), same("c")]).map((w) => w.slug)).toEqual(["a", "b", "c"]);
  });

  it("is a total order: antisymmetric, and zero only for the same slug", () => {
    fc.assert(
      fc.property(waves, (list) => {
        for (const a of list)
          for (const b of list) {
            const ab = Math.sign(compareWavesByFieldwork(a, b));
            expect(ab).toBe(-Math.sign(compareWavesByFieldwork(b, a)) || 0);
            expect(ab === 0).toBe(a.slug === b.slug);
          }
      }),
    );
  });

  it("is transitive", () => {
    fc.assert(
      fc.property(waves, (list) => {
        for (const a of list)
          for (const b of list)
            for (const c of list) {
              if (compareWavesByFieldwork(a, b) < 0 && compareWavesByFieldwork(b, c) < 0) expect(compareWavesByFieldwork(a, c)).toBeLessThan(0);
            }
      }),
    );
  });

  it("the order does not depend on the order rows come in (creation order, ids)", () => {
    fc.assert(
      fc.property(
        waves.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        ([list, shuffled]) => {
          expect(wavesOldestFirst(shuffled).map((w) => w.slug)).toEqual(wavesOldestFirst(list).map((w) => w.slug));
          expect(wavesNewestFirst(shuffled).map((w) => w.slug)).toEqual(
            wavesOldestFirst(list)
              .map((w) => w.slug)
              .reverse(),
          );
        },
      ),
    );
  });

  it("dated waves are in order of their opening dates whatever their creation times", () => {
    fc.assert(
      fc.property(waves, (list) => {
        const dated = list.filter((w) => w.opens_on !== null);
        const sorted = wavesOldestFirst(dated);
        for (let i = 1; i < sorted.length; i++) expect((sorted[i - 1] as WaveFieldwork).opens_on! <= (sorted[i] as WaveFieldwork).opens_on!).toBe(true);
      }),
    );
  });

  it("earlier waves and the wave itself partition the trend: wavesUpTo = wavesBefore + the wave", () => {
    fc.assert(
      fc.property(
        waves.filter((l) => l.length > 0),
        fc.nat(),
        (list, i) => {
          const current = list[i % list.length] as WaveFieldwork;
          const before = wavesBefore(list, current);
          expect(wavesUpTo(list, current)).toEqual([...before, current]);
          for (const w of before) expect(compareWavesByFieldwork(w, current)).toBeLessThan(0);
          expect(before.length + list.filter((w) => compareWavesByFieldwork(w, current) > 0).length).toBe(list.length - 1);
        },
      ),
    );
  });
});
