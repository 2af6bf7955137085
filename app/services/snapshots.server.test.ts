import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attack, type View } from "../domain/disclosure-attacker.test-support";
import { getInstrument } from "../domain/instruments";
import { saveResponseScores } from "../models/scores.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { aggregateTables } from "./aggregate-tables.server";
import { aggregateCsvRows } from "./exports.server";
import { cutSnapshots, getAuditedSnapshot, getSnapshotView, type SnapshotContext } from "./snapshots.server";
import { summaryJson } from "./wave-summary.server";
import { buildNextSnapshots, type SnapshotViewDocument } from "./wave-snapshot.server";
import { SummaryThread } from "./wave-summary-thread.server";

// The four leaks stored snapshots close (across breakdowns, filters and time; per-council values), on the demo data, on SQLite and PostgreSQL:
// across breakdowns (2025: Northern Ireland = all − England − Scotland − Wales), across filters
// (a region minus a type inside it), across time (two reads around one council's submission), and
// per-council values in what leaves the server.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

/** Contributions (council@submission) of each view group right now. */
async function membersNow(handle: Handle, slug: string): Promise<Map<string, Set<string>>> {
  const rows = await handle.db
    .selectFrom("responses")
    .innerJoin("waves", "waves.id", "responses.wave_id")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .select(["responses.council_id", "responses.submission_count", "councils.type", "councils.region", "councils.nation"])
    .where("waves.slug", "=", slug)
    .where("responses.status", "=", "submitted")
    .execute();
  const groups = new Map<string, Set<string>>();
  const add = (key: string, token: string) => {
    const set = groups.get(key) ?? new Set<string>();
    set.add(token);
    groups.set(key, set);
  };
  for (const r of rows) {
    const token = `${r.council_id}@${Number(r.submission_count)}`;
    add("all", token);
    add(`type:${r.type}`, token);
    add(`region:${r.region}`, token);
    add(`nation:${r.nation}`, token);
  }
  return groups;
}

/** The views of a stored snapshot that carry figures, with the contributions behind them. */
function shownViews(docs: Map<string, SnapshotViewDocument>, snapshot: number, members: Map<string, Map<string, Set<string>>>, cutAt: string): View[] {
  const views: View[] = [];
  for (const [key, doc] of docs) {
    if (doc.summary.responses.suppressed) continue;
    const from = doc.summary.figuresAsOf ?? cutAt;
    const set = members.get(from)?.get(key);
    if (!set) throw new Error(`no record of the contributions of ${key} at ${from}`);
    views.push({ snapshot, identity: key, members: set });
  }
  // Breakdown rows of the whole wave are the same groups as the views: check they agree.
  const whole = docs.get("all")!.summary;
  for (const dim of ["type", "region", "nation"] as const) {
    for (const row of whole.breakdowns[dim]) {
      const view = docs.get(`${dim}:${row.group}`);
      expect(row.suppressed).toBe(view?.summary.responses.suppressed ?? true);
    }
  }
  return views;
}

/** Everything that leaves the server for a view, as text, and the numbers that must be 0 or ≥ k. */
function assertNothingPerCouncil(docs: Map<string, SnapshotViewDocument>, k: number) {
  for (const [key, doc] of docs) {
    const text = JSON.stringify(doc);
    for (const forbidden of ['"bars"', '"points"', '"cells"', '"min"', '"max"', '"minimum"', '"maximum"', '"rank"', "council_id", "gss_code"]) {
      expect(text, `${key} carries ${forbidden}`).not.toContain(forbidden);
    }
    const small = (n: number | null | undefined) => typeof n === "number" && n > 0 && n < k;
    const s = doc.summary;
    if (!s.responses.suppressed) expect(small(s.responses.submitted), key).toBe(false);
    for (const dim of ["type", "region", "nation"] as const)
      for (const row of s.breakdowns[dim]) if (!row.suppressed) expect(small(row.n), `${key} ${row.group}`).toBe(false);
    for (const cell of [...Object.values(s.indices), ...Object.values(s.gaps)]) if (!cell.suppressed) expect(small(cell.n)).toBe(false);
    if (doc.charts) {
      for (const bins of Object.values(doc.charts.indexBins)) for (const b of bins) expect(small(b.councils), `${key} index bin`).toBe(false);
      for (const b of doc.charts.gap.bands) expect(small(b.councils), `${key} gap band`).toBe(false);
      for (const b of doc.charts.techGap.bands) expect(small(b.councils), `${key} TECH band`).toBe(false);
      for (const n of [doc.charts.gap.positive, doc.charts.gap.negative, doc.charts.gap.even]) expect(small(n)).toBe(false);
      for (const [id, bins] of Object.entries(doc.charts.numberItemBins ?? {})) for (const b of bins) expect(small(b.councils), `${key} ${id} bin`).toBe(false);
    }
    for (const [id, cell] of Object.entries(s.items)) if (!cell.suppressed) expect(small(cell.n), `${key} ${id}`).toBe(false);
  }
}

