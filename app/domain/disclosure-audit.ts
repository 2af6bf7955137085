// The disclosure auditor (INSTRUMENT.md, "Disclosure control"; FIGURES.md). Pure: it sees groups
// as sets of contributions and decides which groups of a new snapshot may carry figures so that an
// attacker holding every view of this snapshot and of every earlier snapshot of the same audience
// cannot isolate 1…k−1 councils:
//   - no shown group has 1…k−1 councils;
//   - no shown group A minus one shown group B ⊂ A, or minus several pairwise disjoint shown groups
//     B1…Bm ⊂ A, leaves 1…k−1 councils;
//   - time: a group whose contributions differ from the same group (same register membership) in
//     any earlier snapshot by 1…k−1 councils keeps that earlier figures or is suppressed.
//
// A contribution is a token "councilId@submission": a council that amends its response makes a new
// token, so two reads that differ only by one council's amendment differ by one council. Groups
// with the same contributions show the same figures, so they share one fate (Wales the nation, Wales
// the region and the Welsh principal areas are one set).

export interface AuditGroup {
  /** Unique within the snapshot, e.g. "all", "type:LBO", "region:London". */
  key: string;
  /** The group's register membership (sorted council ids joined): the same group across snapshots. */
  identity: string;
  /** Contribution tokens "councilId@submission" of the submitted responses in the group. */
  members: readonly string[];
  /** The whole wave: suppressed only when it fails on its own (under k) or nothing else can fix a leak. */
  protect?: boolean;
}

export interface AuditedHistoryGroup {
  identity: string;
  /** The contributions whose figures were shown (for a kept cell, those of the snapshot it kept). */
  members: readonly string[];
  /** The snapshot whose figures were shown. */
  snapshot: string;
  /**
   * The item cells shown with the group's figures (decision 067): per item, the members that left it
   * blank, or `{ answered }` (the members that did not) when that list is shorter. An item not
   * listed was not shown. Absent in snapshots stored before item cells were audited.
   */
  items?: Readonly<Record<string, ItemCellRecord>>;
  /**
   * The index, α and gap cells shown (decision 072), recorded the same way per measure ("PRESC",
   * "PRESC:alpha", "GAP", "TECH×GAP"). Absent in snapshots stored before those were audited.
   */
  measures?: Readonly<Record<string, ItemCellRecord>>;
}

/** Who is behind one shown item cell, relative to its group's members: the blank ones, or the answering ones. */
export type ItemCellRecord = readonly string[] | { readonly answered: readonly string[] };

export interface AuditHistory {
  /** Snapshot id (its cut time, say). */
  snapshot: string;
  /** Only the groups that carried figures. */
  groups: readonly AuditedHistoryGroup[];
}

export type AuditDecision =
  | { status: "shown" }
  | { status: "kept"; snapshot: string; members: readonly string[]; items?: Readonly<Record<string, ItemCellRecord>> }
  | { status: "suppressed"; reason: "empty" | "under-k" | "subtraction" | "time" };

export interface AuditResult {
  decisions: Record<string, AuditDecision>;
  /** True when every packing search finished; false when a search hit its limit and the auditor suppressed to be safe. */
  exact: boolean;
  /** The audit's numbering of every contribution, each group's set and each earlier group's (as `history`): the item audit reuses them. */
  sets: AuditedSets;
}

export interface AuditedSets {
  contributions: Contributions;
  /** Per group key. */
  groups: ReadonlyMap<string, Bits>;
  /** Per earlier snapshot, per shown group, in the order of the history. */
  history: readonly (readonly Bits[])[];
}

export const councilOfToken = (token: string): string => {
  const at = token.indexOf("@");
  return at < 0 ? token : token.slice(0, at);
};

/** Number of councils with a contribution in A and not B or in B and not A (an amended council counts once). */
export function councilsDiffering(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  const councils = new Set<string>();
  for (const t of setA) if (!setB.has(t)) councils.add(councilOfToken(t));
  for (const t of setB) if (!setA.has(t)) councils.add(councilOfToken(t));
  return councils.size;
}

