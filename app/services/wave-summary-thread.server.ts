import fs from "node:fs";
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

const WORKER_SOURCE = path.resolve("app/workers/wave-summary.worker.ts");
/** Checked once: without the source (the app not started from its folder) summaries are built in-process. */
const WORKER_AVAILABLE = fs.existsSync(WORKER_SOURCE);

/** One worker thread with its own read-only connection to the SQLite database at `databaseUrl`. */
export class SummaryThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: WaveSummaryResult | null) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  exited = false;

  constructor(databaseUrl: string) {
    // The worker runs the TypeScript source through tsx, as server.ts does.
    const source = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(pathToFileURL(WORKER_SOURCE).href)}, ${JSON.stringify(pathToFileURL(path.resolve("package.json")).href)}))`;
    this.worker = new Worker(source, { eval: true, workerData: { databaseUrl }, env: process.env });
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
  if (location.dialect !== "sqlite" || location.file === ":memory:" || !WORKER_AVAILABLE) return buildWaveSummary(db, slug, filters, options);
  if (!globalThis.__localtrustSummaryThread || globalThis.__localtrustSummaryThread.exited) {
    globalThis.__localtrustSummaryThread = new SummaryThread(`file:${location.file}`);
  }
  const summary = await globalThis.__localtrustSummaryThread.run(slug, filters, options.k);
  // The worker's connection sees commits whose group-commit fsync may not have finished: answer
  // only once every write made before the summary arrived is on disk (decision 022, issue 11).
  await getDatabase().walDurability?.settle();
  return summary;
}
