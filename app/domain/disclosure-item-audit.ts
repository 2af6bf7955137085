// The disclosure auditor for item cells (decision 067; INSTRUMENT.md, "Disclosure control"). Pure.
// It runs after the group audit (disclosure-audit.ts), whose decisions it never changes, and decides
// which item cells of the shown groups may carry figures.
//
// An item's cell in a group is over the group's contributions that answered the item (not blank;
// "Don't know" is an answer): the group's members minus the item's blank ones. Its n and answer
// counts are figures, so for each item, with every earlier snapshot the audience could see:
//   - a cell's set differs from every earlier shown cell of the same group and item, and from every
//     earlier shown response set of the group, by 0 or at least k councils (time);
//   - no shown set (a group's responses or a cell of the item) minus one shown set inside it, or
//     minus several pairwise disjoint shown sets inside it, leaves 1…k−1 contributions, where a cell
//     of this snapshot is involved: the group's responses minus its own cell (the blanks), a cell
//     minus a cell of a group inside it, a cell minus the cells of several disjoint groups;
//   - a cell whose n is not the size of its set (an answer that is not counted, such as a number
//     item's value that is not a number) is withdrawn: the audit cannot vouch for it.
// A cell that fails is suppressed ("[c]"); there are no earlier item figures to keep. The smaller
// cell goes first, the whole wave's cell last; a cell withdrawn on the way is brought back when,
// with the others withdrawn, it leaks nothing.

import {
  Bits,
  Contributions,
  findLeak,
  inWindow,
  withdrawUntilNoLeak,
  type AuditDecision,
  type AuditGroup,
  type AuditHistory,
  type AuditedSets,
  type ItemCellRecord,
  type ShownSet,
} from "./disclosure-audit";

export type ItemSuppression = "count" | "time" | "subtraction";

/** Who left an item blank in a snapshot: the blank contributions, or `{ answered }` — every other contribution of the snapshot left it blank. */
export type ItemBlanks = readonly string[] | { readonly answered: readonly string[] };

export interface ItemAuditInput {
  k: number;
  /** The snapshot's groups, as given to auditSnapshot. */
  groups: readonly AuditGroup[];
  /** auditSnapshot's decisions for them (after any change by the caller, e.g. a kept group with no earlier document suppressed). */
  decisions: Readonly<Record<string, AuditDecision>>;
  /** Per item, the contributions of this snapshot that left it blank (any not in a group are ignored), or those that answered it. */
  blanks: ReadonlyMap<string, ItemBlanks>;
  /** Per shown group, the items whose cells it would show (after the small-count rules) and each cell's n. */
  cells: ReadonlyMap<string, ReadonlyMap<string, number>>;
  history?: readonly AuditHistory[];
  /** auditSnapshot's sets for the same groups and history, so that nothing is numbered twice. */
  sets?: AuditedSets;
}

export interface ItemAuditResult {
  /** Per group, the items whose cells this audit suppresses, and why. */
  suppressed: Map<string, Map<string, ItemSuppression>>;
  /** Per shown group, the item cells it shows, to be stored with the group's history entry. */
  records: Map<string, Record<string, ItemCellRecord>>;
  /** False when a subtraction search hit its limit (the audit then suppressed to be safe). */
  exact: boolean;
}

/** A cheap fingerprint of a bitset, to find equal sets without comparing every pair. */
function fingerprint(bits: Bits): string {
  let h = 0x811c9dc5;
  const words = bits.words;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) >>> 0;
  return h.toString(36);
}

interface HistoryCell {
  identity: string;
  /** The cell's set; for a snapshot stored before item cells were audited, what is known of it. */
  lower: Bits;
  /** lower plus the contributions whose answers are no longer known (none when the record is exact). */
  upper: Bits;
  /** The cell's set differs (or may differ) from its group's. */
  novel: boolean;
}

interface CurrentCell {
  group: AuditGroup;
  bits: Bits;
  size: number;
  novel: boolean;
}

/** The contributions of the groups and of the earlier entries, numbered, and their sets. */
function numbered(groups: readonly AuditGroup[], entries: readonly { members: readonly string[] }[]) {
  const contributions = new Contributions();
  for (const g of groups) contributions.addAll(g.members);
  for (const e of entries) contributions.addAll(e.members);
  return {
    contributions,
    groupBits: new Map(groups.map((g) => [g.key, contributions.bitsOf(g.members)])),
    historyBits: entries.map((e) => contributions.bitsOf(e.members)),
  };
}

/**
 * What a cell audit works over: the history's entries, every contribution numbered (the group
 * audit's numbering when given), each group's and entry's set, and the union of this snapshot's groups.
 */
