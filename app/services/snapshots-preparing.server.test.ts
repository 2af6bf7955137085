import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { cutSnapshots, getSnapshotView, type SnapshotContext } from "./snapshots.server";
import { buildNextSnapshots } from "./wave-snapshot.server";

// Start-up no longer waits for the first snapshots (on a large database they took minutes): the
// server listens at once and cuts them in the background. A reader that arrives meanwhile shares
// that cut, and once ctx.preparingWaitMs has passed is told the figures are being prepared
// instead of holding its request. The build is held on a gate through the context's build hook
// (the one the app uses on a SQLite file), so the test controls when the cut finishes.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

describe(`first snapshots cut in the background on ${testDialectName()}`, () => {
  let handle: Handle;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("a reader during the start-up cut gets 'being prepared' at once, the cut is shared, and the next read serves it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const built: string[] = [];
    const ctx: SnapshotContext = {
      db: handle.db,
      // The build hook is taken on the non-PostgreSQL path; storing is the same Kysely code on both.
      dialect: "sqlite",
      preparingWaitMs: 50,
      build: async (slug, audiences, reason, now) => {
        built.push(slug);
        await gate;
        return buildNextSnapshots(handle.db, slug, audiences, reason, now);
      },
    };
    // What server.ts starts after listening (prepareSnapshots, for the newest wave).
    const startup = cutSnapshots(ctx, "2026", "first", { onlyIfDue: true });
    const started = Date.now();
    const first = await getSnapshotView(ctx, "2026", "staff");
    expect(first).toEqual({ kind: "preparing", message: expect.stringContaining("being prepared") });
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    expect(await startup).toBeGreaterThan(0);
    // A reader with no time limit (the CLI) shares whatever is still running and reads the snapshot.
    const second = await getSnapshotView({ ...ctx, preparingWaitMs: undefined }, "2026", "staff");
    expect(second.kind).toBe("view");
    // 2026 was built once: the readers shared the start-up cut rather than building their own.
    expect(built.filter((slug) => slug === "2026")).toHaveLength(1);
  }, 120_000);
});
