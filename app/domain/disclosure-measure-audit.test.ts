import { describe, expect, it } from "vitest";
import { auditSnapshot, type AuditHistory } from "./disclosure-audit";
import { attackItems, groupsOf, register, type CellView } from "./disclosure-attacker.test-support";
import type { ItemBlanks } from "./disclosure-item-audit";
import { MEASURE_FAMILIES, auditMeasureCells, measureRank } from "./disclosure-measure-audit";

// The measure audit (decision 074) on the shapes that matter: a measure's cell is not subtracted
// from a response set, but LTC, PCT and GAP subtract from one another.

const councils = register({ lbo: 12, english: [[10, 6, 6, 6]], wpa: 7, sco: 8, nid: 6 });
const everyone = new Map(councils.map((c) => [c.id, 1]));
const token = (id: number) => `${id}@1`;

/** One snapshot where every council responded, with the given councils without a value per measure, every measure shown where n ≥ k. */
function audit(noValue: Record<string, readonly number[]>, k = 5, options: { families?: boolean; history?: AuditHistory[] } = {}) {
  const groups = groupsOf(councils, everyone);
  // As the service stores them: the measure records under `measures`, which the group audit does
  // not read; the measure audit reads them as its `items`.
  const stored = options.history?.map((h) => ({ ...h, groups: h.groups.map(({ items, ...g }) => ({ ...g, measures: items })) }));
  const { decisions, sets } = auditSnapshot({ k, groups, history: stored });
  const noValueTokens = new Map(Object.entries(noValue).map(([m, ids]) => [m, ids.map(token)]));
  const blanks = new Map<string, ItemBlanks>(noValueTokens);
  const cells = new Map(
    groups
      .filter((g) => decisions[g.key]!.status === "shown")
      .map((g) => [
        g.key,
        new Map(
          Object.keys(noValue)
            .map((m) => [m, g.members.filter((t) => !noValueTokens.get(m)!.includes(t)).length] as const)
            .filter(([, n]) => n >= k),
        ),
      ]),
  );
  const result = auditMeasureCells({
    k,
    groups,
    decisions,
    blanks,
    cells,
    history: options.history,
    sets,
    families: options.families === false ? {} : MEASURE_FAMILIES,
    rankOf: measureRank,
  });
  return { groups, decisions, result };
}

const withheld = (result: ReturnType<typeof audit>["result"], group: string) => [...(result.suppressed.get(group)?.keys() ?? [])].sort();

describe("auditMeasureCells", () => {
  it("a whole wave's index over all but one council is shown: its response count is not a figure of the index", () => {
    const { result } = audit({ PRESC: [1] });
    expect(withheld(result, "all")).toEqual([]);
    expect(result.records.get("all")!.PRESC).toEqual([token(1)]);
  });

  it("one council with PCT and no LTC: the whole wave's LTC, PCT and GAP would give its PCT, so PCT goes and the gap stays", () => {
    // Σ PCT over 64 − (Σ LTC over 63 − Σ GAP over 63) is council 1's PCT.
    const { result } = audit({ LTC: [1], PCT: [], GAP: [1] });
    expect(result.suppressed.get("all")?.get("PCT")).toBe("subtraction");
    expect(result.suppressed.get("all")?.has("GAP") ?? false).toBe(false);
    expect(result.suppressed.get("all")?.has("LTC") ?? false).toBe(false);
    // Each measure on its own would let it through: the family is what closes it.
    expect(withheld(audit({ LTC: [1], PCT: [], GAP: [1] }, 5, { families: false }).result, "all")).toEqual([]);
  });

  it("the headline chain: LTC1's and PCT1's means go where they and HEADLINE_GAP would isolate a council, and the gap stays", () => {
    // LTC1 "Don't know": 1–5; PCT1 "Don't know": 1–4 and 6. The LTC1 mean is over all but 1–5, the
    // gap over all but 1–6: the difference is council 6 (and PCT1's is council 5).
    const noValue = { "LTC1:mean": [1, 2, 3, 4, 5], "PCT1:mean": [1, 2, 3, 4, 6], HEADLINE_GAP: [1, 2, 3, 4, 5, 6] };
    const { result } = audit(noValue);
    expect(withheld(result, "all")).toEqual(["LTC1:mean", "PCT1:mean"]);
    expect(withheld(audit(noValue, 5, { families: false }).result, "all")).toEqual([]);
  });

  it("a family with a measure shown nowhere is no family: without PCT1's mean, LTC1's and HEADLINE_GAP's sums give nothing of a council", () => {
    // As in the demo's 2025 wave: PCT1 is withheld in every group (small "Don't know" counts), LTC1
    // is over 64 and HEADLINE_GAP over 63.
    const { result } = audit({ "LTC1:mean": [], HEADLINE_GAP: [1] });
    expect(withheld(result, "all")).toEqual([]);
    // With PCT1's mean shown as well, the means go (over the same 64 councils, they are one set to the search) and the gap stays.
    expect(withheld(audit({ "LTC1:mean": [], "PCT1:mean": [], HEADLINE_GAP: [1] }).result, "all")).toEqual(["LTC1:mean", "PCT1:mean"]);
  });

  it("a cell minus the same measure's cells of disjoint groups inside it cannot leave 1…k−1 councils", () => {
    // Five of Scotland's eight have no PRESC: Scotland's cell (3) is under k and not a candidate,
    // but the whole wave's cell minus England's, Wales's and Northern Ireland's is those three.
    const scotland = councils.filter((c) => c.nation === "Scotland").map((c) => c.id);
    const { result } = audit({ PRESC: scotland.slice(0, 5) });
    const gone = [...result.suppressed].filter(([, m]) => m.has("PRESC")).map(([g]) => g);
    expect(gone.length).toBeGreaterThan(0);
    expect(gone).not.toContain("all");
    // The attacker holding what is left finds nothing.
    const groups = groupsOf(councils, everyone);
    const views: CellView[] = [...result.records].flatMap(([key, records]) =>
      Object.entries(records).map(([m, record]) => {
        const members = groups.find((g) => g.key === key)!.members;
        const blank = new Set(Array.isArray(record) ? (record as string[]) : []);
        const answered = Array.isArray(record) ? members.filter((t) => !blank.has(t)) : (record as { answered: string[] }).answered;
        return { snapshot: 0, identity: key, item: `measure ${m}`, measure: m, members: new Set(answered) };
      }),
    );
    expect(attackItems([], views, 5)).toEqual([]);
  });

  it("time: a cell that moved by 1…k−1 councils since an earlier snapshot's cell of the same measure is withheld", () => {
    const groups = groupsOf(councils, everyone);
    const whole = groups.find((g) => g.key === "all")!;
    const history: AuditHistory[] = [
      { snapshot: "t1", groups: [{ identity: whole.identity, members: whole.members, snapshot: "t1", items: { PRESC: [token(1), token(2)] } }] },
    ];
    // Now only council 1 has no PRESC: the cell gained council 2's value alone.
    const { result } = audit({ PRESC: [1] }, 5, { history });
    expect(result.suppressed.get("all")?.get("PRESC")).toBe("time");
    // Another measure's earlier cell does not count for the time rule.
    const other: AuditHistory[] = [{ ...history[0]!, groups: [{ ...history[0]!.groups[0]!, items: { BURDEN: [token(1), token(2)] } }] }];
    expect(
      audit({ PRESC: [1] }, 5, { history: other })
        .result.suppressed.get("all")
        ?.has("PRESC") ?? false,
    ).toBe(false);
  });
});