export function cellAuditSets(input: Pick<ItemAuditInput, "groups" | "history" | "sets">) {
  const historyEntries = (input.history ?? []).flatMap((s) => s.groups);
  const { contributions, groupBits, historyBits } = input.sets
    ? { contributions: input.sets.contributions, groupBits: input.sets.groups, historyBits: input.sets.history.flat() }
    : numbered(input.groups, historyEntries);
  const width = contributions.width;
  let current = Bits.of([], width);
  for (const g of input.groups) current = current.or(groupBits.get(g.key)!);
  return { historyEntries, contributions, groupBits, historyBits, width, current };
}

/** Distinct bitsets: each set once, found through its fingerprint. */
export class DistinctSets {
  private readonly byFingerprint = new Map<string, { bits: Bits; index: number }[]>();
  readonly list: Bits[] = [];
  /** The index of the set, added if new. */
  add(bits: Bits): number {
    const f = fingerprint(bits);
    const same = this.byFingerprint.get(f);
    const found = same?.find((s) => s.bits.equals(bits));
    if (found) return found.index;
    const entry = { bits, index: this.list.length };
    this.list.push(bits);
    if (same) same.push(entry);
    else this.byFingerprint.set(f, [entry]);
    return entry.index;
  }
}

/**
 * Decide which item cells of a snapshot's shown groups carry figures. Groups the group audit kept
 * show their earlier item cells (stored with their history entry) and are not audited again.
 */
