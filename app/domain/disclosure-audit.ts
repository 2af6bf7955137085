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
}

export interface AuditHistory {
  /** Snapshot id (its cut time, say). */
  snapshot: string;
  /** Only the groups that carried figures. */
  groups: readonly AuditedHistoryGroup[];
}

export type AuditDecision =
  | { status: "shown" }
  | { status: "kept"; snapshot: string; members: readonly string[] }
  | { status: "suppressed"; reason: "empty" | "under-k" | "subtraction" | "time" };

export interface AuditResult {
  decisions: Record<string, AuditDecision>;
  /** True when every packing search finished; false when a search hit its limit and the auditor suppressed to be safe. */
  exact: boolean;
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

const inWindow = (n: number, k: number) => n >= 1 && n <= k - 1;

/**
 * The contributions of a snapshot and its history numbered once, each with its council numbered,
 * so the auditor counts councils and compares groups with typed arrays rather than sets of
 * strings (decision 069): a group of the 1,000,000-answer wave has up to 25,900 tokens, and each
 * is compared with every earlier version of its group, for each audience.
 */
export class Contributions {
  private readonly index = new Map<string, number>();
  private readonly councils = new Map<string, number>();
  private readonly councilOf: number[] = [];
  private readonly numbered = new Map<readonly string[], Int32Array>();
  private tokenMarks = new Int32Array(0);
  private councilMarks = new Int32Array(0);
  private tokenGeneration = 0;
  private councilGeneration = 0;

  get size(): number {
    return this.index.size;
  }
  /** The numbers of the tokens (numbering new ones in order of appearance). */
  of(members: readonly string[]): Int32Array {
    let ids = this.numbered.get(members);
    if (ids) return ids;
    ids = new Int32Array(members.length);
    for (let i = 0; i < members.length; i++) {
      const token = members[i]!;
      let id = this.index.get(token);
      if (id === undefined) {
        id = this.index.size;
        this.index.set(token, id);
        const council = councilOfToken(token);
        let c = this.councils.get(council);
        if (c === undefined) this.councils.set(council, (c = this.councils.size));
        this.councilOf.push(c);
      }
      ids[i] = id;
    }
    this.numbered.set(members, ids);
    return ids;
  }
  private marks(): void {
    if (this.tokenMarks.length < this.index.size) this.tokenMarks = new Int32Array(this.index.size);
    if (this.councilMarks.length < this.councils.size) this.councilMarks = new Int32Array(this.councils.size);
  }
  /** Number of distinct councils among the members. */
  councilCount(members: readonly string[]): number {
    const ids = this.of(members);
    this.marks();
    const seen = ++this.councilGeneration;
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const c = this.councilOf[ids[i]!]!;
      if (this.councilMarks[c] !== seen) {
        this.councilMarks[c] = seen;
        n++;
      }
    }
    return n;
  }
  /** councilsDiffering(a, b), over the numbers. */
  councilsDiffering(a: readonly string[], b: readonly string[]): number {
    const idsA = this.of(a);
    const idsB = this.of(b);
    this.marks();
    const counted = ++this.councilGeneration;
    let n = 0;
    const count = (id: number) => {
      const c = this.councilOf[id]!;
      if (this.councilMarks[c] !== counted) {
        this.councilMarks[c] = counted;
        n++;
      }
    };
    // Tokens of A marked, then those of B over them: a token of A still marked as A's is not in B.
    const inA = ++this.tokenGeneration;
    for (let i = 0; i < idsA.length; i++) this.tokenMarks[idsA[i]!] = inA;
    const inB = ++this.tokenGeneration;
    for (let i = 0; i < idsB.length; i++) this.tokenMarks[idsB[i]!] = inB;
    for (let i = 0; i < idsA.length; i++) if (this.tokenMarks[idsA[i]!] === inA) count(idsA[i]!);
    // And the other way round.
    const inAAgain = ++this.tokenGeneration;
    for (let i = 0; i < idsA.length; i++) this.tokenMarks[idsA[i]!] = inAAgain;
    for (let i = 0; i < idsB.length; i++) if (this.tokenMarks[idsB[i]!] !== inAAgain) count(idsB[i]!);
    return n;
  }
}

class Bits {
  constructor(readonly words: Uint32Array) {}
  static of(indices: ArrayLike<number>, width: number): Bits {
    const words = new Uint32Array(Math.ceil(width / 32) || 1);
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j]!;
      words[i >>> 5]! |= 1 << (i & 31);
    }
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
  /** The set as a string (equal sets, equal strings): each 32-bit word as two UTF-16 code units, in one string rather than a string per word. */
  key(): string {
    const units = new Uint16Array(this.words.buffer, this.words.byteOffset, this.words.length * 2);
    let key = "";
    for (let i = 0; i < units.length; i += 4096) key += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
    return key;
  }
}

