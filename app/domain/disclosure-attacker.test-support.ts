// Test support: what an attacker holding every view of every snapshot can subtract. Written apart
// from the auditor (app/domain/disclosure-audit.ts), by brute force, so a test can check one
// against the other. Used by the auditor's property tests and the snapshot data-layer tests.

import fc from "fast-check";
import type { AuditGroup } from "./disclosure-audit";

// Registers shaped like the real one: types nested in nations; London = London boroughs + the City
// of London; English regions mixing county, district, unitary and metropolitan councils; Wales,
// Scotland and Northern Ireland each one region and one type.

export interface Council {
  id: number;
  type: string;
  region: string;
  nation: string;
}

export function register(shape: { lbo: number; english: number[][]; wpa: number; sco: number; nid: number }): Council[] {
  const councils: Council[] = [];
  const add = (type: string, region: string, nation: string, n: number) => {
    for (let i = 0; i < n; i++) councils.push({ id: councils.length + 1, type, region, nation });
  };
  add("LBO", "London", "England", shape.lbo);
  add("CC", "London", "England", 1);
  const types = ["CTY", "NMD", "UA", "MD"];
  shape.english.forEach((counts, r) => counts.forEach((n, t) => add(types[t]!, `Region ${r + 1}`, "England", n)));
  add("WPA", "Wales", "Wales", shape.wpa);
  add("SCO", "Scotland", "Scotland", shape.sco);
  add("NID", "Northern Ireland", "Northern Ireland", shape.nid);
  return councils;
}

export const registerArb = fc
  .record({
    lbo: fc.integer({ min: 2, max: 12 }),
    english: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }), { minLength: 2, maxLength: 3 }),
    wpa: fc.integer({ min: 1, max: 9 }),
    sco: fc.integer({ min: 1, max: 12 }),
    nid: fc.integer({ min: 1, max: 6 }),
  })
  .map(register);

/** Every view a role can ask for: the whole wave, each type, region and nation (filter views are the same groups). */
export function groupsOf(councils: readonly Council[], version: ReadonlyMap<number, number>): AuditGroup[] {
  const groups: AuditGroup[] = [];
  const add = (key: string, members: Council[], protect = false) => {
    groups.push({
      key,
      identity: members.map((c) => c.id).join(","),
      members: members.filter((c) => (version.get(c.id) ?? 0) > 0).map((c) => `${c.id}@${version.get(c.id)}`),
      protect,
    });
  };
  add("all", [...councils], true);
  for (const dim of ["type", "region", "nation"] as const) {
    for (const value of [...new Set(councils.map((c) => c[dim]))])
      add(
        `${dim}:${value}`,
        councils.filter((c) => c[dim] === value),
      );
  }
  return groups;
}

export interface View {
  snapshot: number;
  identity: string;
  members: Set<string>;
}

/** What an attacker holding every view of every snapshot can subtract; written apart from the auditor. */
export function attack(views: readonly View[], k: number): string[] {
  const leaks: string[] = [];
  const small = (n: number) => n > 0 && n < k;
  const councils = (tokens: Iterable<string>) => new Set([...tokens].map((t) => t.split("@")[0])).size;
  for (const v of views) if (small(councils(v.members))) leaks.push(`view ${v.identity} at ${v.snapshot} has ${councils(v.members)}`);
  // The same group over time.
  for (const a of views) {
    for (const b of views) {
      if (a.identity !== b.identity || a.snapshot >= b.snapshot) continue;
      const changed = new Set<string>();
      for (const t of a.members) if (!b.members.has(t)) changed.add(t.split("@")[0]!);
      for (const t of b.members) if (!a.members.has(t)) changed.add(t.split("@")[0]!);
      if (small(changed.size)) leaks.push(`group ${a.identity} changed by ${changed.size} between ${a.snapshot} and ${b.snapshot}`);
    }
  }
  // Subtraction of one or several disjoint shown sets from a shown set containing them (brute force).
  const distinct = new Map<string, Set<string>>();
  for (const v of views) distinct.set([...v.members].sort().join(" "), v.members);
  const sets = [...distinct.values()];
  const within = (b: Set<string>, a: Set<string>) => b.size < a.size && [...b].every((t) => a.has(t));
  for (const a of sets) {
    const parts = sets.filter((b) => within(b, a));
    let steps = 0;
    const walk = (from: number, used: Set<string>, count: number) => {
      if (++steps > 2_000_000) throw new Error("attacker search too large for this register");
      if (count > 0 && small(a.size - used.size)) leaks.push(`a set of ${a.size} minus ${count} disjoint sets leaves ${a.size - used.size}`);
      for (let i = from; i < parts.length; i++) {
        const b = parts[i]!;
        if ([...b].some((t) => used.has(t))) continue;
        walk(i + 1, new Set([...used, ...b]), count + 1);
      }
    };
    walk(0, new Set(), 0);
  }
  return leaks;
}

/** One item's cell as shown: the contributions of the group that answered the item (decision 067). */
export interface CellView {
  snapshot: number;
  identity: string;
  /** What subtracts from what: an item, or a family of measures (decision 074). */
  item: string;
  /** Which figures these are when the item is a family (a measure): the time rule compares a cell with the same one only. */
  measure?: string;
  members: Set<string>;
}