export function auditItemCells(input: ItemAuditInput): ItemAuditResult {
  const { k, groups, decisions, blanks, cells } = input;

  const { historyEntries, contributions, groupBits, historyBits, width, current } = cellAuditSets(input);
  const entries = historyEntries.map((entry, i) => {
    const bits = historyBits[i]!;
    return { entry, bits, inWave: bits.andNot(current).isEmpty() };
  });
  const entriesOf = new Map<string, typeof entries>();
  for (const e of entries) {
    const list = entriesOf.get(e.entry.identity) ?? [];
    list.push(e);
    entriesOf.set(e.entry.identity, list);
  }
  const shown = groups.filter((g) => decisions[g.key]?.status === "shown");

  // The response sets shown (this snapshot's groups and every earlier one's), each distinct set once.
  const responseSets = new DistinctSets();
  for (const g of shown) responseSets.add(groupBits.get(g.key)!);
  for (const g of groups) {
    const d = decisions[g.key];
    if (d?.status === "kept") responseSets.add(contributions.bitsOf(d.members));
  }
  for (const e of entries) responseSets.add(e.bits);
  const responseSizes = responseSets.list.map((bits) => bits.count());

  const suppressed = new Map<string, Map<string, ItemSuppression>>();
  const suppress = (groupKey: string, item: string, reason: ItemSuppression) => {
    let byItem = suppressed.get(groupKey);
    if (!byItem) suppressed.set(groupKey, (byItem = new Map()));
    if (!byItem.has(item)) byItem.set(item, reason);
  };
  const records = new Map<string, Record<string, ItemCellRecord>>(shown.filter((g) => cells.has(g.key)).map((g) => [g.key, {}]));
  const record = (groupKey: string, item: string, value: ItemCellRecord) => {
    records.get(groupKey)![item] = value;
  };
  let exact = true;

  const items = new Set<string>();
  for (const byItem of cells.values()) for (const item of byItem.keys()) items.add(item);

  for (const item of items) {
    const given = blanks.get(item) ?? [];
    const blank = Array.isArray(given)
      ? contributions.bitsOf(given as readonly string[])
      : current.andNot(contributions.bitsOf((given as { answered: readonly string[] }).answered));
    const anyBlank = !blank.and(current).isEmpty();

    // An item nobody left blank, now or in any earlier cell: every cell is its group's response
    // set, which the group audit has judged (subtraction and time alike). Only n is checked.
    const blankBefore = entries.some(({ entry, bits, inWave }) => {
      if (!entry.items) return !inWave || anyBlank;
      const record = entry.items[item];
      if (record === undefined) return false;
      return Array.isArray(record) ? record.length > 0 : (record as { answered: readonly string[] }).answered.length !== bits.count();
    });
    if (!anyBlank && !blankBefore) {
      for (const g of shown) {
        const n = cells.get(g.key)?.get(item);
        if (n === undefined) continue;
        if (n !== g.members.length) suppress(g.key, item, "count");
        else record(g.key, item, []);
      }
      continue;
    }

    // This snapshot's cells of the item.
    const free: CurrentCell[] = [];
    for (const g of shown) {
      const n = cells.get(g.key)?.get(item);
      if (n === undefined) continue;
      const members = groupBits.get(g.key)!;
      const blankInGroup = members.and(blank);
      const bits = members.andNot(blankInGroup);
      const size = bits.count();
      if (size !== n) suppress(g.key, item, "count");
      else free.push({ group: g, bits, size, novel: !blankInGroup.isEmpty() });
    }

    // Every earlier shown cell of the item.
    const earlier: HistoryCell[] = [];
    for (const { entry, bits, inWave } of entries) {
      if (entry.items) {
        const record = entry.items[item];
        if (record === undefined) continue;
        const cell = Array.isArray(record)
          ? record.length === 0
            ? bits
            : bits.andNot(contributions.bitsOf(record as readonly string[]))
          : contributions.bitsOf((record as { answered: readonly string[] }).answered).and(bits);
        earlier.push({ identity: entry.identity, lower: cell, upper: cell, novel: cell !== bits && !cell.equals(bits) });
      } else {
        // Stored before item cells were audited: every item taken as shown. A contribution still in
        // the wave has the same answers now (an amendment is a new contribution), so its blanks are
        // today's; one no longer in the wave may or may not have answered, so both readings count.
        const known = inWave ? bits.andNot(blank) : bits.and(current).andNot(blank);
        const upper = inWave ? known : known.or(bits.andNot(current));
        earlier.push({ identity: entry.identity, lower: known, upper, novel: !known.equals(bits) || upper !== known });
      }
    }
    const earlierOf = new Map<string, HistoryCell[]>();
    for (const c of earlier) {
      const list = earlierOf.get(c.identity) ?? [];
      list.push(c);
      earlierOf.set(c.identity, list);
    }

    // Time: against the same group's earlier cells of the item and its earlier response sets.
    // Councils counted only as far as the rule needs (up to k; up to 1 for "any").
    const moved = (a: Bits, b: Bits) => !a.equals(b) && inWindow(contributions.councilsDiffering(a, b, k), k);
    const surviving = free.filter((cell) => {
      const identity = cell.group.identity;
      const movedFromGroup = (entriesOf.get(identity) ?? []).some((e) => moved(cell.bits, e.bits));
      const movedFromCell = (earlierOf.get(identity) ?? []).some((c) => {
        if (c.upper === c.lower) return moved(cell.bits, c.lower);
        const differing = cell.bits.xor(c.lower);
        const low = contributions.councilsIn(differing, k);
        const high = contributions.councilsIn(differing.or(c.upper.andNot(c.lower)), 1);
        return low <= k - 1 && high >= 1;
      });
      if (movedFromGroup || movedFromCell) {
        suppress(cell.group.key, item, "time");
        return false;
      }
      return true;
    });

    // Subtraction: only a cell whose set is not a response set already shown can make a new one.
    if (surviving.some((c) => c.novel) || earlier.some((c) => c.novel)) {
      // Each distinct set once per kind: response sets (fixed), earlier cells (fixed), this snapshot's cells.
      const members = new Map<string, CellSearchSet<CurrentCell>>();
      responseSets.list.forEach((bits, i) => members.set(`group:${i}`, { bits, fixed: true, size: responseSizes[i]!, cells: [], protect: false }));
      const cellSets = new DistinctSets();
      const addCell = (bits: Bits, fixed: boolean, cell?: CurrentCell) => {
        const key = `cell:${cellSets.add(bits)}`;
        let member = members.get(key);
        if (!member) members.set(key, (member = { bits, fixed, size: cell ? cell.size : bits.count(), cells: [], protect: false }));
        if (fixed) member.fixed = true;
        if (cell) {
          member.cells.push(cell);
          if (cell.group.protect === true) member.protect = true;
        }
      };
      for (const c of earlier) for (const bits of c.upper === c.lower ? [c.lower] : [c.lower, c.upper]) addCell(bits, true);
      for (const cell of surviving) addCell(cell.bits, false, cell);
      exact =
        withdrawLeakingCells([...members.values()], k, width, (cells) => {
          for (const cell of cells) suppress(cell.group.key, item, "subtraction");
        }) && exact;
    }

    // What each shown cell is over, for the history: the blank members, or the answering ones when fewer.
    for (const cell of surviving) {
      if (suppressed.get(cell.group.key)?.has(item)) continue;
      const blankInGroup = groupBits.get(cell.group.key)!.and(blank);
      const blankCount = cell.group.members.length - cell.size;
      record(cell.group.key, item, blankCount <= cell.size ? contributions.tokensOf(blankInGroup) : { answered: contributions.tokensOf(cell.bits) });
    }
  }
  return { suppressed, records, exact };
}

/** A distinct set in a search over cells: fixed when already published (a response set, an earlier cell), else the cells of this snapshot that show it. */
export interface CellSearchSet<C> {
  bits: Bits;
  fixed: boolean;
  size: number;
  cells: C[];
  /** Withdrawn last (see ShownSet). */
  protect: boolean | number;
}