interface ShownSet {
  key: string;
  bits: Bits;
  size: number;
  /** Already published (in an earlier snapshot): it cannot be withdrawn. */
  fixed: boolean;
  /** Current groups showing exactly this set. */
  groups: string[];
  protect: boolean;
}

/** Node limit of one packing search; past it the container's leak is assumed (and fixed by suppressing). */
export const PACKING_SEARCH_LIMIT = 50_000;

/**
 * A family of pairwise disjoint sets among `candidates` (each a strict subset of the container) whose
 * union leaves 1…k−1 of the container's `size` members, with at least one set not fixed unless the
 * container itself is not fixed. null when there is none; "limit" when the search gave up.
 */
function findPacking(container: ShownSet, candidates: readonly ShownSet[], k: number): ShownSet[] | null | "limit" {
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
 * Decide which groups of a new snapshot carry figures. Every group ends shown, kept (it shows the
 * figures of an earlier snapshot, the latest in which its group carried figures) or suppressed.
 */
export function auditSnapshot(input: { k: number; groups: readonly AuditGroup[]; history?: readonly AuditHistory[] }): AuditResult {
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
    return latest ? { status: "kept", snapshot: latest.snapshot, members: latest.members } : { status: "suppressed", reason };
  };

  // Every contribution numbered, the history's first.
  const contributions = new Contributions();
  for (const snapshot of history) for (const g of snapshot.groups) contributions.of(g.members);
  for (const g of groups) contributions.of(g.members);

  // 1. Groups on their own, and the time rule against every earlier version of the same group.
  for (const group of groups) {
    const councils = contributions.councilCount(group.members);
    if (councils === 0) decisions[group.key] = { status: "suppressed", reason: "empty" };
    else if (inWindow(councils, k)) decisions[group.key] = { status: "suppressed", reason: "under-k" };
    else if ((earlier.get(group.identity) ?? []).some((v) => inWindow(contributions.councilsDiffering(group.members, v.members), k))) {
      decisions[group.key] = keepOrSuppress(group, "time");
    } else decisions[group.key] = { status: "shown" };
  }

  // 2. Subtraction across every shown set, earlier snapshots included.
  const width = contributions.size;
  const bitsOf = (members: readonly string[]) => {
    const ids = contributions.of(members);
    if (contributions.size !== width) throw new Error("auditSnapshot: a set of contributions that was not numbered");
    return Bits.of(ids, width);
  };

  const sets = new Map<string, ShownSet>();
  const addSet = (members: readonly string[], fixed: boolean, groupKey: string | null, protect: boolean) => {
    const bits = bitsOf(members);
    const key = bits.key();
    let set = sets.get(key);
    if (!set) {
      set = { key, bits, size: bits.count(), fixed, groups: [], protect: false };
      sets.set(key, set);
    }
    if (fixed) set.fixed = true;
    if (groupKey) set.groups.push(groupKey);
    if (protect) set.protect = true;
  };
  for (const snapshot of history) for (const g of snapshot.groups) addSet(g.members, true, null, false);
  for (const group of groups) {
    const d = decisions[group.key]!;
    if (d.status === "shown") addSet(group.members, false, group.key, group.protect === true);
  }

  let exact = true;
  const groupByKey = new Map(groups.map((g) => [g.key, g]));
  const withdraw = (set: ShownSet) => {
    for (const key of set.groups) decisions[key] = keepOrSuppress(groupByKey.get(key)!, "subtraction");
    // Kept figures are an earlier, already published set: add them back as fixed.
    sets.delete(set.key);
    for (const key of set.groups) {
      const d = decisions[key]!;
      if (d.status === "kept") addSet(d.members, true, null, false);
    }
  };

  for (;;) {
    const all = [...sets.values()];
    let victim: ShownSet | null = null;
    for (const container of all.sort((a, b) => a.size - b.size)) {
      const candidates = all.filter((s) => s !== container && s.size < container.size && s.bits.subsetOf(container.bits));
      if (candidates.length === 0) continue;
      const found = findPacking(container, candidates, k);
      if (found === null) continue;
      let involved: ShownSet[];
      if (found === "limit") {
        exact = false;
        involved = container.fixed ? candidates.filter((c) => !c.fixed) : [container];
      } else involved = [container, ...found];
      const free = involved.filter((s) => !s.fixed);
      // Prefer the smallest set, never the whole wave while anything else can go.
      free.sort((a, b) => Number(a.protect) - Number(b.protect) || a.size - b.size);
      victim = free[0] ?? null;
      if (victim) break;
    }
    if (!victim) break;
    withdraw(victim);
  }
  return { decisions, exact };
}
