// `npm run bench`: builds the dataset in a fresh SQLite file and a fresh PostgreSQL database and
// measures, side by side, the app against a bare node:http baseline (docs/benchmarks.md).
// Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; "none" skips PostgreSQL),
// BENCH_PG_DATABASE (the PostgreSQL database made afresh, default localtrust_bench: two checkouts on one
// server need two names), BENCH_DIALECTS (default "sqlite,postgres"), BENCH_PHASES ("all", the default, or
// "report": only publishing and the report phase, after the warm-up), BENCH_SECONDS (per load phase,
// default 6; the app-and-baseline phases are split into BENCH_ROUNDS alternating rounds, default 3),
// BENCH_BIG_ANSWERS (default 1000000), BENCH_APP_NODE_ARGS (extra node flags for the app process, e.g.
// "--cpu-prof --cpu-prof-dir=.cache/prof"). The closing `bench:` line needs every phase on SQLite.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase } from "../../db/connection";
import { countItemValues, listCouncilGroups, listResponseStatuses, listSubmittedScores } from "../../app/models/summary-data.server";
import { buildNextSnapshots, gatherSnapshotData } from "../../app/services/wave-snapshot.server";
import { listPublishedWavesWithoutFigures } from "../../app/models/benchmark.server";
import { listPublishedWavesWithoutRelease } from "../../app/models/data-release.server";
import { allItems, isScoredScale } from "../../app/domain/instrument";
import { buildDataset, type Dataset, type ReadyResponse } from "./dataset";
import { BENCH_SECRET, freePort, freshPostgresDatabase, percentile, signedSessionCookie, startServer, type RunningServer } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 3)));
const BIG = Number(process.env.BENCH_BIG_ANSWERS ?? 1_000_000);
const PG_BASE = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CONNECTIONS = 16;
const APP_NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
const PG_DATABASE = process.env.BENCH_PG_DATABASE ?? "localtrust_bench";
const DIALECTS = new Set((process.env.BENCH_DIALECTS ?? "sqlite,postgres").split(",").map((d) => d.trim()));
const PHASES = process.env.BENCH_PHASES ?? "all";
if (PHASES !== "all" && PHASES !== "report") throw new Error(`BENCH_PHASES must be "all" or "report", not ${PHASES}`);
if (![...DIALECTS].every((d) => d === "sqlite" || d === "postgres"))
  throw new Error(`BENCH_DIALECTS lists sqlite and/or postgres, not ${[...DIALECTS].join(",")}`);

interface Load {
  rps: number;
  ok: number;
  errors: number;
  /** The phase ended because its ready responses ran out, not because its time was up. */
  poolRanOut: boolean;
  statuses: Record<number, number>;
  p50: number;
  p95: number;
  p99: number;
  /** Every timed request's latency (ms) and the seconds the phase ran, so rounds can be combined. */
  latencies: number[];
  seconds: number;
}

const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : NaN);

/** Runs autocannon against `url` where each request takes its body and cookie from `next()`; null ends the run. */
async function load(
  url: string,
  next: () => Promise<{ path: string; body: string; cookie: string } | null> | { path: string; body: string; cookie: string } | null,
  options: { connections?: number; seconds?: number; method?: "POST" | "GET"; okStatuses?: number[] } = {},
): Promise<Load> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let exhausted = false;
  const started = Date.now();
  let last = started;
  const instance = autocannon(
    {
      url,
      connections: options.connections ?? CONNECTIONS,
      // A slow dashboard view still counts (autocannon's default gives up after 10 s).
      timeout: 60,
      duration: options.seconds ?? SECONDS,
      pipelining: 1,
      requests: [
        {
          method: options.method ?? "POST",
          setupRequest: ((req: { path: string; body?: string; headers?: Record<string, string> }) => {
            const spec = next() as { path: string; body: string; cookie: string } | null;
            if (!spec) {
              if (!exhausted) {
                exhausted = true;
                setImmediate(() => instance.stop());
              }
              return { ...req, path: "/healthz", method: "GET", headers: {} };
            }
            return {
              ...req,
              path: spec.path,
              body: spec.body || undefined,
              headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin, cookie: spec.cookie },
            };
          }) as never,
        },
      ],
    },
    () => undefined,
  );
  const counted = new Set(options.okStatuses ?? [302, 303]);
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    // healthz fillers after the pool ran out are neither timed nor counted.
    if (exhausted && !counted.has(statusCode)) return;
    latencies.push(responseTime);
    last = Date.now();
  });
  instance.on("reqError", () => errors++);
  await new Promise<void>((resolve) => instance.on("done", () => resolve()));
  const ok = [...counted].reduce((sum, s) => sum + (statuses[s] ?? 0), 0);
  const sorted = latencies.sort((a, b) => a - b);
  const elapsed = Math.max(0.001, (last - started) / 1000);
  return {
    rps: ok / elapsed,
    ok,
    errors,
    poolRanOut: exhausted,
    statuses,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    latencies: sorted,
    seconds: elapsed,
  };
}

