import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { getConfig } from "../config.server";
import { getDatabase } from "../db.server";
import { STAFF_K } from "../domain/disclosure";
import type { GroupFilters } from "../models/summary-data.server";
import type { Audience, NewSnapshot } from "../models/snapshot.server";
import { listWavesInOrder } from "../models/summary-data.server";
import { cutSnapshots, getSnapshotView, refreshSnapshotsInBackground, refreshTrendsAfterImport, type SnapshotContext } from "./snapshots.server";
import type { SnapshotView } from "./wave-snapshot.server";
import { buildWaveSummary, type WaveSummaryResult } from "./wave-summary.server";

// Wave summaries for the web routes (dashboard, summary.json, aggregate exports). They are built in
// a worker thread with its own read-only connection (decision 021): the first view of a large wave
// aggregates for seconds, and better-sqlite3 would block every save and submission meanwhile; on
// PostgreSQL the queries are asynchronous but the statistics are not (decision 064). On an
// in-memory database they are built in this thread. The CLI report calls buildWaveSummary directly.

export type SummaryRequest =
  | { kind: "summary"; id: number; slug: string; filters: GroupFilters; k: number | undefined }
  | { kind: "snapshot"; id: number; slug: string; audiences: Audience[]; reason: string; now: string };
export type SummaryReply = { id: number; result: unknown } | { id: number; error: string };

/**
 * Where the worker's code is, found from this module's own location so the app may start from any
 * working directory: in production the compiled build/wave-summary.worker.js beside the server
 * bundle (build/index.js, scripts/build-server.ts); from the sources (tests, tsx) the TypeScript
 * file, run through tsx. Null when neither exists: summaries are then built in-process.
 */
export function findWorker(): { url: URL; typescript: boolean } | null {
  const compiled = new URL("./wave-summary.worker.js", import.meta.url);
  if (compiled.protocol === "file:" && fs.existsSync(compiled)) return { url: compiled, typescript: false };
  const source = new URL("../workers/wave-summary.worker.ts", import.meta.url);
  if (source.protocol === "file:" && fs.existsSync(source)) return { url: source, typescript: true };
  return null;
}
const WORKER = findWorker();

/** tsx's ESM API (its package's export "./esm/api"), resolved from here rather than from the working directory an eval'd worker resolves from. */
export function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const { exports } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), exports["./esm/api"]!.import.default)).href;
}

