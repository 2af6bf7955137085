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
  findLeak,
  inWindow,
  withdrawUntilNoLeak,
  type AuditDecision,
  type AuditGroup,
  type AuditHistory,
  type AuditedHistoryGroup,
  type ItemCellRecord,
  type ShownSet,
} from "./disclosure-audit";

export type ItemSuppression = "count" | "time" | "subtraction";

export interface ItemAuditInput {
  k: number;
  /** The snapshot's groups, as given to auditSnapshot. */
  groups: readonly AuditGroup[];
  /** auditSnapshot's decisions for them (after any change by the caller, e.g. a kept group with no earlier document suppressed). */
  decisions: Readonly<Record<string, AuditDecision>>;
  /** Per item, the contributions of this snapshot that left it blank (any not in a group are ignored). */
  blanks: ReadonlyMap<string, readonly string[]>;
  /** Per shown group, the items whose cells it would show (after the small-count rules) and each cell's n. */
  cells: ReadonlyMap<string, ReadonlyMap<string, number>>;
  history?: readonly AuditHistory[];
}

export interface ItemAuditResult {
  /** Per group, the items whose cells this audit suppresses, and why. */
  suppressed: Map<string, Map<string, ItemSuppression>>;
  /** Per shown group, the item cells it shows, to be stored with the group's history entry. */
  records: Map<string, Record<string, ItemCellRecord>>;
  /** False when a subtraction search hit its limit (the audit then suppressed to be safe). */
  exact: boolean;
}

/** Every contribution of the snapshot and of its history, numbered, with its council. */
class Contributions {
  readonly index = new Map<string, number>();
  readonly tokens: string[] = [];
  readonly councilOf: number[] = [];
  private readonly councils = new Map<string, number>();
  private stamp: Uint32Array | null = null;
  private generation = 0;

  add(token: string): void {
    if (this.index.has(token)) return;
    this.index.set(token, this.tokens.length);
    this.tokens.push(token);
    const at = token.indexOf("@");
    const council = at < 0 ? token : token.slice(0, at);
    let c = this.councils.get(council);
    if (c === undefined) this.councils.set(council, (c = this.councils.size));
    this.councilOf.push(c);
  }
  get width(): number {
    return this.tokens.length;
  }
  bitsOf(tokens: readonly string[]): Bits {
    const indices: number[] = [];
    for (const t of tokens) {
      const i = this.index.get(t);
      if (i !== undefined) indices.push(i);
    }
    return Bits.of(indices, this.width);
  }
  tokensOf(bits: Bits): string[] {
    const out: string[] = [];
    bits.forEach((i) => out.push(this.tokens[i]!));
    return out;
  }
  /** Councils with a contribution in the set (an amended council counts once). */
  councilsIn(bits: Bits): number {
    if (!this.stamp) this.stamp = new Uint32Array(this.councils.size);
    const stamp = this.stamp;
    const generation = ++this.generation;
    let n = 0;
    bits.forEach((i) => {
      const c = this.councilOf[i]!;
      if (stamp[c] !== generation) {
        stamp[c] = generation;
        n++;
      }
    });
    return n;
  }
}