export const inWindow = (n: number, k: number) => n >= 1 && n <= k - 1;

/** A set as a bitset over some numbering of its elements (contributions, or classes of them). */
export class Bits {
  constructor(readonly words: Uint32Array) {}
  static of(indices: readonly number[], width: number): Bits {
    const words = new Uint32Array(Math.ceil(width / 32) || 1);
    for (const i of indices) words[i >>> 5]! |= 1 << (i & 31);
    return new Bits(words);
  }
  count(): number {
    let n = 0;
    for (let w of this.words) {
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
  subsetOf(other: Bits): boolean {
    for (let i = 0; i < this.words.length; i++) if ((this.words[i]! & ~other.words[i]!) !== 0) return false;
    return true;
  }
  disjoint(other: Bits): boolean {
    for (let i = 0; i < this.words.length; i++) if ((this.words[i]! & other.words[i]!) !== 0) return false;
    return true;
  }
  or(other: Bits): Bits {
    const words = new Uint32Array(this.words.length);
    for (let i = 0; i < words.length; i++) words[i] = this.words[i]! | other.words[i]!;
    return new Bits(words);
  }
  and(other: Bits): Bits {
    const words = new Uint32Array(this.words.length);
    for (let i = 0; i < words.length; i++) words[i] = this.words[i]! & other.words[i]!;
    return new Bits(words);
  }
  andNot(other: Bits): Bits {
    const words = new Uint32Array(this.words.length);
    for (let i = 0; i < words.length; i++) words[i] = this.words[i]! & ~other.words[i]!;
    return new Bits(words);
  }
  xor(other: Bits): Bits {
    const words = new Uint32Array(this.words.length);
    for (let i = 0; i < words.length; i++) words[i] = this.words[i]! ^ other.words[i]!;
    return new Bits(words);
  }
  equals(other: Bits): boolean {
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== other.words[i]) return false;
    return true;
  }
  isEmpty(): boolean {
    for (const w of this.words) if (w !== 0) return false;
    return true;
  }
  /** Calls fn with each element, in increasing order. */
  forEach(fn: (i: number) => void): void {
    for (let j = 0; j < this.words.length; j++) {
      let w = this.words[j]!;
      while (w !== 0) {
        const low = w & -w;
        fn((j << 5) + 31 - Math.clz32(low));
        w ^= low;
      }
    }
  }
  /** A string naming exactly this set (of this width): two UTF-16 code units per word. */
  key(): string {
    let s = "";
    for (const w of this.words) s += String.fromCharCode(w & 0xffff, w >>> 16);
    return s;
  }
}

/**
 * Contribution tokens numbered once for everything that shares this (decision 069): a snapshot build
 * numbers its lists of tokens (each group's, each earlier group's, each item's blanks) once, and
 * every audit of the build — both audiences, groups and cells — then numbers its contributions
 * through these numbers rather than looking each token up again.
 */
export class TokenNumbers {
  private readonly ids = new Map<string, number>();
  readonly tokens: string[] = [];
  /** The council of each token, numbered too. */
  readonly councilOf: number[] = [];
  private readonly councils = new Map<string, number>();
  private readonly lists = new WeakMap<readonly string[], Int32Array>();

  get councilCount(): number {
    return this.councils.size;
  }
  idOf(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.tokens.length;
      this.ids.set(token, id);
      this.tokens.push(token);
      const council = councilOfToken(token);
      let c = this.councils.get(council);
      if (c === undefined) this.councils.set(council, (c = this.councils.size));
      this.councilOf.push(c);
    }
    return id;
  }
  /** The numbers of the list's tokens, remembered for the list (the same array, not changed since). */
  idsOf(list: readonly string[]): Int32Array {
    let ids = this.lists.get(list);
    if (!ids) {
      ids = new Int32Array(list.length);
      for (let j = 0; j < list.length; j++) ids[j] = this.idOf(list[j]!);
      this.lists.set(list, ids);
    }
    return ids;
  }
  /** Remembers `ids` as the list's numbers: the caller vouches that list[j] is tokens[ids[j]] (a group's tokens picked out of the whole wave's). */
  alias(list: readonly string[], ids: Int32Array): void {
    this.lists.set(list, ids);
  }
}

