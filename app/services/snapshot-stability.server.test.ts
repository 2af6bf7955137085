import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { cutSnapshots, getAuditedSnapshot, type SnapshotContext } from "./snapshots.server";
import type { SnapshotViewDocument } from "./wave-snapshot.server";

// The auditors withhold what a change could reveal (decisions 035, 067, 072); when nothing has
// changed between two snapshots there is nothing to reveal, so the second must show every cell the
// first showed, with the same figures — for every view, item, index, gap and chart, both audiences.

describe(`a snapshot cut again with nothing changed (${testDialectName()})`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let ctx: SnapshotContext;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    let clock = Date.parse("2026-11-28T09:00:00Z");
    ctx = { db: handle.db, dialect: handle.dialect, now: () => new Date((clock += 60_000)).toISOString() };
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  // Everything but when it was cut and where a kept figure came from.
  const figures = (doc: SnapshotViewDocument) =>
    JSON.stringify({
      summary: { ...doc.summary, snapshot: null, figuresAsOf: null, breakdowns: null },
      rows: Object.values(doc.summary.breakdowns).map((rows) => rows.map((r) => ({ ...r, asOf: null }))),
      charts: doc.charts,
    });

  for (const slug of ["2025", "2026"]) {
    it(`withholds nothing new in wave ${slug}`, async () => {
      await cutSnapshots(ctx, slug, "first", { onlyIfDue: true });
      for (const audience of ["staff", "public"] as const) {
        const before = (await getAuditedSnapshot(ctx, slug, audience))!;
        await cutSnapshots(ctx, slug, "admin", { audiences: [audience] });
        const after = (await getAuditedSnapshot(ctx, slug, audience))!;
        expect(after.snapshot.seq).toBe(before.snapshot.seq + 1);
        expect([...after.views.keys()].sort()).toEqual([...before.views.keys()].sort());
        const shown = [...before.views.values()].filter((d) => !d.summary.responses.suppressed).length;
        expect(shown, "the demo shows some views").toBeGreaterThan(0);
        for (const [key, doc] of before.views) expect(figures(after.views.get(key)!), `${audience} ${key}`).toBe(figures(doc));
      }
    });
  }
});
