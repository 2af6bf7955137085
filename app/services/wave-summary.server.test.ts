import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDEX_CODES } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { decodeAnswer } from "../domain/answers";
import { getItem } from "../domain/instrument";
import { scoreResponse } from "../domain/scoring";
import { saveResponseScores } from "../models/scores.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { buildWaveSummary } from "./wave-summary.server";

describe(`stored scores and the wave summary on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("stores scores for every submitted demo response, equal to the domain's", async () => {
    const submitted = await handle.db.selectFrom("responses").select(["id"]).where("status", "=", "submitted").execute();
    const scored = await handle.db.selectFrom("response_scores").selectAll().execute();
    expect(scored.length).toBe(submitted.length);
    const instrument = getInstrument(1);
    for (const row of scored.slice(0, 10)) {
      const answers = await handle.db.selectFrom("answers").select(["item_id", "value"]).where("response_id", "=", row.response_id).execute();
      const scores = scoreResponse(instrument, new Map(answers.map((a) => [a.item_id, decodeAnswer(getItem(instrument, a.item_id)!, a.value)])));
      expect(row.presc).toBeCloseTo(scores.PRESC ?? NaN, 10);
      if (scores.GAP === null) expect(row.gap).toBeNull();
      else expect(row.gap).toBeCloseTo(scores.GAP, 10);
      expect(row.headline_gap).toBe(scores.HEADLINE_GAP);
      expect(Object.keys(JSON.parse(row.item_values))).toEqual([...INDEX_CODES]);
    }
  });

  it("saveResponseScores replaces the stored row instead of adding one", async () => {
    const row = await handle.db.selectFrom("response_scores").selectAll().limit(1).executeTakeFirstOrThrow();
    await handle.db.updateTable("answers").set({ value: "dk" }).where("response_id", "=", row.response_id).where("item_id", "=", "LTC1").execute();
    await saveResponseScores(handle.db, row.response_id);
    const again = await handle.db.selectFrom("response_scores").selectAll().where("response_id", "=", row.response_id).execute();
    expect(again).toHaveLength(1);
    expect(again[0]!.headline_gap).toBeNull();
  });

  it("gives the open demo wave's summary every documented key", async () => {
    const result = await buildWaveSummary(handle.db, "2026");
    const s = result!.summary;
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining(["wave", "instrumentVersion", "k", "filters", "responses", "indices", "gaps", "items", "breakdowns"]),
    );
    expect(s.k).toBe(5);
    expect(s.responses.suppressed).toBe(false);
    if (!s.responses.suppressed) expect(s.responses.submitted).toBeGreaterThanOrEqual(5);
    for (const code of INDEX_CODES) {
      expect(Object.keys(s.indices[code]).sort()).toEqual(["alpha", "alphaN", "ci95", "mean", "median", "n", "sd", "suppressed"]);
    }
    for (const gap of ["GAP", "HEADLINE_GAP"] as const) {
      expect(Object.keys(s.gaps[gap])).toEqual(
        expect.arrayContaining(["n", "meanDiff", "ci95", "medianDiff", "wPlus", "z", "p", "shareNegative", "shareZero", "sharePositive"]),
      );
    }
    // An item shows its five answers and dk, or (an answer given by 1…4 councils: decision 062) three
    // categories, or is suppressed; no count holds 1…4 councils.
    const presc1 = s.items.PRESC1!;
    if (!presc1.suppressed && "counts" in presc1) {
      expect([
        ["1", "2", "3", "4", "5", "dk"],
        ["lower", "middle", "upper", "dk"],
      ]).toContainEqual(Object.keys(presc1.counts));
      for (const n of Object.values(presc1.counts)) expect(n === 0 || n >= 5).toBe(true);
    }
    expect(Object.values(s.items).some((cell) => !cell.suppressed)).toBe(true);
    expect(s.items.FREE4).toBeUndefined(); // free text never appears in aggregates
    expect(Object.keys(s.breakdowns)).toEqual(["type", "region", "nation"]);
    expect(s.breakdowns.type.map((g) => g.group)).toEqual(expect.arrayContaining(["CTY", "NMD", "UA", "MD", "LBO"]));
  });

  it("suppresses a breakdown group of fewer than 5 with no figures, and its partner when only one is hidden", async () => {
    const s = (await buildWaveSummary(handle.db, "2026"))!.summary;
    const all = [...s.breakdowns.type, ...s.breakdowns.region, ...s.breakdowns.nation];
    const suppressed = all.filter((g) => g.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const group of suppressed) expect(Object.keys(group).sort()).toEqual(["group", "population", "suppressed"]);
    for (const key of ["type", "region", "nation"] as const) {
      const shown = s.breakdowns[key].filter((g) => !g.suppressed);
      for (const g of shown) if (!g.suppressed) expect(g.n).toBeGreaterThanOrEqual(5);
    }
  });

  it("withholds every figure when the filtered group has fewer than 5 submitted responses", async () => {
    const s = (await buildWaveSummary(handle.db, "2026", { type: "NID" }))!.summary;
    expect(s.responses).toEqual({ suppressed: true });
    for (const code of INDEX_CODES) expect(s.indices[code]).toEqual({ suppressed: true });
    expect(s.gaps.GAP).toEqual({ suppressed: true });
    expect(s.items.LTC1).toEqual({ suppressed: true });
    expect(JSON.stringify(s.breakdowns)).not.toMatch(/"mean"/);
  });

  it("counts only submitted responses: an in-progress response's answers are left out", async () => {
    const s = (await buildWaveSummary(handle.db, "2026"))!.summary;
    const shown = Object.values(s.items).filter((cell) => !cell.suppressed);
    if (s.responses.suppressed || shown.length === 0) throw new Error("expected figures");
    for (const cell of shown) if (!cell.suppressed) expect(cell.n).toBeLessThanOrEqual(s.responses.submitted);
  });
});
