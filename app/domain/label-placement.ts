// Where to put the end labels of a line chart so that no two overlap (the trend chart's
// BURDEN/PRESC and LTC/PCT labels were drawn on top of each other).

/**
 * Label centres as close to the wanted ones as the constraints allow: every pair at least `gap`
 * apart, each within [top, bottom], in the same order as the wanted positions (ties by input
 * order). Greedy: clamp, push down past the label above, then pull up from the bottom. When the
 * labels cannot all fit, `gap` shrinks to what fits ((bottom − top) / (n − 1)).
 */
export function placeLabels(wanted: readonly number[], options: { gap: number; top: number; bottom: number }): number[] {
  const { top, bottom } = options;
  if (!(bottom >= top)) throw new RangeError(`placeLabels: bottom (${bottom}) must not be above top (${top})`);
  const n = wanted.length;
  if (n === 0) return [];
  const gap = n > 1 ? Math.min(options.gap, (bottom - top) / (n - 1)) : options.gap;
  const order = wanted.map((y, i) => ({ y: Number.isFinite(y) ? y : top, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const pos = order.map((o) => Math.min(bottom, Math.max(top, o.y)));
  for (let j = 1; j < n; j++) pos[j] = Math.max(pos[j]!, pos[j - 1]! + gap);
  pos[n - 1] = Math.min(pos[n - 1]!, bottom);
  for (let j = n - 2; j >= 0; j--) pos[j] = Math.min(pos[j]!, pos[j + 1]! - gap);
  const out = new Array<number>(n);
  order.forEach((o, j) => (out[o.i] = pos[j]!));
  return out;
}
