// Prepares one published wave's benchmark figures in a worker thread on SQLite (see
// prepareBenchmarkFigures in app/services/benchmark-report.server.ts): its own read-only
// connection reads the stored scores and answer counts, so the app's event loop stays free for
// saves and submissions; the document goes back to the main thread, which stores it.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/connection";
import { computeBenchmarkFigures, type FiguresReply, type FiguresRequest } from "../services/benchmark-report.server";

const port = parentPort;
if (!port) throw new Error("benchmark-figures.worker.ts runs as a worker thread");
const request = workerData as FiguresRequest;
const handle = openDatabase(request.databaseUrl, { readonly: true, poolSize: 2 });

computeBenchmarkFigures(handle.db, request.wave, request.allowed)
  .then(({ figures, responses }): FiguresReply => ({ ok: true, figures, responses }))
  .catch((error: unknown): FiguresReply => ({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
  .then(async (reply) => {
    port.postMessage(reply);
    await handle.close();
  });