describe(`audited snapshots on ${testDialectName()}`, () => {
  let handle: Handle;
  let ctx: SnapshotContext;
  let clock = Date.parse("2026-11-28T10:00:00Z");
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    ctx = { db: handle.db, dialect: handle.dialect, now: () => new Date((clock += 60_000)).toISOString() };
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("across breakdowns and filters (demo 2025): no subtraction of shown groups isolates 1–4 councils; Northern Ireland stays hidden", async () => {
    const members = await membersNow(handle, "2025");
    const snapshot = (await getAuditedSnapshot(ctx, "2025", "staff"))!;
    const views = shownViews(snapshot.views, 1, new Map([[snapshot.snapshot.cut_at, members]]), snapshot.snapshot.cut_at);
    expect(attack(views, 5)).toEqual([]);
    const whole = snapshot.views.get("all")!.summary;
    expect(whole.responses.suppressed).toBe(false);
    const ni = members.get("nation:Northern Ireland")?.size ?? 0;
    if (ni > 0 && ni < 5) {
      expect(snapshot.views.get("nation:Northern Ireland")!.summary.responses.suppressed).toBe(true);
      // Before stored snapshots the type table showed WPA and the region table Wales while the nation table hid Wales.
      const walesShown = ["nation:Wales", "region:Wales", "type:WPA"].filter((key) => !snapshot.views.get(key)!.summary.responses.suppressed);
      const englandAndScotland = ["nation:England", "nation:Scotland"].every((key) => !snapshot.views.get(key)!.summary.responses.suppressed);
      expect(walesShown.length === 0 || !englandAndScotland).toBe(true);
    }
    // Filter views are the breakdown rows themselves; a combination is not offered.
    expect(await getSnapshotView(ctx, "2025", "staff", { region: "East Midlands", type: "NMD" })).toMatchObject({ kind: "not-offered" });
    expect(await getSnapshotView(ctx, "2025", "staff", { region: "London", type: "LBO" })).toMatchObject({ kind: "not-offered" });
    const london = await getSnapshotView(ctx, "2025", "staff", { region: "London" });
    expect(london.kind).toBe("view");
    // The public snapshot (k = 10) passes the same attacker at k = 10.
    const pub = (await getAuditedSnapshot(ctx, "2025", "public"))!;
    expect(attack(shownViews(pub.views, 1, new Map([[pub.snapshot.cut_at, members]]), pub.snapshot.cut_at), 10)).toEqual([]);
  });

  it("across time (demo 2026): one council's submission between two snapshots does not move any figure; five do", async () => {
    const record = new Map<string, Map<string, Set<string>>>();
    const views: View[] = [];
    const cutAndRecord = async (n: number) => {
      const before = await membersNow(handle, "2026");
      expect(await cutSnapshots(ctx, "2026", "admin", { audiences: ["staff"] })).toBe(1);
      const s = (await getAuditedSnapshot(ctx, "2026", "staff"))!;
      record.set(s.snapshot.cut_at, before);
      views.push(...shownViews(s.views, n, record, s.snapshot.cut_at));
      return s;
    };
    const first = await cutAndRecord(1);
    const submitOne = async () => {
      const response = await handle.db
        .selectFrom("responses")
        .innerJoin("waves", "waves.id", "responses.wave_id")
        .select(["responses.id"])
        .where("waves.slug", "=", "2026")
        .where("responses.status", "=", "in_progress")
        .orderBy("responses.id")
        .executeTakeFirstOrThrow();
      await handle.db
        .updateTable("responses")
        .set((eb) => ({ status: "submitted", submission_count: eb("submission_count", "+", 1), submitted_at: new Date(clock).toISOString() }))
        .where("id", "=", response.id)
        .execute();
      await saveResponseScores(handle.db, response.id);
    };
    await submitOne();
    const second = await cutAndRecord(2);
    const a = first.views.get("all")!.summary;
    const b = second.views.get("all")!.summary;
    expect(b.figuresAsOf).toBe(first.snapshot.cut_at);
    expect(b.indices).toEqual(a.indices);
    expect(b.items).toEqual(a.items);
    expect(b.gaps).toEqual(a.gaps);
    for (let i = 0; i < 4; i++) await submitOne();
    const third = await cutAndRecord(3);
    expect(third.views.get("all")!.summary.figuresAsOf).toBeNull();
    expect(attack(views, 5)).toEqual([]);
    // Reading the stored snapshot is the same document as the JSON API and the report print.
    const read = await getSnapshotView(ctx, "2026", "staff");
    expect(read.kind === "view" && summaryJson(read.view.summary)).toBe(summaryJson(third.views.get("all")!.summary));
  });

  it("summarises the number items BURDEN7 and BURDEN8: n, median, quartiles (R type 7) and mean of the stored answers, bins of ≥ k", async () => {
    const staff = (await getAuditedSnapshot(ctx, "2025", "staff"))!;
    const whole = staff.views.get("all")!;
    for (const id of ["BURDEN7", "BURDEN8"]) {
      const answers = await handle.db
        .selectFrom("answers")
        .innerJoin("responses", "responses.id", "answers.response_id")
        .innerJoin("waves", "waves.id", "responses.wave_id")
        .select("answers.value")
        .where("waves.slug", "=", "2025")
        .where("responses.status", "=", "submitted")
        .where("answers.item_id", "=", id)
        .execute();
      const values = answers.map((a) => Number(a.value)).sort((x, y) => x - y);
      expect(values.length, `${id} has answers in the demo`).toBeGreaterThanOrEqual(5);
      // R's quantile(x, type = 7): h = (n − 1)p, interpolated between order statistics.
      const q = (p: number) => {
        const h = (values.length - 1) * p;
        const lo = Math.floor(h);
        return values[lo]! + (h - lo) * ((values[Math.min(lo + 1, values.length - 1)] ?? 0) - values[lo]!);
      };
      const cell = whole.summary.items[id]!;
      expect(Object.keys(cell).sort()).toEqual(["mean", "median", "n", "q1", "q3", "suppressed"]);
      expect(cell).toEqual({
        suppressed: false,
        n: values.length,
        median: q(0.5),
        q1: q(0.25),
        q3: q(0.75),
        mean: expect.closeTo(values.reduce((s, v) => s + v, 0) / values.length, 9),
      });
      const bins = whole.charts!.numberItemBins![id]!;
      expect(bins.reduce((s, b) => s + b.councils, 0)).toBe(values.length);
      for (const b of bins) expect(b.councils === 0 || b.councils >= 5).toBe(true);
    }
    // A view under k carries no number-item figures at all.
    const hidden = [...staff.views.values()].find((d) => d.summary.responses.suppressed);
    if (hidden) {
      expect(hidden.summary.items.BURDEN7).toEqual({ suppressed: true });
      expect(hidden.charts).toBeNull();
    }
  });

  it("nothing per council in any view, the summary JSON or the aggregate export; every cell 0 or ≥ k", async () => {
    for (const slug of ["2025", "2026"]) {
      const staff = (await getAuditedSnapshot(ctx, slug, "staff"))!;
      assertNothingPerCouncil(staff.views, 5);
      const pub = (await getAuditedSnapshot(ctx, slug, "public"))!;
      assertNothingPerCouncil(pub.views, 10);
      for (const doc of staff.views.values()) {
        const csv = [...aggregateCsvRows(aggregateTables(doc.summary, getInstrument(doc.summary.instrumentVersion)))];
        expect(csv.flat().join(",")).toContain("Figures as at");
      }
    }
  });

  // Decision 064: the app builds snapshots in its worker thread on both databases (on PostgreSQL
  // inside the cut's locked transaction), and the worker builds exactly what this thread builds.
  it("builds in the worker thread exactly as in this thread, and a cut through the worker stores them", async () => {
    const location = handle.location;
    const url = location.dialect === "postgres" ? location.url : `file:${location.file}`;
    const thread = new SummaryThread(url);
    try {
      const now = "2026-11-28T12:00:00.000Z";
      const viaWorker = await thread.buildSnapshots("2025", ["staff", "public"], "admin", now);
      const here = await buildNextSnapshots(handle.db, "2025", ["staff", "public"], "admin", now);
      expect(viaWorker?.map((b) => b.views)).toEqual(here?.map((b) => b.views));
      const before = await handle.db.selectFrom("wave_snapshots").select("id").execute();
      const stored = await cutSnapshots(
        { ...ctx, build: (slug, audiences, reason, at) => thread.buildSnapshots(slug, audiences, reason, at) },
        "2025",
        "admin",
      );
      expect(stored).toBe(2);
      expect(await handle.db.selectFrom("wave_snapshots").select("id").execute()).toHaveLength(before.length + 2);
    } finally {
      await thread.stop();
    }
  }, 120_000);
});