/**
 * What an attacker holding every shown group (its n) and every shown item cell (its n and answer
 * counts) of every snapshot can subtract, per item; written apart from the auditor, by brute force.
 * A leak is a cell of 1…k−1 councils; a cell that differs by 1…k−1 councils from an earlier cell or
 * response set of the same group; or a shown set (response set or cell) minus one or several
 * pairwise disjoint shown sets inside it leaving 1…k−1, where a cell is involved and the newest of
 * the sets involved is a cell (a response set shown after an item cell was published — the group
 * audit's to judge — cannot be answered by withdrawing a cell). A set shown again counts as first
 * shown.
 */
export function attackItems(groups: readonly View[], cells: readonly CellView[], k: number): string[] {
  const leaks: string[] = [];
  const small = (n: number) => n > 0 && n < k;
  const council = (t: string) => t.split("@")[0]!;
  const councils = (tokens: Iterable<string>) => new Set([...tokens].map(council)).size;
  const differing = (a: Set<string>, b: Set<string>) => {
    const changed = new Set<string>();
    for (const t of a) if (!b.has(t)) changed.add(council(t));
    for (const t of b) if (!a.has(t)) changed.add(council(t));
    return changed.size;
  };
  const items = [...new Set(cells.map((c) => c.item))];
  for (const item of items) {
    const mine = cells.filter((c) => c.item === item);
    for (const c of mine) if (small(councils(c.members))) leaks.push(`${item}: cell ${c.identity} at ${c.snapshot} has ${councils(c.members)}`);
    // Time: a cell against every earlier cell or response set of the same group, and a response set
    // against every earlier cell of it.
    for (const c of mine) {
      for (const v of [...mine, ...groups]) {
        if (v.identity !== c.identity || v.snapshot >= c.snapshot) continue;
        if ("item" in v && (v as CellView).measure !== c.measure) continue;
        const d = differing(c.members, v.members);
        if (small(d))
          leaks.push(`${item}: cell ${c.identity} at ${c.snapshot} differs by ${d} from ${"item" in v ? "its cell" : "its responses"} at ${v.snapshot}`);
      }
      for (const g of groups) {
        if (g.identity !== c.identity || g.snapshot <= c.snapshot) continue;
        const d = differing(c.members, g.members);
        if (small(d)) leaks.push(`${item}: responses ${g.identity} at ${g.snapshot} differ by ${d} from its cell at ${c.snapshot}`);
      }
    }
    // Subtraction: each distinct set once per kind (a group's responses, a cell).
    const tokenIndex = new Map<string, bigint>();
    const bit = (t: string) => {
      let b = tokenIndex.get(t);
      if (b === undefined) tokenIndex.set(t, (b = 1n << BigInt(tokenIndex.size)));
      return b;
    };
    const distinct = new Map<string, { cell: boolean; mask: bigint; size: number }>();
    const add = (cell: boolean, members: Set<string>) => {
      const key = `${cell ? "cell" : "group"}:${[...members].sort().join(" ")}`;
      if (!distinct.has(key)) distinct.set(key, { cell, mask: [...members].reduce((m, t) => m | bit(t), 0n), size: members.size });
    };
    for (const g of groups) add(false, g.members);
    for (const c of mine) add(true, c.members);
    const sets = [...distinct.values()];
    for (const a of sets) {
      const parts = sets.filter((b) => b.size < a.size && (b.mask & a.mask) === b.mask);
      const seen = new Set<string>();
      let steps = 0;
      // Any subtraction with a cell in it, whichever snapshot showed which set (group-only ones are attack's).
      const walk = (from: number, used: bigint, usedSize: number, count: number, withCell: boolean) => {
        if (++steps > 2_000_000) throw new Error("attacker search too large for this register");
        if (count > 0 && small(a.size - usedSize) && withCell) {
          leaks.push(`${item}: a ${a.cell ? "cell" : "response set"} of ${a.size} minus ${count} disjoint sets leaves ${a.size - usedSize}`);
          return;
        }
        for (let i = from; i < parts.length; i++) {
          const b = parts[i]!;
          if ((b.mask & used) !== 0n) continue;
          const cell = withCell || b.cell;
          const key = `${i}|${(used | b.mask).toString(36)}|${cell ? 1 : 0}`;
          if (seen.has(key)) continue;
          seen.add(key);
          walk(i + 1, used | b.mask, usedSize + b.size, count + 1, cell);
        }
      };
      walk(0, 0n, 0, 0, a.cell);
    }
  }
  return leaks;
}

/**
 * Measure cells as the attacker subtracts them (decision 074): the cells of a family's measures as
 * one item where every measure of the family was shown somewhere (else the sums of two of them give
 * nothing of the third: each measure on its own). `families` is written out by each test, not taken
 * from the code under test; a view's `measure` names its measure.
 */
export function inFamilies(views: readonly CellView[], families: Readonly<Record<string, readonly string[]>>): CellView[] {
  const shown = new Set(views.map((v) => v.measure ?? v.item));
  const familyOf = new Map<string, string>();
  for (const [name, measures] of Object.entries(families)) if (measures.every((m) => shown.has(m))) for (const m of measures) familyOf.set(m, name);
  return views.map((v) => {
    const measure = v.measure ?? v.item;
    return { ...v, item: `measure ${familyOf.get(measure) ?? measure}`, measure };
  });
}
