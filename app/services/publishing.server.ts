import { hasBenchmarkFigures } from "../models/benchmark.server";
import { listReleases } from "../models/data-release.server";
import type { Db } from "../models/db-types";
import { getWaveBySlug } from "../models/wave.server";
import { prepareBenchmarkFigures } from "./benchmark-report.server";
import { publishRelease, type PublishOptions } from "./open-data.server";
import type { SnapshotContext } from "./snapshots.server";
import { markWavePublished, type ChangeContext } from "./wave-admin.server";

// Publishing a wave (decision 070) is one service call, an explicitly ordered sequence of steps that
// each skip what is already done:
//   1. the wave moves from closed to published with its audit record, in one transaction: from here
//      its answers are final (no submission, amendment, import or reopening);
//   2. its first open-data release is frozen from a public (k = 10) snapshot cut now (open-data.server.ts);
//   3. the benchmark figures every council's report reads are prepared (benchmark-report.server.ts).
// Steps 2 and 3 are built from the answers step 1 froze, off the event loop, and each is stored in a
// short transaction of its own: one transaction around all three would hold SQLite's only writer (every
// save and submission of every other wave) for as long as the figures of a large wave take to build.
// When step 2 or 3 fails the wave stays published — publishing is final, and what they derive never
// changes — and is "unfinished": councils' reports say they are being prepared (503, Retry-After), the
// admin is told, and publishing again (the confirmation page offers it) or the next start-up finishes it.

export type PublishingOptions = Omit<PublishOptions, "revisionNote">;

export type PublishWaveResult = { ok: true; slug: string } | { ok: false; message: string; published: boolean };

/** What publishing has still to do for a published wave: its first release, its benchmark figures; null when it is finished or the wave is not published. */
export async function unfinishedPublishing(db: Db, wave: { id: number; status: string }): Promise<{ release: boolean; figures: boolean } | null> {
  if (wave.status !== "published") return null;
  const [releases, figures] = await Promise.all([listReleases(db, wave.id), hasBenchmarkFigures(db, wave.id)]);
  return releases.length === 0 || !figures ? { release: releases.length === 0, figures: !figures } : null;
}

/**
 * Publishes a closed wave (steps 1–3 above), or finishes publishing a published wave whose release or
 * figures are missing. A wave that cannot be published (not closed, already published and finished)
 * changes nothing.
 */
export async function publishWave(ctx: SnapshotContext, context: ChangeContext, slug: string, options: PublishingOptions): Promise<PublishWaveResult> {
  const wave = await getWaveBySlug(ctx.db, slug);
  if (!wave || !(await unfinishedPublishing(ctx.db, wave))) {
    // The lifecycle's own refusal (no such wave, not closed, already published), or the move.
    const moved = await markWavePublished(ctx.db, context, slug);
    if (!moved.ok) return { ok: false, message: moved.message, published: wave?.status === "published" };
  }
  return finishPublishing(ctx, slug, options);
}

/**
 * Steps 2 and 3 for a published wave, each only if it is missing: after step 1 (publishWave), when an
 * admin publishes again after a failure, and at start-up. Never throws for a failed step: it says
 * which failed (the wave stays published).
 */
export async function finishPublishing(ctx: SnapshotContext, slug: string, options: PublishingOptions): Promise<PublishWaveResult> {
  const wave = await getWaveBySlug(ctx.db, slug);
  if (!wave || wave.status !== "published")
    return { ok: false, message: `${wave ? "This wave is not published" : `There is no wave ${slug}`}`, published: false };
  const missing = await unfinishedPublishing(ctx.db, wave);
  const failed = (what: string, reason: string): PublishWaveResult => ({
    ok: false,
    published: true,
    message: `The wave is published, but ${what}: ${reason}. Councils' reports say they are being prepared until it is done: publish again to finish`,
  });
  try {
    if (missing?.release) {
      const released = await publishRelease(ctx, slug, options);
      // Another admin's publishing may have frozen it meanwhile: then it is done.
      if (!released.ok && (await listReleases(ctx.db, wave.id)).length === 0)
        return failed("its open data could not be released", released.message.replace(/\.$/, ""));
    }
  } catch (error) {
    console.error(`publishing wave ${slug}, open data: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return failed("its open data could not be released", "an error was written to the server's log");
  }
  try {
    if (missing?.figures)
      await prepareBenchmarkFigures(ctx.db, { id: wave.id, slug: wave.slug, instrumentVersion: wave.instrument_version }, ctx.now ? { now: ctx.now } : {});
  } catch (error) {
    console.error(`publishing wave ${slug}, benchmark figures: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return failed("its benchmark figures could not be prepared", "an error was written to the server's log");
  }
  return { ok: true, slug };
}
