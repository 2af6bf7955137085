// The one order of waves in time (decision 053): by fieldwork, not by when a row was created. An
// imported wave of 2019 created today still comes before the 2025 wave. Every list, trend and
// export orders waves with this rule.

/** What the order reads of a wave (a waves row has these columns). */
export interface WaveFieldwork {
  slug: string;
  /** First day of fieldwork, YYYY-MM-DD, or null (a wave imported before migration 013). */
  opens_on: string | null;
  /** Last day of fieldwork (the planned deadline), YYYY-MM-DD, or null. */
  closes_on: string | null;
  /** When the row was created (ISO-8601): only for a wave with no fieldwork dates at all. */
  created_at: string;
}

/** The day fieldwork started: opens_on, else closes_on, else the day the wave was created. */
export function fieldworkStart(wave: WaveFieldwork): string {
  return wave.opens_on ?? wave.closes_on ?? wave.created_at.slice(0, 10);
}

/** The day fieldwork ended: closes_on, else the day it started. */
export function fieldworkEnd(wave: WaveFieldwork): string {
  return wave.closes_on ?? fieldworkStart(wave);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first: by fieldwork start, then fieldwork end, then slug (slugs are unique, so the order is total). */
export function compareWavesByFieldwork(a: WaveFieldwork, b: WaveFieldwork): number {
  return byText(fieldworkStart(a), fieldworkStart(b)) || byText(fieldworkEnd(a), fieldworkEnd(b)) || byText(a.slug, b.slug);
}

/** A copy of the waves, oldest first (compareWavesByFieldwork). */
export function wavesOldestFirst<W extends WaveFieldwork>(waves: readonly W[]): W[] {
  return [...waves].sort(compareWavesByFieldwork);
}

/** A copy of the waves, newest first: the order of every list people read. */
export function wavesNewestFirst<W extends WaveFieldwork>(waves: readonly W[]): W[] {
  return [...waves].sort((a, b) => compareWavesByFieldwork(b, a));
}

/** The waves whose fieldwork came before this one's, oldest first (the wave itself excluded). */
export function wavesBefore<W extends WaveFieldwork>(waves: readonly W[], wave: WaveFieldwork): W[] {
  return wavesOldestFirst(waves.filter((w) => compareWavesByFieldwork(w, wave) < 0));
}

/** A trend's waves: every wave up to and including this one, oldest first. */
export function wavesUpTo<W extends WaveFieldwork>(waves: readonly W[], wave: WaveFieldwork): W[] {
  return wavesOldestFirst(waves.filter((w) => compareWavesByFieldwork(w, wave) <= 0));
}
