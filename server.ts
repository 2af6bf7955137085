// LocalTrust's HTTP server: checks the configuration, brings the database up to date (and seeds the
// demo on an empty database), then serves the Remix build with Express.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { ConfigError, getConfig } from "./app/config.server";
import { prepareDatabase } from "./cli/prepare-database";
import { remixRequestHandler, requestTargetGuard } from "./app/services/http-boundary.server";
import { securityMiddleware } from "./app/services/http-security.server";
import { appSnapshotContext, prepareSnapshotsInBackground } from "./app/services/wave-summary-thread.server";
import { prepareReleases } from "./app/services/open-data.server";
import { startMailWork } from "./app/services/mail-sender.server";
import { getDb } from "./app/db.server";
import { prepareBenchmarkFiguresInBackground } from "./app/services/benchmark-report.server";

// The app's folder, whatever the working directory: production runs the bundle build/server.js
// (scripts/build-server.ts), development tools may run this file from the checkout's root.
const ROOT = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./" : "../", import.meta.url));

async function main() {
  const config = getConfig();
  const prepared = await prepareDatabase(config.DATABASE_URL, { seedDemoWhenEmpty: config.DEMO_SEED });
  console.log(
    `database: ${prepared.dialect}, migrations ${prepared.migrated.length ? `applied ${prepared.migrated.join(", ")}` : "current"}${prepared.seeded ? ", demo data seeded" : ""}`,
  );
  for (const warning of prepared.warnings) console.error(`\n*** WARNING: DATA CAN BE LOST ON A POWER CUT ***\n*** ${warning}\n`);

  const buildPath = path.join(ROOT, "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href).catch(() => {
    throw new Error("No production build found: run `npm run build` first.");
  })) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY names the reverse proxies whose X-Forwarded-For to believe (decision 029).
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(compression());
  app.use(securityMiddleware(config));
  app.use(requestTargetGuard());
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(ROOT, "public"), { maxAge: "1h" }));
  app.all(
    "*",
    remixRequestHandler({
      build,
      publicUrl: config.PUBLIC_URL,
      // The CSP nonce made by securityMiddleware reaches entry.server.tsx and root.tsx this way.
      getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce ?? "") }),
    }),
  );

  // Bench only (npm run bench): the event loop's delay, served on a loopback-only side port.
  if (process.env.BENCH_EVENT_LOOP === "1") {
    const { startEventLoopProbe } = await import("./app/services/event-loop-probe.server");
    startEventLoopProbe(Number(process.env.BENCH_EVENT_LOOP_PORT ?? config.PORT + 1));
  }

  let mail: { stop: () => Promise<void> } | undefined;
  const server = app.listen(config.PORT, () => {
    console.log(`LocalTrust is running on http://localhost:${config.PORT} (links use ${config.PUBLIC_URL})`);
    // The outbox's sender and the automatic reminders (decisions 046, 048).
    mail = startMailWork(getDb(), config);
    if (!config.SMTP_URL) console.log("email: no SMTP_URL, so emails are recorded as not sent and staff are shown links to copy");
    // Every wave that has none gets its first snapshot of the figures, in the background: on a
    // large database that takes minutes, and health checks must answer meanwhile. A reader that
    // arrives first shares the same build (off the event loop) or is told the figures are being
    // prepared; it never blocks other requests.
    // Then a published wave without an open-data release (published before migration 011, or by the
    // demo seed) gets its first, from the public snapshot just cut.
    // Then a published wave without benchmark figures gets them (from that public snapshot's
    // audit); a report read meanwhile answers "being prepared" (503, Retry-After).
    void prepareSnapshotsInBackground()
      .then(() => prepareBenchmarkFiguresInBackground(appSnapshotContext().db))
      .then(() => prepareReleases(appSnapshotContext(), { licenceId: config.OPEN_DATA_LICENCE, publisher: config.OPEN_DATA_PUBLISHER }))
      .then(
        (released) => released > 0 && console.log(`open data: froze ${released} first releases`),
        (error: unknown) => console.error(`open data at start-up: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
  });
  const stop = () => server.close(() => void (mail?.stop() ?? Promise.resolve()).finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
