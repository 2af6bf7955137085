import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../../cli/seed/demo";
import { SummaryThread } from "./wave-summary-thread.server";
import { buildNextSnapshots } from "./wave-snapshot.server";
import { buildWaveSummary } from "./wave-summary.server";

// The worker thread that builds summaries on SQLite must give exactly what the service gives in
// this thread, see writes committed after it started, and fail loudly rather than hang.
describe("wave summaries in a worker thread (SQLite file)", () => {
  let folder: string;
  let handle: DatabaseHandle;
  let thread: SummaryThread;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-summary-thread-"));
    const url = `file:${path.join(folder, "app.sqlite")}`;
    handle = openDatabase(url);
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    thread = new SummaryThread(url);
  }, 120_000);
  afterAll(async () => {
    await thread.stop();
    await handle.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("gives the same summary as building it in this thread, with and without filters", async () => {
    for (const filters of [{}, { nation: "Wales" }, { type: "MD", region: "North West" }]) {
      const viaWorker = await thread.run("2026", filters);
      const here = await buildWaveSummary(handle.db, "2026", filters);
      expect(viaWorker).not.toBeNull();
      expect(viaWorker).toEqual(here);
    }
    expect(await thread.run("2025", {}, 10)).toEqual(await buildWaveSummary(handle.db, "2025", {}, { k: 10 }));
  }, 60_000);

  it("answers null for a wave that does not exist", async () => {
    expect(await thread.run("no-such-wave", {})).toBeNull();
  });

  it("sees changes committed by the app's connection after its first view", async () => {
    const before = await thread.run("2026", { nation: "Wales" });
    const council = await handle.db
      .selectFrom("councils")
      .select("id")
      .where("nation", "=", "Wales")
      .where("active", "=", 1)
      .limit(1)
      .executeTakeFirstOrThrow();
    await handle.db.updateTable("councils").set({ active: 0, updated_at: new Date().toISOString() }).where("id", "=", council.id).execute();
    const after = await thread.run("2026", { nation: "Wales" });
    expect(after!.summary.population).toBe(before!.summary.population - 1);
    expect(after).toEqual(await buildWaveSummary(handle.db, "2026", { nation: "Wales" }));
  }, 60_000);

  it("rejects, instead of waiting for ever, once the worker has stopped", async () => {
    const spare = new SummaryThread(`file:${path.join(folder, "app.sqlite")}`);
    await spare.stop();
    await expect(spare.run("2026", {})).rejects.toThrow(/stopped|exited/);
  });

  it("finds and starts the worker whatever the working directory the app started from", async () => {
    const before = process.cwd();
    process.chdir(os.tmpdir());
    try {
      vi.resetModules();
      const fresh = await import("./wave-summary-thread.server");
      expect(fresh.findWorker()?.url.pathname).toBe(path.resolve(before, "app/workers/wave-summary.worker.ts"));
      const elsewhere = new fresh.SummaryThread(`file:${path.join(folder, "app.sqlite")}`);
      try {
        expect(await elsewhere.run("2025", {})).toEqual(await buildWaveSummary(handle.db, "2025", {}));
      } finally {
        await elsewhere.stop();
      }
    } finally {
      process.chdir(before);
    }
  }, 60_000);

  it("reports an error raised in the worker as a rejection", async () => {
    const missing = new SummaryThread(`file:${path.join(folder, "missing.sqlite")}`);
    await expect(missing.run("2026", {})).rejects.toThrow();
    await missing.stop();
  }, 30_000);

  it("builds the next snapshots in the worker exactly as in this thread (reads only)", async () => {
    const now = "2026-11-28T12:00:00.000Z";
    // The demo seed stored last year's public snapshot (its benchmark figures need it, decision 063).
    const before = await handle.db.selectFrom("wave_snapshots").select("id").execute();
    const viaWorker = await thread.buildSnapshots("2025", ["staff", "public"], "first", now);
    const here = await buildNextSnapshots(handle.db, "2025", ["staff", "public"], "first", now);
    expect(viaWorker?.map((s) => s.views)).toEqual(here?.map((s) => s.views));
    expect(await handle.db.selectFrom("wave_snapshots").select("id").execute()).toEqual(before);
  }, 60_000);
});