/** One worker thread with its own read-only connection to the SQLite database at `databaseUrl`. */
export class SummaryThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  exited = false;

  constructor(databaseUrl: string, worker = WORKER) {
    if (!worker) throw new Error("the wave summary worker's code is missing");
    const options = { workerData: { databaseUrl }, env: process.env };
    // From the sources the worker is TypeScript, loaded through tsx (a devDependency, present wherever the sources run).
    this.worker = worker.typescript
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(worker.url.href)}, ${JSON.stringify(worker.url.href)}))`, {
          ...options,
          eval: true,
        })
      : new Worker(worker.url, options);
    this.worker.unref();
    this.worker.on("message", (reply: SummaryReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ("error" in reply) waiting.reject(new Error(`wave summary worker: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`wave summary worker exited with code ${code}`)));
  }

  private send<T>(request: SummaryRequest): Promise<T> {
    if (this.exited) return Promise.reject(new Error("wave summary worker has stopped"));
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve: resolve as (r: unknown) => void, reject });
      this.worker.postMessage(request);
    });
  }

  run(slug: string, filters: GroupFilters, k?: number): Promise<WaveSummaryResult | null> {
    return this.send({ kind: "summary", id: this.nextId++, slug, filters, k });
  }

  /** Builds (reading only) the next snapshots of a wave; the caller stores them. */
  buildSnapshots(slug: string, audiences: Audience[], reason: string, now: string): Promise<NewSnapshot[] | null> {
    return this.send({ kind: "snapshot", id: this.nextId++, slug, audiences, reason, now });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

declare global {
  var __localtrustSummaryThread: SummaryThread | undefined;
}

/**
 * The worker thread of this process, or null where work stays in this thread (an in-memory
 * database). On PostgreSQL too (decision 064): the queries are asynchronous, but a snapshot's
 * statistics are seconds of JavaScript that would hold the event loop (and every save and
 * submission) meanwhile; the worker reads through its own small pool.
 */
export function summaryThread(): SummaryThread | null {
  const { location } = getDatabase();
  if ((location.dialect === "sqlite" && location.file === ":memory:") || !WORKER) return null;
  if (!globalThis.__localtrustSummaryThread || globalThis.__localtrustSummaryThread.exited) {
    globalThis.__localtrustSummaryThread = new SummaryThread(location.dialect === "postgres" ? location.url : `file:${location.file}`);
  }
  return globalThis.__localtrustSummaryThread;
}

/** The live (unaudited) summary of a wave, built off the event loop on SQLite: the admins' preview only. */
export async function loadLiveSummary(slug: string, filters: GroupFilters = {}, options: { k?: number } = {}): Promise<WaveSummaryResult | null> {
  const thread = summaryThread();
  if (!thread) return buildWaveSummary(getDatabase().db, slug, filters, options);
  const summary = await thread.run(slug, filters, options.k);
  // The worker's connection sees commits whose group-commit fsync may not have finished: answer
  // only once every write made before the summary arrived is on disk (decision 022).
  await getDatabase().walDurability?.settle();
  return summary;
}

/**
 * How long a page or API request waits for a wave's first snapshot (cut at start-up or on the first
 * read) before it answers 503 "being prepared": a small wave's first cut fits in it, a large one's
 * (minutes) does not hold the request or the event loop.
 */
export const PREPARING_WAIT_MS = 15_000;

/** The app's snapshot context: its database, and on a SQLite file the worker thread to build in. */
export function appSnapshotContext(): SnapshotContext {
  const { db, location } = getDatabase();
  const thread = summaryThread();
  return {
    db,
    dialect: location.dialect,
    preparingWaitMs: PREPARING_WAIT_MS,
    changeCutIntervalMs: getConfig().SNAPSHOT_MIN_INTERVAL_SECONDS * 1000,
    ...(thread
      ? {
          build: async (slug: string, audiences: Audience[], reason: string, now: string) => {
            const stored = await thread.buildSnapshots(slug, audiences, reason, now);
            // The worker read commits that may still wait for their fsync (decision 022).
            await getDatabase().walDurability?.settle();
            return stored;
          },
        }
      : {}),
  };
}

/**
 * The staff view (k = 5) of a wave's latest stored snapshot for the filters of a request; throws a
 * 404 for an unknown wave and a 400 for a filter view that is not offered (decision 034).
 */
export async function staffSnapshotView(slug: string, filters: GroupFilters): Promise<SnapshotView> {
  const result = await getSnapshotView(appSnapshotContext(), slug, "staff", filters);
  if (result.kind === "no-wave") throw new Response("There is no such wave", { status: 404 });
  if (result.kind === "not-offered") throw new Response(result.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (result.kind === "preparing")
    throw new Response(result.message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } });
  return result.view;
}

/** An admin's request for a new snapshot now (the admin wave page's button); returns how many were stored. */
export function cutSnapshotsNow(slug: string, reason: "admin" | "closed"): Promise<number> {
  return cutSnapshots(appSnapshotContext(), slug, reason);
}

/** After an import into an earlier wave: its first snapshots and new staff snapshots of later waves, whose trends gain it (decision 053). */
export function refreshTrendsAfterImportNow(slug: string): Promise<number> {
  return refreshTrendsAfterImport(appSnapshotContext(), slug);
}

const changesSeen = new Map<string, number>();

/**
 * After a submission, amendment or withdrawal in this process: every STAFF_K of them, checks in the
 * background whether a snapshot is due and cuts it (changes made by other processes are caught by
 * the same check on the next read of the figures).
 */
export function noteResponseChange(slug: string): void {
  const seen = (changesSeen.get(slug) ?? 0) + 1;
  if (seen < STAFF_K) {
    changesSeen.set(slug, seen);
    return;
  }
  changesSeen.set(slug, 0);
  refreshSnapshotsInBackground(appSnapshotContext(), slug);
}

/** At start-up: cuts the first snapshot of every wave (oldest first) that has none for an audience; returns how many were stored. */
export async function prepareSnapshots(): Promise<number> {
  const ctx = appSnapshotContext();
  let stored = 0;
  for (const wave of await listWavesInOrder(ctx.db)) stored += await cutSnapshots(ctx, wave.slug, "first", { onlyIfDue: true });
  return stored;
}

/**
 * Start-up: prepareSnapshots without holding up the server, logging what it cut or why it failed.
 * Returns the work so that callers (and tests) can wait for it.
 */
export function prepareSnapshotsInBackground(log: Pick<Console, "log" | "error"> = console): Promise<number> {
  const started = Date.now();
  return prepareSnapshots().then(
    (cut) => {
      if (cut > 0) log.log(`snapshots: cut ${cut} first snapshots in ${Date.now() - started} ms`);
      return cut;
    },
    (error: unknown) => {
      log.error(`snapshots at start-up: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return 0;
    },
  );
}
