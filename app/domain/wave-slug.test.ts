import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WAVE_SLUG_MAX, isValidWaveSlug } from "./wave-slug";

describe("wave slugs", () => {
  it("accepts lowercase letters and digits in hyphen-separated groups", () => {
    for (const slug of ["2026", "2027-spring", "a", "x1-y2-z3"]) expect(isValidWaveSlug(slug)).toBe(true);
  });

  it("refuses capitals, leading, trailing or double hyphens, other characters and the reserved 'new'", () => {
    for (const slug of ["", "2026-", "-2026", "20--26", "Spring", "2026 spring", "../x", "2026_spring", "new"]) expect(isValidWaveSlug(slug)).toBe(false);
  });

  it("refuses more than 40 characters and accepts exactly 40", () => {
    expect(isValidWaveSlug("a".repeat(WAVE_SLUG_MAX))).toBe(true);
    expect(isValidWaveSlug("a".repeat(WAVE_SLUG_MAX + 1))).toBe(false);
  });

  it("a valid slug is always safe in a URL path segment and a file name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (slug) => {
        if (isValidWaveSlug(slug)) expect(encodeURIComponent(slug)).toBe(slug);
      }),
    );
  });
});
