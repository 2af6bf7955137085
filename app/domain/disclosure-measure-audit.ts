// The disclosure auditor for index, α and gap cells (decision 074; INSTRUMENT.md, "Disclosure
// control"). Pure. It runs after the group audit, whose decisions it never changes, and decides
// which measure cells of the shown groups carry figures.
//
// A measure's cell in a group is over the group's contributions that have a value for it (an index
// with two thirds of its items answered, α over the complete answers, a gap over both halves). Its
// figures are sums of per-council values of that measure, so what can be subtracted from them is
// the same measure's figures over other sets — and, because GAP = LTC − PCT for every council,
// the figures of the other two trust measures (and HEADLINE_GAP = LTC1 − PCT1 those of the two
// headline items' means). So measures are audited in families (MEASURE_FAMILIES, where all their
// measures carry figures; every other measure is one of its own), with every earlier snapshot the
// audience could see:
//   - time: a cell's set differs from every earlier shown cell of its measure in the same group by
//     0 or at least k councils;
//   - subtraction: no shown cell of the family minus one shown cell of it inside it, or minus
//     several pairwise disjoint ones inside it, leaves 1…k−1 contributions, where a cell of this
//     snapshot is involved;
//   - a cell whose n is not the size of its set is withdrawn.
// A group's response set is not a figure of any measure, so it is not subtracted from a measure's
// cell (decision 074 says why that is safe, and what of the index's items still guards it). A cell
// that fails is suppressed; the cell of the measure ranked lower goes first (the gap last), then the
// smaller; a cell withdrawn on the way is brought back when, with the others withdrawn, it leaks
// nothing.

import { Bits, inWindow, type AuditGroup, type ItemCellRecord } from "./disclosure-audit";
import {
  DistinctSets,
  cellAuditSets,
  withdrawLeakingCells,
  type CellSearchSet,
  type ItemAuditInput,
  type ItemAuditResult,
  type ItemSuppression,
} from "./disclosure-item-audit";

/** The headline items (OECD 0–10): HEADLINE_GAP = LTC1 − PCT1 for every council with both other than "Don't know". */
export const HEADLINE_ITEMS = ["LTC1", "PCT1"] as const;
/** The measure of a headline item's mean: its answers other than "Don't know". */
export const headlineMean = (item: string) => `${item}:mean`;

/**
 * The measure audit's families (decision 074): GAP = LTC − PCT and HEADLINE_GAP = LTC1 − PCT1 for
 * every council, so the figures of each three subtract from one another; every other measure
 * subtracts only from itself.
 */
export const MEASURE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  trust: ["LTC", "PCT", "GAP"],
  headline: ["HEADLINE_GAP", ...HEADLINE_ITEMS.map(headlineMean)],
};

/**
 * Each measure's family, given which measures carry figures (any cell, now or in an earlier
 * snapshot): a family only where every measure of it does. With one of the three never shown, the
 * other two's sums cannot be combined into a third's, so each is audited on its own (decision 074).
 */
export function activeFamilies(families: Readonly<Record<string, readonly string[]>>, shown: ReadonlySet<string>): (measure: string) => string {
  const familyOf = new Map<string, string>();
  for (const [name, measures] of Object.entries(families)) if (measures.every((m) => shown.has(m))) for (const m of measures) familyOf.set(m, name);
  return (measure) => familyOf.get(measure) ?? measure;
}

/** The gaps are the survey's headline: where either of two cells could go, the gap's stays. */
export const measureRank = (measure: string): number => (measure === "GAP" || measure === "HEADLINE_GAP" ? 1 : 0);

export interface MeasureAuditInput extends ItemAuditInput {
  /** The measures whose cells subtract from one another (MEASURE_FAMILIES); any other measure is a family of its own. */
  families: Readonly<Record<string, readonly string[]>>;
  /** When a leak can be closed by withdrawing either of two cells, the one of the lower rank goes. */
  rankOf: (measure: string) => number;
}

interface Cell {
  group: AuditGroup;
  measure: string;
  bits: Bits;
  size: number;
}

interface EarlierCell {
  identity: string;
  measure: string;
  /** The cell's set; for a snapshot stored before measure cells were audited, what is known of it. */
  lower: Bits;
  /** lower plus the contributions whose values are no longer known (lower itself when exact). */
  upper: Bits;
}

