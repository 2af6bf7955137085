// The snapshot builder's (and the admins' live preview's) worker thread on SQLite (see app/services/wave-summary-thread.server.ts): its
// own read-only connection to the app's database file, its own summary cache, one request at a
// time. better-sqlite3 is synchronous, so aggregating a large wave here keeps the app's event loop
// free for saves and submissions.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/connection";
import { buildNextSnapshots } from "../services/wave-snapshot.server";
import { buildWaveSummary } from "../services/wave-summary.server";
import type { SummaryRequest, SummaryReply } from "../services/wave-summary-thread.server";

const port = parentPort;
if (!port) throw new Error("wave-summary.worker.ts runs as a worker thread");
const { databaseUrl } = workerData as { databaseUrl: string };
const handle = openDatabase(databaseUrl, { readonly: true, poolSize: 2 });

port.on("message", (request: SummaryRequest) => {
  const work =
    request.kind === "snapshot"
      ? buildNextSnapshots(handle.db, request.slug, request.audiences, request.reason, request.now)
      : buildWaveSummary(handle.db, request.slug, request.filters, { k: request.k });
  work
    .then((result): SummaryReply => ({ id: request.id, result }))
    .catch((error: unknown): SummaryReply => ({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .then((reply) => port.postMessage(reply));
});
