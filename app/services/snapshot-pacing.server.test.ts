import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { saveResponseScores } from "../models/scores.server";
import { findLatestSnapshot } from "../models/snapshot.server";
import { getWaveBySlug } from "../models/wave.server";
import { cutSnapshots, type SnapshotContext } from "./snapshots.server";
import { snapshotDue } from "./wave-snapshot.server";

// An open wave's snapshots cut for changes are paced (decision 071): k changes make a snapshot due
// only once the latest one is at least the interval old; closing the wave is never held back.

describe(`snapshot pacing during an open wave (${testDialectName()})`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let clock = Date.parse("2026-11-28T09:00:00Z");
  const at = () => new Date(clock).toISOString();

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  /** Submits `n` of the open wave's in-progress responses at the clock's time. */
  async function submit(n: number) {
    const wave = (await getWaveBySlug(handle.db, "2026"))!;
    const open = await handle.db.selectFrom("responses").select("id").where("wave_id", "=", wave.id).where("status", "=", "in_progress").limit(n).execute();
    expect(open.length).toBe(n);
    for (const r of open) {
      await handle.db
        .updateTable("responses")
        .set((eb) => ({ status: "submitted", submission_count: eb("submission_count", "+", 1), submitted_at: at(), updated_at: at() }))
        .where("id", "=", r.id)
        .execute();
      await saveResponseScores(handle.db, r.id);
    }
  }

  it("waits for the interval after k changes, then cuts; without pacing it cuts at once", async () => {
    const paced: SnapshotContext = { db: handle.db, dialect: handle.dialect, now: at, changeCutIntervalMs: 60_000 };
    const unpaced: SnapshotContext = { db: handle.db, dialect: handle.dialect, now: at };
    expect(await cutSnapshots(paced, "2026", "first", { onlyIfDue: true })).toBe(2);
    const wave = (await getWaveBySlug(handle.db, "2026"))!;
    const first = (await findLatestSnapshot(handle.db, wave.id, "staff"))!;

    clock += 10_000;
    await submit(5);
    clock += 20_000; // 30 s after the cut: 5 changes (k for staff), but too soon
    expect(await snapshotDue(handle.db, wave, "staff", undefined, { minIntervalMs: 60_000, now: clock })).toBeNull();
    expect(await cutSnapshots(paced, "2026", "changes", { onlyIfDue: true })).toBe(0);
    // Without pacing the same changes are due at once (the rule alone).
    expect(await snapshotDue(handle.db, wave, "staff", undefined)).toBe("changes");
    expect(await snapshotDue(handle.db, wave, "staff", undefined, { minIntervalMs: 0, now: clock })).toBe("changes");

    clock += 31_000; // 61 s after the cut
    expect(await snapshotDue(handle.db, wave, "staff", undefined, { minIntervalMs: 60_000, now: clock })).toBe("changes");
    // k = 10 for the public: 5 changes are not enough, however long ago the cut was.
    expect(await snapshotDue(handle.db, wave, "public", undefined, { minIntervalMs: 60_000, now: clock })).toBeNull();
    expect(await cutSnapshots(paced, "2026", "changes", { onlyIfDue: true })).toBe(1);
    const second = (await findLatestSnapshot(handle.db, wave.id, "staff"))!;
    expect(second.seq).toBe(first.seq + 1);
    expect(second.reason).toBe("changes");

    // Fewer than k changes are never due, paced or not.
    clock += 120_000;
    await submit(4);
    expect(await snapshotDue(handle.db, wave, "staff", undefined, { minIntervalMs: 60_000, now: clock })).toBeNull();
    expect(await cutSnapshots(unpaced, "2026", "changes", { onlyIfDue: true })).toBe(0);
  });

  it("never holds back the snapshot of a wave that has closed", async () => {
    const wave = (await getWaveBySlug(handle.db, "2026"))!;
    await handle.db.updateTable("waves").set({ status: "closed" }).where("id", "=", wave.id).execute();
    const closed = (await getWaveBySlug(handle.db, "2026"))!;
    clock += 1_000; // one second after the latest cut
    expect(await snapshotDue(handle.db, closed, "staff", undefined, { minIntervalMs: 3_600_000, now: clock })).toBe("closed");
  });
});