/** Decide which index, α and gap cells of a snapshot's shown groups carry figures. The history's `items` are its measure records. */
export function auditMeasureCells(input: MeasureAuditInput): ItemAuditResult {
  const { k, groups, decisions, blanks, cells, rankOf } = input;
  const { historyEntries, contributions, groupBits, historyBits, width, current } = cellAuditSets(input);
  const shown = groups.filter((g) => decisions[g.key]?.status === "shown");

  const suppressed = new Map<string, Map<string, ItemSuppression>>();
  const suppress = (groupKey: string, measure: string, reason: ItemSuppression) => {
    let byMeasure = suppressed.get(groupKey);
    if (!byMeasure) suppressed.set(groupKey, (byMeasure = new Map()));
    if (!byMeasure.has(measure)) byMeasure.set(measure, reason);
  };
  const isSuppressed = (cell: Cell) => suppressed.get(cell.group.key)?.has(cell.measure) ?? false;

  const measures = new Set<string>();
  for (const byMeasure of cells.values()) for (const m of byMeasure.keys()) measures.add(m);

  // Every current cell (its n checked) and every earlier cell, per measure.
  const now: Cell[] = [];
  const earlier: EarlierCell[] = [];
  const blankOf = new Map<string, Bits>();
  for (const measure of measures) {
    const given = blanks.get(measure) ?? [];
    const blank = Array.isArray(given)
      ? contributions.bitsOf(given as readonly string[])
      : current.andNot(contributions.bitsOf((given as { answered: readonly string[] }).answered));
    blankOf.set(measure, blank);
    for (const g of shown) {
      const n = cells.get(g.key)?.get(measure);
      if (n === undefined) continue;
      const bits = groupBits.get(g.key)!.andNot(blank);
      const size = bits.count();
      if (size !== n) suppress(g.key, measure, "count");
      else now.push({ group: g, measure, bits, size });
    }
  }
  historyEntries.forEach((entry, i) => {
    const bits = historyBits[i]!;
    if (entry.items) {
      for (const [measure, record] of Object.entries(entry.items)) {
        const cell = Array.isArray(record)
          ? bits.andNot(contributions.bitsOf(record as readonly string[]))
          : contributions.bitsOf((record as { answered: readonly string[] }).answered).and(bits);
        earlier.push({ identity: entry.identity, measure, lower: cell, upper: cell });
      }
      return;
    }
    // Stored before measure cells were audited: every measure taken as shown, as decision 067 reads
    // such an entry — today's values for contributions still in the wave, both readings for the rest.
    const inWave = bits.andNot(current).isEmpty();
    for (const measure of measures) {
      const blank = blankOf.get(measure)!;
      const known = inWave ? bits.andNot(blank) : bits.and(current).andNot(blank);
      const upper = inWave ? known : known.or(bits.andNot(current));
      earlier.push({ identity: entry.identity, measure, lower: known, upper });
    }
  });

  // Time: against every earlier cell of the same measure in the same group (what another measure of
  // the family showed before is in the subtraction search below).
  const earlierOf = new Map<string, EarlierCell[]>();
  for (const c of earlier) {
    const key = `${c.measure}|${c.identity}`;
    const list = earlierOf.get(key) ?? [];
    list.push(c);
    earlierOf.set(key, list);
  }
  for (const cell of now) {
    const moved = (earlierOf.get(`${cell.measure}|${cell.group.identity}`) ?? []).some((c) => {
      const differing = cell.bits.xor(c.lower);
      if (c.upper === c.lower) return !differing.isEmpty() && inWindow(contributions.councilsIn(differing, k), k);
      const low = contributions.councilsIn(differing, k);
      const high = contributions.councilsIn(differing.or(c.upper.andNot(c.lower)), 1);
      return low <= k - 1 && high >= 1;
    });
    if (moved) suppress(cell.group.key, cell.measure, "time");
  }

  // Subtraction, family by family.
  const familyOf = activeFamilies(input.families, new Set([...now.filter((c) => !isSuppressed(c)), ...earlier].map((c) => c.measure)));
  let exact = true;
  const families = new Map<string, { now: Cell[]; earlier: EarlierCell[] }>();
  const familyNamed = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { now: [], earlier: [] }));
    return f;
  };
  for (const cell of now) if (!isSuppressed(cell)) familyNamed(familyOf(cell.measure)).now.push(cell);
  for (const c of earlier) if (families.has(familyOf(c.measure))) familyNamed(familyOf(c.measure)).earlier.push(c);
  for (const family of families.values()) exact = withdrawFamily(family.now, family.earlier, k, width, rankOf, suppress) && exact;

  // What each shown cell is over, for the history: the members without a value, or those with one when fewer.
  const records = new Map<string, Record<string, ItemCellRecord>>(shown.filter((g) => cells.has(g.key)).map((g) => [g.key, {}]));
  for (const cell of now) {
    if (isSuppressed(cell)) continue;
    const blankInGroup = groupBits.get(cell.group.key)!.and(blankOf.get(cell.measure)!);
    const blankCount = cell.group.members.length - cell.size;
    records.get(cell.group.key)![cell.measure] =
      blankCount <= cell.size ? contributions.tokensOf(blankInGroup) : { answered: contributions.tokensOf(cell.bits) };
  }
  return { suppressed, records, exact };
}

/** The subtraction search over one family's cells: withdraws (suppresses) current cells until no subtraction with one of them leaves 1…k−1. */
function withdrawFamily(
  now: readonly Cell[],
  earlier: readonly EarlierCell[],
  k: number,
  width: number,
  rankOf: (measure: string) => number,
  suppress: (groupKey: string, measure: string, reason: ItemSuppression) => void,
): boolean {
  // Each distinct set once: earlier cells are fixed (published), this snapshot's cells can go. The
  // whole wave's cells after the others, and the higher ranked measure's after the lower.
  const distinct = new DistinctSets();
  const members = new Map<number, CellSearchSet<Cell>>();
  const add = (bits: Bits, fixed: boolean, cell?: Cell) => {
    const index = distinct.add(bits);
    let member = members.get(index);
    if (!member) members.set(index, (member = { bits, fixed, size: cell ? cell.size : bits.count(), cells: [], protect: 0 }));
    if (fixed) member.fixed = true;
    if (cell) {
      member.cells.push(cell);
      member.protect = Math.max(Number(member.protect), 2 * rankOf(cell.measure) + (cell.group.protect === true ? 1 : 0));
    }
  };
  for (const c of earlier) for (const bits of c.upper === c.lower ? [c.lower] : [c.lower, c.upper]) add(bits, true);
  for (const cell of now) add(cell.bits, false, cell);
  return withdrawLeakingCells([...members.values()], k, width, (cells) => {
    for (const cell of cells) suppress(cell.group.key, cell.measure, "subtraction");
  });
}