/** Contributions numbered for bitsets (in the order they are added), with the council of each (an amended council counts once). */
export class Contributions {
  private readonly numbers: TokenNumbers;
  /** This numbering's number of each shared number, −1 for none yet. */
  private local = new Int32Array(0);
  private readonly shared: number[] = [];
  private stamp: Uint32Array | null = null;
  private generation = 0;

  constructor(numbers: TokenNumbers = new TokenNumbers()) {
    this.numbers = numbers;
  }
  private localOf(id: number): number {
    if (id >= this.local.length) {
      const grown = new Int32Array(Math.max(id + 1, this.numbers.tokens.length, this.local.length * 2)).fill(-1);
      grown.set(this.local);
      this.local = grown;
    }
    return this.local[id]!;
  }
  private number(id: number): number {
    let i = this.localOf(id);
    if (i < 0) {
      i = this.shared.length;
      this.local[id] = i;
      this.shared.push(id);
    }
    return i;
  }
  add(token: string): void {
    this.number(this.numbers.idOf(token));
  }
  /** add() for each of the tokens, in order. */
  addAll(tokens: readonly string[]): void {
    const ids = this.numbers.idsOf(tokens);
    for (let j = 0; j < ids.length; j++) this.number(ids[j]!);
  }
  get width(): number {
    return this.shared.length;
  }
  /** The set of these contributions (any not numbered are left out). */
  bitsOf(tokens: readonly string[]): Bits {
    const words = new Uint32Array(Math.ceil(this.shared.length / 32) || 1);
    const ids = this.numbers.idsOf(tokens);
    // Room for every shared number made so far, so each lookup is one read.
    if (this.numbers.tokens.length > 0) this.localOf(this.numbers.tokens.length - 1);
    const local = this.local;
    for (let j = 0; j < ids.length; j++) {
      const i = local[ids[j]!]!;
      if (i >= 0) words[i >>> 5]! |= 1 << (i & 31);
    }
    return new Bits(words);
  }
  /** councilsIn(a.xor(b), limit), without making the set of the difference. */
  councilsDiffering(a: Bits, b: Bits, limit = Infinity): number {
    return this.countCouncils(a.words, b.words, limit);
  }
  /** The set's tokens, in this numbering's order. */
  tokensOf(bits: Bits): string[] {
    const out: string[] = [];
    const tokens = this.numbers.tokens;
    const words = bits.words;
    for (let j = 0; j < words.length; j++) {
      let w = words[j]!;
      while (w !== 0) {
        const low = w & -w;
        out.push(tokens[this.shared[(j << 5) + 31 - Math.clz32(low)]!]!);
        w ^= low;
      }
    }
    return out;
  }
  /**
   * Councils with a contribution in the set, counted up to `limit` (the count, or `limit` when there
   * are at least that many: whether a set isolates 1…k−1 councils needs counting only up to k).
   */
  councilsIn(bits: Bits, limit = Infinity): number {
    return this.countCouncils(bits.words, null, limit);
  }
  /** Councils with a contribution in `x` (in `x` xor `y` when `y` is given), counted up to `limit`. */
  private countCouncils(x: Uint32Array, y: Uint32Array | null, limit: number): number {
    // Councils numbered since (by this or anything sharing the numbers) need a larger stamp.
    if (!this.stamp || this.stamp.length < this.numbers.councilCount) this.stamp = new Uint32Array(this.numbers.councilCount);
    const stamp = this.stamp;
    const councilOf = this.numbers.councilOf;
    const shared = this.shared;
    const generation = ++this.generation;
    let n = 0;
    for (let j = 0; j < x.length; j++) {
      let w = (y === null ? x[j]! : x[j]! ^ y[j]!) >>> 0;
      while (w !== 0) {
        const low = w & -w;
        const c = councilOf[shared[(j << 5) + 31 - Math.clz32(low)]!]!;
        w = (w ^ low) >>> 0;
        if (stamp[c] !== generation) {
          stamp[c] = generation;
          if (++n >= limit) return n;
        }
      }
    }
    return n;
  }
}

