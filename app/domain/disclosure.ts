// Statistical disclosure control (docs/instrument.md, "Disclosure control"). The unit is the council:
// no figure about a group of fewer than k councils' responses may leave the server. These helpers
// decide which cells are suppressed; services call them before a loader returns, and
// withholdFigures makes sure a suppressed cell carries no numbers at all.

/** Threshold for staff dashboards and staff exports of aggregates. */
export const STAFF_K = 5;
/** Threshold for anything shown to councils or published openly. */
export const PUBLIC_K = 10;

export type Suppressed = { suppressed: true };
export type Disclosed<F> = F & { suppressed: false };
/** A cell either carries its figures or, when suppressed, nothing but the flag. */
export type Cell<F> = Disclosed<F> | Suppressed;

export interface BreakdownOptions {
  /** The breakdown also shows a total (or the groups' figures can otherwise be summed to one). */
  hasTotal: boolean;
}

function assertThreshold(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`disclosure threshold k must be a whole number ≥ 1; got ${k}`);
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a group size must be a whole number ≥ 0; got ${n}`);
}

/** Disclosable when n ≥ k (and n is a whole number: anything else is not safe to show). */
export function isDisclosable(n: number, k: number): boolean {
  assertThreshold(k);
  return Number.isInteger(n) && n >= k;
}

/** A comparison or a wave-on-wave change is disclosable when nA ≥ k and nB ≥ k. */
export function comparisonDisclosable(nA: number, nB: number, k: number): boolean {
  return isDisclosable(nA, k) && isDisclosable(nB, k);
}

/**
 * Primary: suppress every group with n < k. Secondary, when a total is shown: if exactly one
 * group with n > 0 is suppressed, also suppress the smallest disclosed group (earliest in input order on a tie).
 *
 * Why n > 0 matters: a suppressed group whose size is 0 cannot hide anything, because a reader can
 * often know it is empty (no councils of that type in that nation, say), and then
 * total − shown groups gives the other suppressed group exactly. So empty groups are suppressed as
 * cells (they are below k) but never count as the second suppressed group, and when the only
 * suppressed groups are empty nothing more is suppressed: subtraction would only show that they
 * are empty. Ties are broken by input order, so pass the groups in their (stable) display order.
 *
 * Limits: the total itself is a cell and must be checked with isDisclosable by the caller; if only
 * one non-empty group exists it has no partner, but then the total equals it and fails that check
 * too. Groups of a breakdown should partition the total; several breakdowns of the same total
 * (type and region side by side) are each protected on their own, not jointly.
 */
export function suppressBreakdown<T extends { n: number }>(groups: readonly T[], k: number, { hasTotal }: BreakdownOptions): (T & { suppressed: boolean })[] {
  assertThreshold(k);
  for (const group of groups) assertCount(group.n);
  const suppressed = groups.map((group) => !isDisclosable(group.n, k));

  if (hasTotal) {
    const nonEmptySuppressed = groups.filter((group, index) => suppressed[index] && group.n > 0).length;
    if (nonEmptySuppressed === 1) {
      // Strictly smaller wins, so on a tie the earliest group stays the partner.
      let partner = -1;
      let partnerSize = Number.POSITIVE_INFINITY;
      for (const [index, group] of groups.entries()) {
        if (suppressed[index] || group.n === 0) continue;
        if (group.n < partnerSize) {
          partner = index;
          partnerSize = group.n;
        }
      }
      if (partner >= 0) suppressed[partner] = true;
    }
  }

  return groups.map((group, index) => ({ ...group, suppressed: suppressed[index] === true }));
}

/** cell = { ...figures, suppressed: false } when n ≥ k, otherwise { suppressed: true } and nothing else. */
export function cellFor<F extends { n: number }>(figures: F, k: number): Cell<F> {
  return isDisclosable(figures.n, k) ? { ...figures, suppressed: false } : { suppressed: true };
}

/**
 * Suppressed cell → { ...only the `keep` fields, suppressed: true }; disclosed cell → a copy of it.
 * Keep only labels that identify the row ("region", "councilType"), never a figure: n is a figure.
 */
export function withholdFigures<T extends { suppressed: boolean }, L extends Exclude<keyof T, "suppressed"> = never>(
  cell: T,
  keep: readonly L[] = [],
): Pick<T, L> & Cell<Omit<T, L | "suppressed">> {
  if (!cell.suppressed) {
    return { ...cell, suppressed: false } as unknown as Pick<T, L> & Cell<Omit<T, L | "suppressed">>;
  }
  const kept: Partial<Pick<T, L>> = {};
  for (const key of keep) kept[key] = cell[key];
  return { ...kept, suppressed: true } as Pick<T, L> & Suppressed;
}
