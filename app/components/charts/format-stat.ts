// Display formatting for statistics: rounding is for people; the JSON keeps full precision.

/** "12.3" (one decimal by default); "not available" for null. */
export function formatStat(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "not available";
  const fixed = value.toFixed(decimals);
  // −0.0 reads as a sign without a value.
  return /^-0(\.0+)?$/.test(fixed) ? fixed.slice(1) : fixed.replace("-", "−");
}

/** Whole-number percentage of a fraction 0–1: 0.385 → "39%". */
export function formatShare(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return "not available";
  return `${Math.floor(100 * fraction + 0.5)}%`;
}

export function formatInterval(ci: readonly [number, number] | null | undefined, decimals = 1): string {
  return ci ? `${formatStat(ci[0], decimals)} to ${formatStat(ci[1], decimals)}` : "not available";
}

/** p-values: "< 0.001" below a thousandth, else three decimals. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return "not available";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}
