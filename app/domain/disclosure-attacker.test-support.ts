// Test support: what an attacker holding every view of every snapshot can subtract. Written apart
// from the auditor (app/domain/disclosure-audit.ts), by brute force, so a test can check one
// against the other. Used by the auditor's property tests and the snapshot data-layer tests.

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
