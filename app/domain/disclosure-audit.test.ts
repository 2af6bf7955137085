import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bits,
  Contributions,
  TokenNumbers,
  auditSnapshot,
  councilsDiffering,
  findPacking,
  findPackingByElement,
  type AuditHistory,
  type ShownSet,
} from "./disclosure-audit";
import { attack, groupsOf, register, registerArb, type Council, type View } from "./disclosure-attacker.test-support";

type Event = { kind: "submit" | "amend" | "withdraw"; pick: number } | { kind: "cut" };

const eventsArb = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("submit" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("amend" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.constant({ kind: "cut" as const }) },
  ),
  { minLength: 1, maxLength: 90 },
);

/** Runs the events, cutting audited snapshots (at most maxCuts), and returns every view that carried figures. */
function simulate(councils: readonly Council[], events: readonly Event[], k: number, maxCuts: number, audit = true): View[] {
  const version = new Map<number, number>();
  const history: AuditHistory[] = [];
  const views: View[] = [];
  let cuts = 0;
  const cut = () => {
    const groups = groupsOf(councils, version);
    const snapshot = String(cuts);
    const shown: AuditHistory["groups"][number][] = [];
    if (audit) {
      const { decisions } = auditSnapshot({ k, groups, history });
      for (const g of groups) {
        const d = decisions[g.key]!;
        if (d.status === "shown") shown.push({ identity: g.identity, members: g.members, snapshot });
        else if (d.status === "kept") shown.push({ identity: g.identity, members: d.members, snapshot: d.snapshot });
      }
    } else for (const g of groups) if (g.members.length > 0) shown.push({ identity: g.identity, members: g.members, snapshot });
    history.push({ snapshot, groups: shown });
    for (const s of shown) views.push({ snapshot: cuts, identity: s.identity, members: new Set(s.members) });
    cuts++;
  };
  for (const e of events) {
    if (e.kind === "cut") {
      if (cuts < maxCuts) cut();
      continue;
    }
    const submitted = councils.filter((c) => (version.get(c.id) ?? 0) > 0);
    const waiting = councils.filter((c) => (version.get(c.id) ?? 0) === 0);
    if (e.kind === "submit" && waiting.length > 0) {
      const c = waiting[e.pick % waiting.length]!;
      version.set(c.id, 1);
    } else if (e.kind === "amend" && submitted.length > 0) {
      const c = submitted[e.pick % submitted.length]!;
      version.set(c.id, (version.get(c.id) ?? 0) + 1);
    } else if (e.kind === "withdraw" && submitted.length > 0) {
      const c = submitted[e.pick % submitted.length]!;
      version.set(c.id, 0);
    }
  }
  if (cuts < maxCuts) cut();
  return views;
}