/** A cheap fingerprint of a bitset, to find equal sets without comparing every pair. */
function fingerprint(bits: Bits): string {
  let h = 0x811c9dc5;
  for (const w of bits.words) h = Math.imul(h ^ w, 0x01000193) >>> 0;
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

/**
 * Decide which item cells of a snapshot's shown groups carry figures. Groups the group audit kept
 * show their earlier item cells (stored with their history entry) and are not audited again.
 */
export function auditItemCells(input: ItemAuditInput): ItemAuditResult {
  const { k, groups, decisions, blanks, cells } = input;
  const history = input.history ?? [];
  const contributions = new Contributions();
  for (const g of groups) for (const t of g.members) contributions.add(t);
  for (const snapshot of history) for (const e of snapshot.groups) for (const t of e.members) contributions.add(t);
  const width = contributions.width;
  const current = contributions.bitsOf(groups.flatMap((g) => g.members));

  const shown = groups.filter((g) => decisions[g.key]?.status === "shown");
  const groupBits = new Map(shown.map((g) => [g.key, contributions.bitsOf(g.members)]));
  const entries: { entry: AuditedHistoryGroup; bits: Bits }[] = history.flatMap((s) =>
    s.groups.map((entry) => ({ entry, bits: contributions.bitsOf(entry.members) })),
  );
  const entriesOf = new Map<string, typeof entries>();
  for (const e of entries) {
    const list = entriesOf.get(e.entry.identity) ?? [];
    list.push(e);
    entriesOf.set(e.entry.identity, list);
  }

  // The response sets shown (this snapshot's groups and every earlier one's), each distinct set once.
  const groupSets: Bits[] = [];
  {
    const seen = new Map<string, Bits[]>();
    const addDistinct = (bits: Bits) => {
      const f = fingerprint(bits);
      const same = seen.get(f) ?? [];
      if (same.some((b) => b.equals(bits))) return;
      same.push(bits);
      seen.set(f, same);
      groupSets.push(bits);
    };
    for (const bits of groupBits.values()) addDistinct(bits);
    for (const g of groups) {
      const d = decisions[g.key];
      if (d?.status === "kept") addDistinct(contributions.bitsOf(d.members));
    }
    for (const e of entries) addDistinct(e.bits);
  }

  const suppressed = new Map<string, Map<string, ItemSuppression>>();
  const suppress = (groupKey: string, item: string, reason: ItemSuppression) => {
    let byItem = suppressed.get(groupKey);
    if (!byItem) suppressed.set(groupKey, (byItem = new Map()));
    if (!byItem.has(item)) byItem.set(item, reason);
  };
  const records = new Map<string, Record<string, ItemCellRecord>>();
  let exact = true;

  const items = new Set<string>();
  for (const byItem of cells.values()) for (const item of byItem.keys()) items.add(item);

  for (const item of items) {
    const blank = contributions.bitsOf(blanks.get(item) ?? []);

    // This snapshot's cells of the item.
    const free: CurrentCell[] = [];
    for (const g of shown) {
      const n = cells.get(g.key)?.get(item);
      if (n === undefined) continue;
      const members = groupBits.get(g.key)!;
      const bits = members.andNot(blank);
      const size = bits.count();
      if (size !== n) suppress(g.key, item, "count");
      else free.push({ group: g, bits, size, novel: !members.and(blank).isEmpty() });
    }

    // Every earlier shown cell of the item.
    const earlier: HistoryCell[] = [];
    for (const { entry, bits } of entries) {
      if (entry.items) {
        const record = entry.items[item];
        if (record === undefined) continue;
        const cell = Array.isArray(record)
          ? bits.andNot(contributions.bitsOf(record as readonly string[]))
          : contributions.bitsOf((record as { answered: readonly string[] }).answered).and(bits);
        earlier.push({ identity: entry.identity, lower: cell, upper: cell, novel: !cell.equals(bits) });
      } else {
        // Stored before item cells were audited: every item taken as shown. A contribution still in
        // the wave has the same answers now (an amendment is a new contribution), so its blanks are
        // today's; one no longer in the wave may or may not have answered, so both readings count.
        const known = bits.and(current).andNot(blank);
        const unknown = bits.andNot(current);
        earlier.push({ identity: entry.identity, lower: known, upper: known.or(unknown), novel: !known.equals(bits) });
      }
    }
    const earlierOf = new Map<string, HistoryCell[]>();
    for (const c of earlier) {
      const list = earlierOf.get(c.identity) ?? [];
      list.push(c);
      earlierOf.set(c.identity, list);
    }

    // Time: against the same group's earlier cells of the item and its earlier response sets.
    const surviving = free.filter((cell) => {
      const identity = cell.group.identity;
      const movedFromGroup = (entriesOf.get(identity) ?? []).some((e) => inWindow(contributions.councilsIn(cell.bits.xor(e.bits)), k));
      const movedFromCell = (earlierOf.get(identity) ?? []).some((c) => {
        const differing = cell.bits.xor(c.lower);
        const low = contributions.councilsIn(differing);
        const high = c.upper === c.lower ? low : contributions.councilsIn(differing.or(c.upper.andNot(c.lower)));
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
      const family: { bits: Bits; kind: "group" | "cell"; fixed: boolean; cell?: CurrentCell }[] = [
        ...groupSets.map((bits) => ({ bits, kind: "group" as const, fixed: true })),
        ...earlier.flatMap((c) => (c.upper === c.lower ? [c.lower] : [c.lower, c.upper]).map((bits) => ({ bits, kind: "cell" as const, fixed: true }))),
        ...surviving.map((cell) => ({ bits: cell.bits, kind: "cell" as const, fixed: false, cell })),
      ];
      const atoms = atomsOf(
        family.map((f) => f.bits),
        width,
      );
      const sets = new Map<string, ShownSet>();
      for (const [i, f] of family.entries()) {
        const bits = atoms[i]!;
        const key = `${f.kind}:${bits.key()}`;
        let set = sets.get(key);
        if (!set) {
          set = { key, bits, size: f.cell ? f.cell.size : f.bits.count(), fixed: f.fixed, groups: [], protect: false };
          sets.set(key, set);
        }
        if (f.cell) {
          set.groups.push(f.cell.group.key);
          if (f.cell.group.protect) set.protect = true;
        }
      }
      const withdrawn: ShownSet[] = [];
      exact =
        withdrawUntilNoLeak(sets, k, (victim) => {
          sets.delete(victim.key);
          withdrawn.push(victim);
        }) && exact;
      // The search withdraws the smallest cell of each leak first, which can leave it withdrawn
      // when a larger one had to go anyway: bring back every cell that makes no leak now, the
      // whole wave's first, then the larger ones.
      withdrawn.sort((a, b) => Number(b.protect) - Number(a.protect) || b.size - a.size);
      for (const set of withdrawn) {
        sets.set(set.key, set);
        const found = findLeak(sets, k);
        if (!found.victim) continue;
        sets.delete(set.key);
        for (const key of set.groups) suppress(key, item, "subtraction");
      }
    }

    // What each shown cell is over, for the history.
    for (const cell of surviving) {
      if (suppressed.get(cell.group.key)?.has(item)) continue;
      const blankInGroup = groupBits.get(cell.group.key)!.and(blank);
      const blankCount = blankInGroup.count();
      const record: ItemCellRecord = blankCount <= cell.size ? contributions.tokensOf(blankInGroup) : { answered: contributions.tokensOf(cell.bits) };
      let byItem = records.get(cell.group.key);
      if (!byItem) records.set(cell.group.key, (byItem = {}));
      byItem[item] = record;
    }
  }
  for (const g of shown) if (!records.has(g.key) && cells.has(g.key)) records.set(g.key, {});
  return { suppressed, records, exact };
}

/**
 * The sets over the classes of contributions that no set tells apart (each class in exactly the
 * same sets), so the subtraction search works on a few dozen elements instead of every response.
 */
function atomsOf(sets: readonly Bits[], width: number): Bits[] {
  const atomOf = new Int32Array(width);
  let next = 1;
  for (const set of sets) {
    const split = new Map<number, number>();
    set.forEach((t) => {
      const old = atomOf[t]!;
      let moved = split.get(old);
      if (moved === undefined) split.set(old, (moved = next++));
      atomOf[t] = moved;
    });
  }
  const compact = new Map<number, number>();
  const lists = sets.map((set) => {
    const indices = new Set<number>();
    set.forEach((t) => {
      const a = atomOf[t]!;
      let c = compact.get(a);
      if (c === undefined) compact.set(a, (c = compact.size));
      indices.add(c);
    });
    return [...indices];
  });
  return lists.map((indices) => Bits.of(indices, compact.size));
}