/** A set of contributions that carries figures, as the subtraction search sees it. */
export interface ShownSet {
  key: string;
  bits: Bits;
  /** Contributions in the set (the search's weights: with classes of contributions as elements, the sum of their sizes). */
  size: number;
  /** Already published, or not this search's to withdraw: it cannot be withdrawn. */
  fixed: boolean;
  /** Current groups (or cells) showing exactly this set. */
  groups: string[];
  /** Withdrawn last: the whole wave (true), or a rank (a higher number goes later; true counts as 1). */
  protect: boolean | number;
}

/** Node limit of one packing search; past it the container's leak is assumed (and fixed by suppressing). */
export const PACKING_SEARCH_LIMIT = 50_000;

/**
 * A family of pairwise disjoint sets among `candidates` (each a strict subset of the container) whose
 * union leaves 1…k−1 of the container's `size` members, with at least one set not fixed unless the
 * container itself is not fixed. null when there is none; "limit" when the search gave up.
 */
export function findPacking(container: ShownSet, candidates: readonly ShownSet[], k: number): ShownSet[] | null | "limit" {
  const low = container.size - (k - 1);
  const high = container.size - 1;
  const sorted = [...candidates].sort((a, b) => b.size - a.size);
  const suffix = new Array<number>(sorted.length + 1).fill(0);
  const suffixFree = new Array<boolean>(sorted.length + 1).fill(false);
  for (let i = sorted.length - 1; i >= 0; i--) {
    suffix[i] = suffix[i + 1]! + sorted[i]!.size;
    suffixFree[i] = suffixFree[i + 1]! || !sorted[i]!.fixed;
  }
  const seen = new Set<string>();
  let nodes = 0;
  const chosen: ShownSet[] = [];
  const search = (from: number, union: Bits | null, size: number, hasFree: boolean): ShownSet[] | null | "limit" => {
    if (++nodes > PACKING_SEARCH_LIMIT) return "limit";
    if (chosen.length > 0 && size >= low && size <= high && (hasFree || !container.fixed)) return [...chosen];
    if (size + suffix[from]! < low) return null;
    if (container.fixed && !hasFree && !suffixFree[from]) return null;
    for (let i = from; i < sorted.length; i++) {
      const next = sorted[i]!;
      if (size + next.size > high) continue;
      if (union && !union.disjoint(next.bits)) continue;
      const merged = union ? union.or(next.bits) : next.bits;
      const memo = `${i}|${hasFree || !next.fixed ? 1 : 0}|${merged.key()}`;
      if (seen.has(memo)) continue;
      seen.add(memo);
      chosen.push(next);
      const found = search(i + 1, merged, size + next.size, hasFree || !next.fixed);
      chosen.pop();
      if (found) return found;
    }
    return null;
  };
  return search(0, null, 0, false);
}

/**
 * findPacking when the sets' elements carry weights (`weights[i]`: contributions in element i, the
 * sets' sizes being the sums): the same question, searched element by element, as an exact cover
 * with slack — the first element of the container not yet decided is either covered now by a
 * candidate that holds it (and nothing decided) or left over, while what is left over stays under
 * k. Far fewer nodes than choosing among candidates when the sets are many and nested.
 */