/**
 * The subtraction search over the distinct sets of a family of cells (decisions 067, 074): withdraws
 * this snapshot's sets until no subtraction involving one of them leaves 1…k−1 contributions, then
 * brings back each withdrawn set (the most protected first, then the larger) that, with the others
 * withdrawn, the search proves makes no leak — the search withdraws the smallest set of each leak
 * first, which can leave it out when a larger one had to go anyway. `withdrawn` gets the cells of
 * every set that stays out. False when a search hit its limit (it then withdrew to be safe).
 */
export function withdrawLeakingCells<C>(members: readonly CellSearchSet<C>[], k: number, width: number, withdrawn: (cells: C[]) => void): boolean {
  // Only the sets that can take part in a leak with a set of this snapshot: the containers that
  // are such a set or hold one, and the sets inside them.
  const open = members.filter((m) => !m.fixed);
  if (open.length === 0) return true;
  const within = (a: CellSearchSet<C>, b: CellSearchSet<C>) => a.size < b.size && a.bits.subsetOf(b.bits);
  const containers = members.filter((m) => !m.fixed || open.some((f) => within(f, m)));
  const isContainer = new Set(containers);
  const relevant = members.filter((m) => isContainer.has(m) || containers.some((c) => within(m, c)));
  const atoms = atomsOf(
    relevant.map((m) => m.bits),
    width,
  );
  const sets = new Map<string, ShownSet>();
  const cellsOf = new Map<string, C[]>();
  relevant.forEach((member, i) => {
    const key = String(i);
    sets.set(key, { key, bits: atoms.sets[i]!, size: member.size, fixed: member.fixed, groups: [], protect: member.protect });
    cellsOf.set(key, member.cells);
  });
  const out: ShownSet[] = [];
  let exact = withdrawUntilNoLeak(
    sets,
    k,
    (victim) => {
      sets.delete(victim.key);
      out.push(victim);
    },
    { onlyWithdraws: true, weights: atoms.weights },
  );
  out.sort((a, b) => Number(b.protect) - Number(a.protect) || b.size - a.size);
  for (const set of out) {
    sets.set(set.key, set);
    const found = findLeak(sets, k, { involving: set, weights: atoms.weights });
    if (!found.exact) exact = false;
    // Brought back only when the search proved it makes no leak: a search that hit its limit proved nothing.
    if (!found.victim && found.exact) continue;
    sets.delete(set.key);
    withdrawn(cellsOf.get(set.key)!);
  }
  return exact;
}

/**
 * The sets over the classes of contributions that no set tells apart (each class in exactly the
 * same sets), so the subtraction search works on a few dozen elements instead of every response.
 */
function atomsOf(sets: readonly Bits[], width: number): { sets: Bits[]; weights: number[] } {
  // Refine a partition of the contributions by each set in turn: the members of a class that are
  // in the set move to a new class (one per old class), the others stay.
  const classOf = new Int32Array(width);
  let classes = 1;
  let moved = new Int32Array(64);
  let seen = new Int32Array(64);
  let generation = 0;
  for (const set of sets) {
    generation++;
    const words = set.words;
    for (let j = 0; j < words.length; j++) {
      let w = words[j]!;
      while (w !== 0) {
        const low = w & -w;
        const t = (j << 5) + 31 - Math.clz32(low);
        w ^= low;
        const old = classOf[t]!;
        if (old >= seen.length) {
          const grow = (a: Int32Array) => {
            const b = new Int32Array(Math.max(a.length * 2, old + 1));
            b.set(a);
            return b;
          };
          seen = grow(seen);
          moved = grow(moved);
        }
        if (seen[old] !== generation) {
          seen[old] = generation;
          moved[old] = classes++;
        }
        classOf[t] = moved[old]!;
      }
    }
  }
  // Number the classes that occur, and express each set over them.
  const compact = new Int32Array(classes).fill(-1);
  const weights: number[] = [];
  for (let t = 0; t < width; t++) {
    const c = classOf[t]!;
    if (c === 0) continue; // in no set
    if (compact[c] === -1) {
      compact[c] = weights.length;
      weights.push(0);
    }
    weights[compact[c]!]!++;
  }
  return {
    sets: sets.map((set) => {
      const out = new Uint32Array(Math.ceil(weights.length / 32) || 1);
      const words = set.words;
      for (let j = 0; j < words.length; j++) {
        let w = words[j]!;
        while (w !== 0) {
          const low = w & -w;
          const c = compact[classOf[(j << 5) + 31 - Math.clz32(low)]!]!;
          w ^= low;
          out[c >>> 5]! |= 1 << (c & 31);
        }
      }
      return new Bits(out);
    }),
    weights,
  };
}
