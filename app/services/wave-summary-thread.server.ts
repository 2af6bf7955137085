import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { getDatabase } from "../db.server";
import type { GroupFilters } from "../models/summary-data.server";
import { buildWaveSummary, type WaveSummaryResult } from "./wave-summary.server";

// Wave summaries for the web routes (dashboard, summary.json, aggregate exports). On a SQLite file
// they are built in a worker thread with its own read-only connection (decision 021): the first
// view of a large wave aggregates for seconds, and better-sqlite3 would block every save and
// submission meanwhile. On PostgreSQL (queries are asynchronous) and on an in-memory database
// they are built in this thread. The CLI report calls buildWaveSummary directly.

export interface SummaryRequest {
  id: number;
  slug: string;
  filters: GroupFilters;
  k: number | undefined;
}
export type SummaryReply = { id: number; result: WaveSummaryResult | null } | { id: number; error: string };

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
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const { exports } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), exports["./esm/api"]!.import.default)).href;
}

/** One worker thread with its own read-only connection to the SQLite database at `databaseUrl`. */
export class SummaryThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: WaveSummaryResult | null) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  exited = false;

  constructor(databaseUrl: string, worker = WORKER) {
    if (!worker) throw new Error("the wave summary worker's code is missing");
    const options = { workerData: { databaseUrl }, env: process.env };
    // From the sources the worker is TypeScript, loaded through tsx (a devDependency, present wherever the sources run).
    this.worker = worker.typescript
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(worker.url.href)}, ${JSON.stringify(worker.url.href)}))`, { ...options, eval: true })
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

  run(slug: string, filters: GroupFilters, k?: number): Promise<WaveSummaryResult | null> {
    if (this.exited) return Promise.reject(new Error("wave summary worker has stopped"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, slug, filters, k } satisfies SummaryRequest);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

declare global {
  var __localtrustSummaryThread: SummaryThread | undefined;
}

/** The staff summary of a wave (see buildWaveSummary), built off the event loop on SQLite. */
export async function loadWaveSummary(slug: string, filters: GroupFilters = {}, options: { k?: number } = {}): Promise<WaveSummaryResult | null> {
  const { db, location } = getDatabase();
  if (location.dialect !== "sqlite" || location.file === ":memory:" || !WORKER) return buildWaveSummary(db, slug, filters, options);
  if (!globalThis.__localtrustSummaryThread || globalThis.__localtrustSummaryThread.exited) {
    globalThis.__localtrustSummaryThread = new SummaryThread(`file:${location.file}`);
  }
  return globalThis.__localtrustSummaryThread.run(slug, filters, options.k);
}