export function findPackingByElement(container: ShownSet, candidates: readonly ShownSet[], k: number, weights: ArrayLike<number>): ShownSet[] | null | "limit" {
  const elements: number[] = [];
  container.bits.forEach((i) => elements.push(i));
  const has = (bits: Bits, e: number) => (bits.words[e >>> 5]! & (1 << (e & 31))) !== 0;
  const holding = elements.map((e) => candidates.filter((c) => has(c.bits, e)));
  const seen = new Set<string>();
  let nodes = 0;
  const chosen: ShownSet[] = [];
  const search = (decided: Bits, left: number, hasFree: boolean): ShownSet[] | null | "limit" => {
    if (++nodes > PACKING_SEARCH_LIMIT) return "limit";
    // The undecided element with the fewest candidates still open to it (none: it is left over).
    let best = -1;
    let open: ShownSet[] = [];
    for (let i = 0; i < elements.length; i++) {
      if (has(decided, elements[i]!)) continue;
      const available = holding[i]!.filter((c) => c.bits.disjoint(decided));
      if (best === -1 || available.length < open.length) {
        best = i;
        open = available;
        if (available.length === 0) break;
      }
    }
    if (best === -1) return chosen.length > 0 && left >= 1 && (hasFree || !container.fixed) ? [...chosen] : null;
    const memo = `${left}|${hasFree ? 1 : 0}|${chosen.length > 0 ? 1 : 0}|${decided.key()}`;
    if (seen.has(memo)) return null;
    seen.add(memo);
    for (const c of open) {
      chosen.push(c);
      const found = search(decided.or(c.bits), left, hasFree || !c.fixed);
      chosen.pop();
      if (found) return found;
    }
    const e = elements[best]!;
    if (left + weights[e]! > k - 1) return null;
    return search(decided.or(Bits.of([e], decided.words.length * 32)), left + weights[e]!, hasFree);
  };
  return search(Bits.of([], container.bits.words.length * 32), 0, false);
}

/**
 * Decide which groups of a new snapshot carry figures. Every group ends shown, kept (it shows the
 * figures of an earlier snapshot, the latest in which its group carried figures) or suppressed.
 */