/** Rounds of one load as one: all their requests over all their time, percentiles over every latency. */
function combine(rounds: Load[]): Load {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const statuses: Record<number, number> = {};
  for (const r of rounds) for (const [status, n] of Object.entries(r.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
  const ok = rounds.reduce((sum, r) => sum + r.ok, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return {
    rps: ok / seconds,
    ok,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    poolRanOut: rounds.some((r) => r.poolRanOut),
    statuses,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    latencies,
    seconds,
  };
}

/**
 * The app and the baseline under the same load, in alternating short rounds (app first, then
 * baseline first, ...) with both servers up: a slow spell of the shared machine then falls on both
 * instead of on whichever ran in it, and the ratio is of the combined rounds.
 */
async function alternating(app: () => Promise<Load>, base: () => Promise<Load>) {
  const appRounds: Load[] = [];
  const baseRounds: Load[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      appRounds.push(await app());
      baseRounds.push(await base());
    } else {
      baseRounds.push(await base());
      appRounds.push(await app());
    }
  }
  return { app: combine(appRounds), base: combine(baseRounds), roundRatios: appRounds.map((a, i) => round(a.rps / baseRounds[i]!.rps, 2)) };
}

function submitter(entries: ReadyResponse[], cookies: Map<number, string>, wave: string) {
  let i = 0;
  return () => {
    const e = entries[i++];
    if (!e) return null;
    return {
      path: `/surveys/${wave}/submit`,
      body: new URLSearchParams({ _version: String(e.version), declaration: "yes" }).toString(),
      cookie: cookies.get(e.userId)!,
    };
  };
}

/** Saves of section 1, cycling over the entries; each save moves the section version on by one. */
function saver(entries: ReadyResponse[], cookies: Map<number, string>, wave: string, slug: string) {
  const sectionVersion = new Map(entries.map((e) => [e.responseId, 1]));
  let i = 0;
  return () => {
    const e = entries[i++ % entries.length]!;
    const version = sectionVersion.get(e.responseId)!;
    // Assume success (each entry is reused only after the others; 16 connections, 200 entries).
    sectionVersion.set(e.responseId, version + 1);
    const body = new URLSearchParams({ _version: String(version), _intent: "continue" });
    for (const [k, values] of Object.entries(e.saveFields)) for (const v of values) body.append(k, v);
    return { path: `/surveys/${wave}/sections/${slug}`, body: body.toString(), cookie: cookies.get(e.userId)! };
  };
}

/**
 * With BENCH_PHASES=report the report phase would otherwise overlap the app's start-up work (the first
 * snapshots of every wave, then the releases and benchmark figures of the 20 published waves), which
 * the full bench's earlier phases outlast: wait until it is done. Returns null (no full phases).
 */
async function startUpWorkDone(url: string): Promise<null> {
  const handle = openDatabase(url, { poolSize: 1 });
  const deadline = Date.now() + 600_000;
  try {
    for (;;) {
      const missing = [
        ...(await listPublishedWavesWithoutFigures(handle.db)),
        ...(await listPublishedWavesWithoutRelease(handle.db)),
        ...(await handle.db
          .selectFrom("waves")
          .select("waves.id")
          .where((eb) => eb.not(eb.exists(eb.selectFrom("wave_snapshots").select("wave_snapshots.id").whereRef("wave_snapshots.wave_id", "=", "waves.id"))))
          .execute()),
      ];
      if (missing.length === 0) return null;
      if (Date.now() > deadline) throw new Error("the app's start-up work did not finish in 10 minutes");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await handle.close();
  }
}

async function timed(n: number, maxMs: number, fn: () => Promise<void>) {
  const times: number[] = [];
  const start = Date.now();
  for (let i = 0; i < n && Date.now() - start < maxMs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
}

interface FullPhases {
  saveApp: Load;
  saveBase: Load;
  submitApp: Load;
  submitBase: Load;
  /** app/baseline of each alternating round (saves, submissions). */
  roundRatios: { save: number[]; submit: number[] };
  dashboard: Record<string, { n: number; p50: number; p95: number }>;
  mixed: { submit: Load; dashboard: Load; eventLoop: { p50: number; p99: number; max: number } };
  /** Snapshot build and its SQL alone, in alternating rounds (ms each), with the load average then. */
  snapshot: { sql: number[]; build: number[]; loadavg: number[] };
}

interface DialectResult {
  dialect: string;
  build: { seconds: number; counts: Dataset["counts"]; bigAnswers: number; bigResponses: number };
  /** Every phase before publishing; null with BENCH_PHASES=report. */
  full: FullPhases | null;
  /** Publishing the 1M wave through the admin page: the whole request, the stored figures' own time, the event loop meanwhile. */
  publish: { status: number; ms: number; prepareMs: number | null; eventLoop: { p50: number; p99: number; max: number }; loadavg: number[] };
  /** A council's report page of the 1M wave (2 connections) while submissions to the open wave run (16). */
  report: { submit: Load; views: Load; eventLoop: { p50: number; p99: number; max: number }; loadavg: number[] };
  loadavg: number[];
}

// Ready responses per phase: enough that each timed phase ends on time, not because its pool ran
// out (a pool that runs out is reported as "pool ran out" and the rate covers only the time used).
const POOL = { warm: 20, saveApp: 200, saveBase: 200, submitApp: 1000 * SECONDS, submitBase: 2000 * SECONDS, mixed: 700 * SECONDS, report: 400 * SECONDS };

async function runDialect(dialect: "sqlite" | "postgres", url: string, ds: Dataset, buildSeconds: number, work: string): Promise<DialectResult> {
  const pool = POOL;
  console.log(`\n[${dialect}] measuring ...`);
  const cookies = new Map<number, string>();
  for (const e of ds.ready) cookies.set(e.userId, await signedSessionCookie(e.sessionId, { secret: BENCH_SECRET }));
  const staffCookie = await signedSessionCookie(ds.staff.sessionId);
  let offset = 0;
  const take = (n: number) => ds.ready.slice(offset, (offset += n));
  const seg = {
    warm: take(pool.warm),
    saveApp: take(pool.saveApp),
    saveBase: take(pool.saveBase),
    submitApp: take(pool.submitApp),
    submitBase: take(pool.submitBase),
    mixed: take(pool.mixed),
    report: take(pool.report),
  };
  const section = ds.instrument.sections[0]!.slug;
  const wave = ds.openWave.slug;

  const probePort = await freePort();
  const basePort = await freePort();
  const base: RunningServer = await startServer({
    databaseUrl: url,
    port: basePort,
    script: "scripts/bench/baseline-server.ts",
    env: { SESSION_SECRET: BENCH_SECRET },
    logFile: path.join(work, `baseline-${dialect}.log`),
  });
  // Start-up cuts the first snapshot of every wave (the 1M wave's too), so it may take a while.
  const app = await startServer({
    databaseUrl: url,
    nodeArgs: APP_NODE_ARGS,
    env: { BENCH_EVENT_LOOP: "1", BENCH_EVENT_LOOP_PORT: String(probePort) },
    logFile: path.join(work, `app-${dialect}.log`),
    timeoutMs: 600_000,
  });
  let result: DialectResult;
  try {
    // Warm up: JIT, statement caches, pools.
    await load(app.url, submitter(seg.warm, cookies, wave), { connections: 4, seconds: 2 });
    const bigWave = ds.bigWave ?? ds.openWave;
    const fullPhases = async (): Promise<FullPhases> => {
      // The first view of the large wave computes its summary (in the worker thread on SQLite); later
      // views with unchanged data are served from the cache. Both are reported.
      const viewBig = () => fetch(`${app.url}/api/waves/${ds.bigWave?.slug ?? wave}/summary.json`, { headers: { Cookie: staffCookie } }).then((r) => r.text());
      const firstViewStarted = performance.now();
      await viewBig();
      const firstViewMs = round(performance.now() - firstViewStarted);
      await viewBig();

      const phase = SECONDS / ROUNDS;
      const appSaver = saver(seg.saveApp, cookies, wave, section);
      const baseSaver = saver(seg.saveBase, cookies, wave, section);
      await load(base.url, baseSaver, { connections: 4, seconds: 1 });
      console.log(`[${dialect}] section saves: app and baseline, ${ROUNDS} alternating rounds of ${round(phase)} s ...`);
      const saves = await alternating(
        () => load(app.url, appSaver, { seconds: phase }),
        () => load(base.url, baseSaver, { seconds: phase }),
      );
      console.log(`[${dialect}] submissions: app and baseline, ${ROUNDS} alternating rounds of ${round(phase)} s ...`);
      const appSubmitter = submitter(seg.submitApp, cookies, wave);
      const baseSubmitter = submitter(seg.submitBase, cookies, wave);
      const submits = await alternating(
        () => load(app.url, appSubmitter, { seconds: phase }),
        () => load(base.url, baseSubmitter, { seconds: phase }),
      );
      await base.stop();

      console.log(`[${dialect}] dashboards and their SQL alone ...`);
      const dashboard: FullPhases["dashboard"] = { "1M wave first view (computed)": { n: 1, p50: firstViewMs, p95: firstViewMs } };
      const pageStatus = (await fetch(`${app.url}/waves/${wave}`, { headers: { Cookie: staffCookie } })).status;
      const views: [string, string][] = [
        ["summary.json open wave", `/api/waves/${wave}/summary.json`],
        ["summary.json 1M wave", `/api/waves/${ds.bigWave?.slug ?? wave}/summary.json`],
      ];
      if (pageStatus === 200) views.push(["page /waves open wave", `/waves/${wave}`], ["page /waves 1M wave", `/waves/${ds.bigWave?.slug ?? wave}`]);
      for (const [name, p] of views) {
        dashboard[name] = await timed(15, 8_000, async () => {
          const res = await fetch(app.url + p, { headers: { Cookie: staffCookie } });
          await res.text();
          if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
        });
      }
      const handle = openDatabase(url, { poolSize: 4 });
      const itemIds = allItems(ds.instrument)
        .filter((i) => isScoredScale(i.scale) || i.scale === "choice" || i.scale === "multi")
        .map((i) => i.id);
      const allWaves = await handle.db.selectFrom("waves").select(["id", "created_at"]).execute();
      for (const [name, w] of [
        ["SQL alone open wave", ds.openWave],
        ["SQL alone 1M wave", ds.bigWave ?? ds.openWave],
      ] as const) {
        const trend = allWaves.filter((x) => x.created_at <= allWaves.find((y) => y.id === w.id)!.created_at).map((x) => x.id);
        dashboard[name] = await timed(15, 8_000, async () => {
          await handle.db.selectFrom("waves").selectAll().where("slug", "=", w.slug).executeTakeFirst();
          await listCouncilGroups(handle.db);
          await listResponseStatuses(handle.db, w.id);
          await listSubmittedScores(handle.db, [w.id], {}, { withItemValues: true });
          await countItemValues(handle.db, w.id, itemIds, {});
          await handle.db.selectFrom("waves").select(["id", "slug", "title", "created_at"]).orderBy("created_at").execute();
          await listSubmittedScores(handle.db, trend, {});
        });
      }
      // Snapshots: building the next snapshots of the 1M wave (both audiences, not stored)
      // against the SQL it runs alone, in five alternating rounds (SQL, build, SQL, build, ...) so a busy
      // spell of the shared machine falls on both; medians compared. Then views of the stored snapshot
      // from a second app process on the same database.
      console.log(`[${dialect}] snapshot build of the 1M wave and its SQL alone, 5 alternating rounds ...`);
      const snapshotRounds = { sql: [] as number[], build: [] as number[] };
      const bigWaveRow = await handle.db.selectFrom("waves").selectAll().where("id", "=", bigWave.id).executeTakeFirstOrThrow();
      for (let i = 0; i < 5; i++) {
        let t = performance.now();
        // Exactly the queries the builder runs over the wave (gatherSnapshotData; since decision 069 the
        // number items' counts, which the bench had left out, and the item audit's queries).
        await gatherSnapshotData(handle.db, bigWaveRow);
        snapshotRounds.sql.push(performance.now() - t);
        t = performance.now();
        await buildNextSnapshots(handle.db, bigWave.slug, ["staff", "public"], "bench", new Date().toISOString());
        snapshotRounds.build.push(performance.now() - t);
      }
      const snapshotLoad = os.loadavg();
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const snapshotSql = median(snapshotRounds.sql);
      const snapshotBuild = median(snapshotRounds.build);
      dashboard["snapshot SQL alone 1M wave"] = { n: 5, p50: snapshotSql, p95: snapshotSql };
      dashboard["snapshot build 1M wave (both audiences)"] = { n: 5, p50: snapshotBuild, p95: snapshotBuild };
      await handle.close();
      const second = await startServer({ databaseUrl: url, logFile: path.join(work, `app2-${dialect}.log`), timeoutMs: 600_000 });
      try {
        // One view first (the new process's first request compiles its code paths), then 30 timed.
        await fetch(`${second.url}/api/waves/${bigWave.slug}/summary.json`, { headers: { Cookie: staffCookie } }).then((r) => r.text());
        dashboard["second process: stored snapshot view 1M wave"] = await timed(30, 8_000, async () => {
          const res = await fetch(`${second.url}/api/waves/${bigWave.slug}/summary.json`, { headers: { Cookie: staffCookie } });
          await res.text();
          if (res.status !== 200) throw new Error(`second process: ${res.status}`);
        });
      } finally {
        await second.kill();
      }

      console.log(`[${dialect}] submissions and dashboard views together ...`);
      await fetch(`http://127.0.0.1:${probePort}/reset`);
      const bigPath = `/api/waves/${ds.bigWave?.slug ?? wave}/summary.json`;
      const [mixedSubmit, mixedDashboard] = await Promise.all([
        load(app.url, submitter(seg.mixed, cookies, wave)),
        load(app.url, () => ({ path: bigPath, body: "", cookie: staffCookie }), { connections: 2, method: "GET", okStatuses: [200] }),
      ]);
      const eventLoop = (await (await fetch(`http://127.0.0.1:${probePort}/stats`)).json()) as { p50: number; p99: number; max: number };
      return {
        saveApp: saves.app,
        saveBase: saves.base,
        submitApp: submits.app,
        submitBase: submits.base,
        roundRatios: { save: saves.roundRatios, submit: submits.roundRatios },
        dashboard,
        mixed: { submit: mixedSubmit, dashboard: mixedDashboard, eventLoop },
        snapshot: { ...snapshotRounds, loadavg: snapshotLoad },
      };
    };
    const full = PHASES === "all" ? await fullPhases() : await startUpWorkDone(url);

    // Benchmark reports: an admin publishes the 1M wave (the public snapshot and the
    // comparator figures are prepared off the event loop); then a council's report page while
    // submissions to the open wave run.
    console.log(`[${dialect}] publishing the 1M wave, then its report pages with submissions ...`);
    const adminCookie = await signedSessionCookie(ds.admin.sessionId);
    await fetch(`http://127.0.0.1:${probePort}/reset`);
    const publishStarted = performance.now();
    // Publishing is final, so it is posted from its confirmation page (decision 052).
    const published = await fetch(`${app.url}/admin/waves/${bigWave.slug}/publish`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, cookie: adminCookie },
      body: new URLSearchParams({ confirm: "publish" }).toString(),
    });
    await published.text();
    if (published.status !== 302 || !(published.headers.get("location") ?? "").startsWith(`/admin/waves/${bigWave.slug}`))
      throw new Error(
        `[${dialect}] publishing the 1M wave answered ${published.status} (${published.headers.get("location") ?? "no location"}), not a redirect to the wave's page`,
      );
    const publishMs = performance.now() - publishStarted;
    const publishLoop = (await (await fetch(`http://127.0.0.1:${probePort}/stats`)).json()) as { p50: number; p99: number; max: number };
    const figuresHandle = openDatabase(url, { poolSize: 1 });
    const figuresRow = await figuresHandle.db.selectFrom("benchmark_figures").select("prepare_ms").where("wave_id", "=", bigWave.id).executeTakeFirst();
    await figuresHandle.close();
    const publishLoad = os.loadavg();
    // A body that submitted to the 1M wave (the ready pool's respondents are such bodies).
    const reportCookie = cookies.get(seg.warm[0]!.userId)!;
    const reportPath = `/surveys/${bigWave.slug}/report`;
    const firstReport = await fetch(app.url + reportPath, { headers: { Cookie: reportCookie } });
    await firstReport.text();
    // A report phase that measures 404s measures nothing: stop instead.
    if (firstReport.status !== 200) throw new Error(`[${dialect}] the report page answered ${firstReport.status} after publishing`);
    await fetch(`http://127.0.0.1:${probePort}/reset`);
    const [reportSubmit, reportViews] = await Promise.all([
      load(app.url, submitter(seg.report, cookies, wave)),
      load(app.url, () => ({ path: reportPath, body: "", cookie: reportCookie }), { connections: 2, method: "GET", okStatuses: [200] }),
    ]);
    const reportLoop = (await (await fetch(`http://127.0.0.1:${probePort}/stats`)).json()) as { p50: number; p99: number; max: number };
    const reportLoad = os.loadavg();
    await app.stop();
    const appLog = fs.readFileSync(path.join(work, `app-${dialect}.log`), "utf8");
    if (/SQLITE_BUSY|database is locked/i.test(appLog)) console.log(`[${dialect}] WARNING: the app log mentions SQLITE_BUSY`);
    result = {
      dialect,
      build: { seconds: buildSeconds, counts: ds.counts, bigAnswers: ds.bigWave?.answers ?? 0, bigResponses: ds.bigWave?.responses ?? 0 },
      full,
      publish: { status: published.status, ms: publishMs, prepareMs: figuresRow?.prepare_ms ?? null, eventLoop: publishLoop, loadavg: publishLoad },
      report: { submit: reportSubmit, views: reportViews, eventLoop: reportLoop, loadavg: reportLoad },
      loadavg: os.loadavg(),
    };
  } finally {
    await app.kill();
    await base.kill();
  }
  return result;
}

function printTable(r: DialectResult) {
  const line = (name: string, rps: string, p50: string, p95: string, p99: string, note = "") =>
    console.log(`${name.padEnd(36)}${rps.padStart(10)}${p50.padStart(10)}${p95.padStart(10)}${p99.padStart(10)}  ${note}`);
  const l = (name: string, x: Load, note = "") =>
    line(
      name,
      String(round(x.rps)),
      String(round(x.p50)),
      String(round(x.p95)),
      String(round(x.p99)),
      `ok=${x.ok} ${JSON.stringify(x.statuses)}${x.errors ? ` errors=${x.errors}` : ""}${x.poolRanOut ? " pool ran out" : ""} ${note}`,
    );
  console.log(
    `\n== ${r.dialect}: dataset ${r.build.counts.councils} councils/bodies, ${r.build.counts.waves} waves, ${r.build.counts.responses} responses, ${r.build.counts.answers} answers (large wave: ${r.build.bigResponses} responses, ${r.build.bigAnswers} answers); built (${DIALECTS.size === 2 && pgUrl ? "both databases together" : r.dialect}) in ${round(r.build.seconds)} s; load average ${r.loadavg.map((x) => x.toFixed(2)).join(" ")}`,
  );
  line("measure", "req/s", "p50 ms", "p95 ms", "p99 ms");
  const avg = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
  const f = r.full;
  if (f) {
    l("section save: app", f.saveApp);
    l("section save: baseline", f.saveBase, `app/baseline=${round(f.saveApp.rps / f.saveBase.rps, 2)} (rounds ${f.roundRatios.save.join(", ")})`);
    l("submission: app", f.submitApp);
    l("submission: baseline", f.submitBase, `app/baseline=${round(f.submitApp.rps / f.submitBase.rps, 2)} (rounds ${f.roundRatios.submit.join(", ")})`);
    for (const [name, d] of Object.entries(f.dashboard)) line(`dashboard ${name}`, "", String(round(d.p50)), String(round(d.p95)), "", `n=${d.n}`);
    l("mixed: submissions", f.mixed.submit);
    l("mixed: 1M-wave summary views", f.mixed.dashboard);
    console.log(`mixed: event loop delay p50 ${f.mixed.eventLoop.p50} ms, p99 ${f.mixed.eventLoop.p99} ms, max ${f.mixed.eventLoop.max} ms`);
    const ms = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
    console.log(`snapshot rounds (ms): SQL alone ${ms(f.snapshot.sql)}; build ${ms(f.snapshot.build)}; load average then ${avg(f.snapshot.loadavg)}`);
  } else console.log("(BENCH_PHASES=report: saves, submissions, dashboards, snapshots and the mixed phase not run)");
  console.log(
    `publish 1M wave: ${r.publish.status} in ${round(r.publish.ms)} ms (benchmark figures ${r.publish.prepareMs ?? "missing"} ms of it); event loop p99 ${r.publish.eventLoop.p99} ms, max ${r.publish.eventLoop.max} ms; load average then ${avg(r.publish.loadavg)}`,
  );
  l("reports: submissions", r.report.submit);
  l("reports: report page views", r.report.views);
  console.log(
    `reports: event loop delay p50 ${r.report.eventLoop.p50} ms, p99 ${r.report.eventLoop.p99} ms, max ${r.report.eventLoop.max} ms; load average then ${avg(r.report.loadavg)}`,
  );
}

const work = path.resolve(".cache/bench");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const started = Date.now();
console.log(
  `bench: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}, ${SECONDS} s per load phase, loopback only`,
);
const results: DialectResult[] = [];
const sqliteUrl = `file:${path.join(work, "bench.sqlite")}`;
let pgUrl: string | null = null;
if (PG_BASE !== "none" && DIALECTS.has("postgres")) {
  try {
    pgUrl = await freshPostgresDatabase(PG_BASE, PG_DATABASE);
  } catch (error) {
    console.log(`[postgres] skipped: ${(error as Error).message.split("\n")[0]}`);
  }
}
const targets = [...(DIALECTS.has("sqlite") ? [sqliteUrl] : []), ...(pgUrl ? [pgUrl] : [])];
if (targets.length === 0) throw new Error("BENCH_DIALECTS leaves no database to measure");
const total = Object.values(POOL).reduce((a, b) => a + b, 0);
console.log(
  `building the dataset in ${targets.length === 2 ? "SQLite and PostgreSQL (the same rows, generated once)" : pgUrl ? "PostgreSQL" : "SQLite"}, with a pool of ${total} ready responses ...`,
);
const t0 = Date.now();
const dataset = await buildDataset(targets, { councils: 400, historyWaves: 20, bigWaveAnswers: BIG, readyPool: total });
const buildSeconds = (Date.now() - t0) / 1000;
console.log(
  `built in ${round(buildSeconds)} s: ${JSON.stringify(dataset.counts)}, large wave ${dataset.bigWave?.responses} responses / ${dataset.bigWave?.answers} answers`,
);
if (DIALECTS.has("sqlite")) results.push(await runDialect("sqlite", sqliteUrl, dataset, buildSeconds, work));
if (pgUrl) results.push(await runDialect("postgres", pgUrl, dataset, buildSeconds, work));
for (const r of results) printTable(r);
console.log(
  `\nfinished in ${round((Date.now() - started) / 1000)} s; load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const s = results[0]!;
if (s.dialect === "sqlite" && s.full) {
  const full = s.full;
  // The page staff see (the slower of the page and summary.json), read from the stored snapshot.
  const big = full.dashboard["page /waves 1M wave"] ?? full.dashboard["summary.json 1M wave"]!;
  const build = full.dashboard["snapshot build 1M wave (both audiences)"]!;
  const buildSql = full.dashboard["snapshot SQL alone 1M wave"]!;
  const secondView = full.dashboard["second process: stored snapshot view 1M wave"]!;
  console.log(
    `bench: submit_rps=${round(full.submitApp.rps)} submit_p95_ms=${round(full.submitApp.p95)} submit_vs_baseline=${round(full.submitApp.rps / full.submitBase.rps, 2)} dashboard_p95_ms=${round(big.p95)} snapshot_build_ms=${round(build.p50)} snapshot_vs_sql=${round(build.p50 / buildSql.p50, 2)} snapshot_view_p95_ms=${round(secondView.p95)} report_publish_ms=${round(s.publish.ms)} report_p95_ms=${round(s.report.views.p95)} eventloop_p99_ms=${round(full.mixed.eventLoop.p99)} loadavg=${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join("/")}`,
  );
} else console.log("(no closing bench: line: it needs every phase on SQLite)");
process.exit(0);