describe("auditSnapshot", () => {
  it("closes the demo 2025 leak: Northern Ireland cannot be recovered from Wales in the region or type table", () => {
    // 64 responses: England 45, Scotland 8, Wales 7, Northern Ireland 4.
    const councils = register({ lbo: 10, english: [[5, 10, 10, 9]], wpa: 7, sco: 8, nid: 4 });
    const version = new Map(councils.map((c) => [c.id, 1]));
    const groups = groupsOf(councils, version);
    const { decisions } = auditSnapshot({ k: 5, groups });
    expect(decisions["nation:Northern Ireland"]).toMatchObject({ status: "suppressed" });
    // Wales is the smallest partner, and it is suppressed in every table that shows it.
    for (const key of ["nation:Wales", "region:Wales", "type:WPA"]) expect(decisions[key]).toMatchObject({ status: "suppressed" });
    expect(decisions.all).toEqual({ status: "shown" });
    expect(decisions["nation:England"]).toEqual({ status: "shown" });
    expect(
      attack(
        simulate(
          councils,
          councils.map(() => ({ kind: "submit", pick: 0 })),
          5,
          1,
        ),
        5,
      ),
    ).toEqual([]);
  });

  it("London minus its boroughs is the City of London: one of the two goes, the smaller", () => {
    const councils = register({ lbo: 12, english: [[5, 5, 5, 5]], wpa: 6, sco: 6, nid: 6 });
    const { decisions } = auditSnapshot({ k: 5, groups: groupsOf(councils, new Map(councils.map((c) => [c.id, 1]))) });
    expect(decisions["type:CC"]).toMatchObject({ status: "suppressed", reason: "under-k" });
    expect(decisions["type:LBO"]).toMatchObject({ status: "suppressed", reason: "subtraction" });
    expect(decisions["region:London"]).toEqual({ status: "shown" });
  });

  it("one council's amendment between two snapshots keeps the earlier figures", () => {
    const councils = register({ lbo: 12, english: [[5, 5, 5, 5]], wpa: 6, sco: 6, nid: 6 });
    const v1 = new Map(councils.map((c) => [c.id, 1]));
    const first = groupsOf(councils, v1);
    const history: AuditHistory[] = [
      {
        snapshot: "t1",
        groups: first
          .filter((g) => auditSnapshot({ k: 5, groups: first }).decisions[g.key]!.status === "shown")
          .map((g) => ({ identity: g.identity, members: g.members, snapshot: "t1" })),
      },
    ];
    const v2 = new Map(v1);
    v2.set(1, 2); // a London borough amends
    const { decisions } = auditSnapshot({ k: 5, groups: groupsOf(councils, v2), history });
    expect(decisions.all).toMatchObject({ status: "kept", snapshot: "t1" });
    expect(decisions["region:London"]).toMatchObject({ status: "kept", snapshot: "t1" });
    expect(decisions["nation:Scotland"]).toEqual({ status: "shown" });
  });

  it("a group's responses shown after an earlier cell of an item: neither its difference from that cell nor the cell's from it isolates 1…k−1 councils", () => {
    // Snapshot t1: the whole wave's 10 responses (London 5, Region 1 three, Wales two), and its
    // cell of item "x" over the five that answered it, {2, 3, 4, 5, 8}.
    const councils = register({ lbo: 4, english: [[2, 10, 0, 0]], wpa: 2, sco: 4, nid: 1 });
    const at = (ids: number[]) => new Map(ids.map((id) => [id, 1]));
    const first = at([1, 2, 3, 4, 5, 6, 7, 8, 18, 19]);
    const cell = ["2@1", "3@1", "4@1", "5@1", "8@1"];
    const whole = groupsOf(councils, first).find((g) => g.key === "all")!;
    const history: AuditHistory[] = [
      {
        snapshot: "t1",
        groups: [{ identity: whole.identity, members: whole.members, snapshot: "t1", items: { x: { answered: cell } } }],
      },
    ];
    // Snapshot t2: Wales withdrew and a ninth English council responded. England's nine responses
    // minus the t1 cell (all inside it) are four councils: England cannot be shown.
    const second = at([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { decisions } = auditSnapshot({ k: 5, groups: groupsOf(councils, second), history });
    expect(decisions["nation:England"]).toMatchObject({ status: "suppressed" });
    // Without the cell in the history England would be shown: the cell is what withholds it.
    const noCell: AuditHistory[] = [{ ...history[0]!, groups: [{ ...history[0]!.groups[0]!, items: {} }] }];
    const without = auditSnapshot({ k: 5, groups: groupsOf(councils, second), history: noCell });
    expect(without.decisions["nation:England"]).toEqual({ status: "shown" });

    // Time: the same group's responses against its own earlier cell. The whole wave at t3 differs
    // from its t1 responses by eight councils, but from its t1 cell by three (8 left, 9 and 10
    // came), and neither holds the other: it keeps its t1 figures.
    const third = at([2, 3, 4, 5, 9, 10]);
    const later = auditSnapshot({ k: 5, groups: groupsOf(councils, third), history });
    expect(later.decisions.all).toMatchObject({ status: "kept", snapshot: "t1" });
    const laterWithout = auditSnapshot({ k: 5, groups: groupsOf(councils, third), history: noCell });
    expect(laterWithout.decisions.all).toEqual({ status: "shown" });
  });

  it("councilsDiffering counts an amended council once", () => {
    expect(councilsDiffering(["1@1", "2@1"], ["1@2", "2@1"])).toBe(1);
    expect(councilsDiffering(["1@1"], ["1@1", "3@1", "4@1"])).toBe(2);
  });

  it("the attacker finds the leaks when nothing is audited (the check can fail)", () => {
    const councils = register({ lbo: 10, english: [[5, 10, 10, 9]], wpa: 7, sco: 8, nid: 4 });
    const views = simulate(
      councils,
      councils.map(() => ({ kind: "submit", pick: 0 })),
      5,
      1,
      false,
    );
    expect(attack(views, 5).length).toBeGreaterThan(0);
  });

  for (const k of [5, 10]) {
    it(`property: an attacker holding every view of every snapshot never isolates 1…${k - 1} councils (k = ${k})`, () => {
      fc.assert(
        fc.property(registerArb, eventsArb, (councils, events) => {
          const views = simulate(councils, events, k, 4);
          expect(attack(views, k)).toEqual([]);
        }),
        { numRuns: 80 },
      );
    });
  }

  it("property: the whole wave is shown whenever it has at least k councils and no earlier figures to keep", () => {
    fc.assert(
      fc.property(registerArb, fc.integer({ min: 5, max: 10 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (councils, k, responded) => {
        const version = new Map(councils.map((c, i) => [c.id, responded[i % responded.length] ? 1 : 0]));
        const groups = groupsOf(councils, version);
        const { decisions } = auditSnapshot({ k, groups });
        const all = groups.find((g) => g.key === "all")!;
        expect(decisions.all!.status).toBe(all.members.length >= k ? "shown" : all.members.length === 0 ? "suppressed" : "suppressed");
      }),
      { numRuns: 100 },
    );
  });

  it("property: the search by element finds a packing exactly when the search by candidates does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 14 }),
        fc.array(fc.record({ members: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), fixed: fc.boolean() }), { minLength: 1, maxLength: 9 }),
        fc.boolean(),
        (k, weights, picks, containerFixed) => {
          const n = weights.length;
          const setOf = (indices: number[], fixed: boolean, key: string): ShownSet => ({
            key,
            bits: Bits.of(indices, n),
            size: indices.reduce((sum, i) => sum + weights[i]!, 0),
            fixed,
            groups: [],
            protect: false,
          });
          const container = setOf(
            weights.map((_, i) => i),
            containerFixed,
            "container",
          );
          const candidates = picks
            .map((p, j) =>
              setOf(
                weights.map((_, i) => i).filter((i) => p.members[i]),
                p.fixed,
                `c${j}`,
              ),
            )
            .filter((c) => c.size > 0 && c.size < container.size);
          const byCandidates = findPacking(container, candidates, k);
          const byElement = findPackingByElement(container, candidates, k, weights);
          expect(byCandidates).not.toBe("limit");
          expect(byElement === null).toBe(byCandidates === null);
          if (byElement && byElement !== "limit") {
            // What it found is a packing: disjoint, inside the container, leaving 1…k−1, something withdrawable involved.
            let union = Bits.of([], n);
            for (const part of byElement) {
              expect(union.disjoint(part.bits)).toBe(true);
              union = union.or(part.bits);
            }
            const left = container.size - byElement.reduce((sum, part) => sum + part.size, 0);
            expect(left >= 1 && left <= k - 1).toBe(true);
            expect(!container.fixed || byElement.some((part) => !part.fixed)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("property: audits sharing token numbers decide as audits numbering on their own, and list the same tokens in the same order", () => {
    const token = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2 })).map(([c, n]) => `${c}@${n}`);
    const members = fc.uniqueArray(token, { maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(members, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(members, { maxLength: 4 }), { maxLength: 3 }),
        fc.array(token, { maxLength: 20 }),
        (groupMembers, historyMembers, seen) => {
          const groups = groupMembers.map((m, i) => ({ key: `g${i}`, identity: `g${i % 3}`, members: m, protect: i === 0 }));
          const history: AuditHistory[] = historyMembers.map((list, s) => ({
            snapshot: `s${s}`,
            groups: list.map((m, i) => ({ identity: `g${i % 3}`, members: m, snapshot: `s${s}` })),
          }));
          // Shared numbers that already hold other tokens, and serve two audits in turn.
          const numbers = new TokenNumbers();
          for (const t of seen) numbers.idOf(t);
          for (const k of [5, 10, 2]) {
            const own = auditSnapshot({ k, groups, history });
            const shared = auditSnapshot({ k, groups, history, numbers });
            expect(shared.decisions).toEqual(own.decisions);
            expect(shared.exact).toBe(own.exact);
            for (const g of groups) {
              expect(shared.sets.contributions.tokensOf(shared.sets.groups.get(g.key)!)).toEqual(own.sets.contributions.tokensOf(own.sets.groups.get(g.key)!));
              const all = own.sets.contributions.councilsIn(own.sets.groups.get(g.key)!);
              expect(shared.sets.contributions.councilsIn(shared.sets.groups.get(g.key)!)).toBe(all);
              expect(all).toBe(new Set(g.members.map((t) => t.split("@")[0])).size);
              // Counted up to a limit: the count, or the limit when there are at least that many.
              for (const limit of [1, 2, 5]) expect(shared.sets.contributions.councilsIn(shared.sets.groups.get(g.key)!, limit)).toBe(Math.min(all, limit));
              for (const other of groups) {
                const [a, b] = [shared.sets.groups.get(g.key)!, shared.sets.groups.get(other.key)!];
                expect(shared.sets.contributions.councilsDiffering(a, b)).toBe(councilsDiffering(g.members, other.members));
                expect(shared.sets.contributions.councilsDiffering(a, b, 3)).toBe(Math.min(3, councilsDiffering(g.members, other.members)));
              }
            }
            expect(shared.sets.contributions.width).toBe(own.sets.contributions.width);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts the councils of contributions numbered after it first counted (its own or the shared numbers')", () => {
    const numbers = new TokenNumbers();
    const contributions = new Contributions(numbers);
    contributions.addAll(["1@1", "2@1", "2@2"]);
    expect(contributions.councilsIn(contributions.bitsOf(["1@1", "2@1", "2@2"]))).toBe(2);
    numbers.idsOf(["7@1", "8@1", "9@1"]);
    contributions.add("3@1");
    contributions.add("3@2");
    contributions.add("9@1");
    // An amended council (3) counts once; 8 was numbered only in the shared numbers, not here.
    expect(contributions.councilsIn(contributions.bitsOf(["1@1", "2@2", "3@1", "3@2", "9@1", "8@1"]))).toBe(4);
    expect(contributions.tokensOf(contributions.bitsOf(["9@1", "1@1", "3@1"]))).toEqual(["1@1", "3@1", "9@1"]);
  });
});