export function auditSnapshot(input: {
  k: number;
  groups: readonly AuditGroup[];
  history?: readonly AuditHistory[];
  /** Token numbers shared with the build's other audits (only how fast; the decisions are the same). */
  numbers?: TokenNumbers;
}): AuditResult {
  const { k, groups } = input;
  const history = input.history ?? [];
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`disclosure threshold k must be a whole number ≥ 1; got ${k}`);
  const keys = new Set<string>();
  for (const g of groups) {
    if (keys.has(g.key)) throw new Error(`duplicate group key ${g.key}`);
    keys.add(g.key);
  }

  const decisions: Record<string, AuditDecision> = {};
  // Earlier shown versions of each identity, oldest first.
  const earlier = new Map<string, AuditedHistoryGroup[]>();
  for (const snapshot of history) {
    for (const g of snapshot.groups) {
      const list = earlier.get(g.identity) ?? [];
      list.push(g);
      earlier.set(g.identity, list);
    }
  }
  const keepOrSuppress = (group: AuditGroup, reason: "subtraction" | "time"): AuditDecision => {
    const versions = earlier.get(group.identity);
    const latest = versions?.[versions.length - 1];
    if (!latest) return { status: "suppressed", reason };
    return latest.items
      ? { status: "kept", snapshot: latest.snapshot, members: latest.members, items: latest.items }
      : { status: "kept", snapshot: latest.snapshot, members: latest.members };
  };

  // Every contribution numbered once (earlier snapshots first), and each group's set as bits.
  const contributions = new Contributions(input.numbers);
  for (const snapshot of history) for (const g of snapshot.groups) contributions.addAll(g.members);
  for (const g of groups) contributions.addAll(g.members);
  const historyBits = history.map((snapshot) => snapshot.groups.map((g) => contributions.bitsOf(g.members)));
  const groupBits = new Map(groups.map((g) => [g.key, contributions.bitsOf(g.members)]));
  const earlierBits = new Map<string, Bits[]>();
  history.forEach((snapshot, i) =>
    snapshot.groups.forEach((g, j) => {
      const list = earlierBits.get(g.identity) ?? [];
      list.push(historyBits[i]![j]!);
      earlierBits.set(g.identity, list);
    }),
  );

  // The item cells earlier snapshots showed over fewer councils than their group (index, α and gap
  // cells are not subtracted from response sets: decision 074).
  const cells = earlierCellsOf(history, historyBits, contributions);
  const earlierCellBits = new Map<string, Bits[]>();
  for (const list of cells.values())
    for (const cell of list) {
      const same = earlierCellBits.get(cell.identity) ?? [];
      same.push(cell.bits);
      earlierCellBits.set(cell.identity, same);
    }

  // 1. Groups on their own, and the time rule against every earlier version of the same group and
  // every earlier item cell of it (decision 073: a group's responses shown after one of its cells).
  const moved = (bits: Bits, v: Bits) => !v.equals(bits) && inWindow(contributions.councilsDiffering(bits, v, k), k);
  for (const group of groups) {
    const bits = groupBits.get(group.key)!;
    // Counted up to k: enough to tell none, 1…k−1 and at least k apart.
    const councils = contributions.councilsIn(bits, k);
    if (councils === 0) decisions[group.key] = { status: "suppressed", reason: "empty" };
    else if (inWindow(councils, k)) decisions[group.key] = { status: "suppressed", reason: "under-k" };
    else if ((earlierBits.get(group.identity) ?? []).some((v) => moved(bits, v)) || (earlierCellBits.get(group.identity) ?? []).some((v) => moved(bits, v))) {
      decisions[group.key] = keepOrSuppress(group, "time");
    } else decisions[group.key] = { status: "shown" };
  }

  // 2. Subtraction across every shown set, earlier snapshots included.
  const sets = new Map<string, ShownSet>();
  const addSet = (bits: Bits, fixed: boolean, groupKey: string | null, protect: boolean, into: Map<string, ShownSet> = sets) => {
    const key = bits.key();
    let set = into.get(key);
    if (!set) {
      set = { key, bits, size: bits.count(), fixed, groups: [], protect: false };
      into.set(key, set);
    }
    if (fixed) set.fixed = true;
    if (groupKey) set.groups.push(groupKey);
    if (protect) set.protect = true;
  };
  for (const list of historyBits) for (const bits of list) addSet(bits, true, null, false);
  for (const group of groups) {
    const d = decisions[group.key]!;
    if (d.status === "shown") addSet(groupBits.get(group.key)!, false, group.key, group.protect === true);
  }

  const groupByKey = new Map(groups.map((g) => [g.key, g]));
  const withdrawFrom =
    (...families: Map<string, ShownSet>[]) =>
    (set: ShownSet) => {
      for (const key of set.groups) decisions[key] = keepOrSuppress(groupByKey.get(key)!, "subtraction");
      // Kept figures are an earlier, already published set: add them back as fixed.
      for (const family of families) {
        family.delete(set.key);
        for (const key of set.groups) {
          const d = decisions[key]!;
          if (d.status === "kept") addSet(contributions.bitsOf(d.members), true, null, false, family);
        }
      }
    };

  let exact = withdrawUntilNoLeak(sets, k, withdrawFrom(sets));

  // 3. The same with each item's earlier cells as shown sets too (decision 073): a
  // group's responses minus an earlier cell inside it, or an earlier cell minus groups inside it,
  // must not leave 1…k−1 either. Each item on its own: figures of different items do not subtract.
  // Withdrawing only takes sets out (kept figures were published already), so a family cleared
  // stays clear while the next is searched.
  for (const list of cells.values()) {
    const family = new Map<string, ShownSet>();
    for (const [key, set] of sets) family.set(key, { ...set, groups: [...set.groups] });
    const before = family.size;
    for (const cell of list) addSet(cell.bits, true, null, false, family);
    // Only cells that are not already a shown set can make a new subtraction.
    if (family.size === before) continue;
    exact = withdrawUntilNoLeak(family, k, withdrawFrom(family, sets)) && exact;
  }
  return { decisions, exact, sets: { contributions, groups: groupBits, history: historyBits } };
}

/**
 * The item cells earlier snapshots showed over a set of councils other than their group's
 * responses, per item, as sets: the group's members minus the
 * recorded blanks, or the recorded answering ones. An entry stored without cell records adds none
 * (decision 073 says why that is safe for the groups; the cell audits read such entries
 * conservatively).
 */
