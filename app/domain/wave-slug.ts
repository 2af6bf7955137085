// The one rule for a wave's slug (its address, e.g. /waves/2026), used by the admin pages and the
// command-line import alike.

export const WAVE_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const WAVE_SLUG_MAX = 40;
/** Slugs that would collide with the admin pages' own paths. */
const RESERVED_SLUGS = new Set(["new"]);

/** True when `slug` is lowercase letters and digits in hyphen-separated groups, at most 40 characters, and not reserved. */
export function isValidWaveSlug(slug: string): boolean {
  return slug.length <= WAVE_SLUG_MAX && WAVE_SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}