function earlierCellsOf(
  history: readonly AuditHistory[],
  historyBits: readonly (readonly Bits[])[],
  contributions: Contributions,
): Map<string, { identity: string; bits: Bits }[]> {
  const out = new Map<string, { identity: string; bits: Bits }[]>();
  history.forEach((snapshot, i) =>
    snapshot.groups.forEach((entry, j) => {
      const members = historyBits[i]![j]!;
      const records = entry.items;
      if (records)
        for (const [item, record] of Object.entries(records)) {
          const bits = Array.isArray(record)
            ? record.length === 0
              ? null
              : members.andNot(contributions.bitsOf(record as readonly string[]))
            : contributions.bitsOf((record as { answered: readonly string[] }).answered).and(members);
          if (!bits || bits.equals(members) || bits.isEmpty()) continue;
          const list = out.get(item) ?? [];
          list.push({ identity: entry.identity, bits });
          out.set(item, list);
        }
    }),
  );
  return out;
}

/**
 * The subtraction rule over a family of shown sets: while some shown set minus one shown set inside
 * it, or minus several pairwise disjoint shown sets inside it, leaves 1…k−1 contributions, and one of
 * the sets involved can be withdrawn (not fixed), withdraw the smallest of those (a protected set
 * last); `withdraw` must take the set out of `sets` (and may add fixed ones). A search involving only
 * fixed sets is skipped: nothing can be done about it here. Returns false when a packing search hit
 * its limit (the auditor then withdrew to be safe).
 */
export function withdrawUntilNoLeak(
  sets: ReadonlyMap<string, ShownSet>,
  k: number,
  withdraw: (set: ShownSet) => void,
  options: {
    /** withdraw only takes sets out (adds none): each container is then searched until it holds no leak, and not again. */
    onlyWithdraws?: boolean;
    /** The sets' elements' weights (see findLeak). */
    weights?: ArrayLike<number>;
  } = {},
): boolean {
  let exact = true;
  const cleared = options.onlyWithdraws ? new Set<ShownSet>() : undefined;
  for (;;) {
    const found = findLeak(sets, k, { cleared, weights: options.weights });
    if (!found.exact) exact = false;
    if (!found.victim) return exact;
    withdraw(found.victim);
  }
}

/**
 * One step of withdrawUntilNoLeak: the set to withdraw for the first leak found (containers smallest
 * first), or null when no subtraction involving a set that can be withdrawn leaves 1…k−1.
 */
export function findLeak(
  sets: ReadonlyMap<string, ShownSet>,
  k: number,
  options: {
    /** Containers known to hold no leak; those found so are added. Only while sets are only withdrawn (none added): a container with no leak then keeps none. */
    cleared?: Set<ShownSet>;
    /** Only leaks this set can be part of: the family had none before it was added. */
    involving?: ShownSet;
    /** The sets' elements' weights: search with findPackingByElement. */
    weights?: ArrayLike<number>;
  } = {},
): { victim: ShownSet | null; exact: boolean } {
  let exact = true;
  const { cleared, involving } = options;
  const all = [...sets.values()];
  const free = all.filter((s) => !s.fixed);
  for (const container of all.sort((a, b) => a.size - b.size)) {
    if (cleared?.has(container)) continue;
    if (involving && container !== involving && !(involving.size < container.size && involving.bits.subsetOf(container.bits))) continue;
    // Only fixed sets: the search could find nothing to withdraw.
    if (container.fixed && !free.some((f) => f.size < container.size && f.bits.subsetOf(container.bits))) continue;
    const candidates = all.filter((s) => s !== container && s.size < container.size && s.bits.subsetOf(container.bits));
    if (candidates.length === 0) continue;
    const found = options.weights ? findPackingByElement(container, candidates, k, options.weights) : findPacking(container, candidates, k);
    if (found === null) {
      cleared?.add(container);
      continue;
    }
    let involved: ShownSet[];
    if (found === "limit") {
      exact = false;
      involved = container.fixed ? candidates.filter((c) => !c.fixed) : [container];
    } else involved = [container, ...found];
    const withdrawable = involved.filter((s) => !s.fixed);
    // Prefer the smallest set, never the whole wave while anything else can go.
    withdrawable.sort((a, b) => Number(a.protect) - Number(b.protect) || a.size - b.size);
    const victim = withdrawable[0];
    if (victim) return { victim, exact };
  }
  return { victim: null, exact };
}
