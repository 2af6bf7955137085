import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import {
  REPORT_K,
  agreementItems,
  buildComparatorFigures,
  comparatorRegion,
  publicSnapshotComparators,
  type ComparatorFigures,
  type MeasureValues,
} from "../domain/benchmark-figures";
import { buildBenchmarkReport, type BenchmarkReport, type EarlierWave } from "../domain/benchmark-report";
import { getInstrument, listInstrumentVersions } from "../domain/instruments";
import { openedDatabase } from "../db.server";
import { recordAudit } from "../models/audit.server";
import {
  countSubmittedAnswers,
  findCouncilByGssCode,
  listBenchmarkFigureDocuments,
  listCouncilPublishedSubmissions,
  listOwnPublishedAnswers,
  listPublishedWavesWithoutFigures,
  listSubmittedCouncils,
  listSubmittedScoresWithGroups,
  saveBenchmarkFigures,
} from "../models/benchmark.server";
import type { Db } from "../models/db-types";
import { dialectOf, nowIso } from "../models/db-types";
import { getWaveBySlug } from "../models/wave.server";
import { auditActor, type SignedInUser } from "./auth.server";
import { clientAddress } from "./request.server";
import { cutSnapshots, getAuditedSnapshot, type SnapshotContext } from "./snapshots.server";
import { WHOLE_WAVE } from "./wave-snapshot.server";
import { appSnapshotContext, tsxApi } from "./wave-summary-thread.server";

// Councils' benchmark reports. When a wave is published its comparator figures are
// prepared once and stored (migration 009; decision 040); a report then reads that document, the
// council's own stored scores and its own answers. Nothing here aggregates raw answers per view.

type ScoreColumns = {
  presc: number | null;
  burden: number | null;
  tech: number | null;
  ltc: number | null;
  pct: number | null;
  gap: number | null;
  headline_gap: number | null;
};

const measureValues = (row: ScoreColumns): MeasureValues => ({
  PRESC: row.presc,
  BURDEN: row.burden,
  TECH: row.tech,
  LTC: row.ltc,
  PCT: row.pct,
  GAP: row.gap,
  HEADLINE_GAP: row.headline_gap,
});

/**
 * Reads the wave's stored scores and L5 answer counts and builds its comparator figures (nothing is
 * written); `allowed`: the comparator groups the wave's public snapshot shows (decision 063).
 */
export async function computeBenchmarkFigures(
  db: Db,
  wave: { id: number; instrumentVersion: number },
  allowed: readonly string[],
): Promise<{ figures: ComparatorFigures; responses: number }> {
  const instrument = getInstrument(wave.instrumentVersion);
  const rows = await listSubmittedScoresWithGroups(db, wave.id);
  const counts = await countSubmittedAnswers(
    db,
    wave.id,
    agreementItems(instrument).map((item) => item.id),
  );
  const itemCounts: Record<string, Record<string, number>> = {};
  for (const { itemId, value, n } of counts) (itemCounts[itemId] ??= {})[value] = (itemCounts[itemId]?.[value] ?? 0) + n;
  const figures = buildComparatorFigures({
    instrument,
    councils: rows.map((row) => ({ councilId: row.council_id, type: row.type, region: comparatorRegion(row), values: measureValues(row) })),
    itemCounts,
    k: REPORT_K,
    allowed: new Set(allowed),
  });
  return { figures, responses: rows.length };
}

/**
 * The worker's code, found from this module's location (so any working directory works): the
 * compiled build/benchmark-figures.worker.js beside the bundle in production (scripts/build-server.ts),
 * the TypeScript source through tsx from the sources; null when neither is there (computed in-thread).
 */
function findFiguresWorker(): { url: URL; typescript: boolean } | null {
  const compiled = new URL("./benchmark-figures.worker.js", import.meta.url);
  if (compiled.protocol === "file:" && fs.existsSync(compiled)) return { url: compiled, typescript: false };
  const source = new URL("../workers/benchmark-figures.worker.ts", import.meta.url);
  if (source.protocol === "file:" && fs.existsSync(source)) return { url: source, typescript: true };
  return null;
}
const FIGURES_WORKER = findFiguresWorker();

export interface FiguresRequest {
  databaseUrl: string;
  wave: { id: number; instrumentVersion: number };
  allowed: string[];
}
export type FiguresReply = { ok: true; figures: ComparatorFigures; responses: number } | { ok: false; error: string };

// On a SQLite file better-sqlite3 is synchronous: reading a large wave would hold the event loop
// (and every save and submission) for seconds, so a worker thread with its own read-only
// connection computes the document and this thread only writes it (as decision 021 does for the
// dashboard). On PostgreSQL the queries are asynchronous but the quartiles and audits are not, so
// the worker computes there too (decision 064). A transaction or an in-memory database must be
// read through the handle given, so those are computed here.
function computeOffThread(
  databaseUrl: string,
  wave: { id: number; instrumentVersion: number },
  allowed: string[],
  found: { url: URL; typescript: boolean },
): Promise<{ figures: ComparatorFigures; responses: number }> {
  const options = { workerData: { databaseUrl, wave, allowed } satisfies FiguresRequest, env: process.env };
  return new Promise((resolve, reject) => {
    const worker = found.typescript
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(found.url.href)}, ${JSON.stringify(found.url.href)}))`, {
          ...options,
          eval: true,
        })
      : new Worker(found.url, options);
    worker.once("message", (reply: FiguresReply) => {
      if (reply.ok) resolve({ figures: reply.figures, responses: reply.responses });
      else reject(new Error(`benchmark figures worker: ${reply.error}`));
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`benchmark figures worker exited with code ${code}`)));
  });
}

/** The app's database URL for the worker, when `db` is the app's own handle (not a transaction, not in memory). */
function offThreadUrl(db: Db): string | null {
  const opened = openedDatabase();
  if (!opened || opened.db !== db || !FIGURES_WORKER) return null;
  if (opened.location.dialect === "postgres") return opened.location.url;
  return opened.location.file === ":memory:" ? null : `file:${opened.location.file}`;
}

/**
 * The comparator groups that a public (k = 10) snapshot of the published wave, cut now, shows with
 * its own figures: the snapshot's auditor decides which groups a council may see (decision 063),
 * with every earlier public snapshot in its history. Cut now, not reused, so its figures are of the
 * same responses as the report's (an import into a closed wave changes them without making a
 * snapshot due). Built in the worker thread when `db` is the app's SQLite file.
 */
async function publicComparators(db: Db, slug: string, now: (() => string) | undefined): Promise<string[]> {
  const opened = openedDatabase();
  const ctx: SnapshotContext = { ...(opened && opened.db === db ? appSnapshotContext() : { db, dialect: dialectOf(db) }), ...(now ? { now } : {}) };
  await cutSnapshots(ctx, slug, "publish", { audiences: ["public"] });
  const audited = await getAuditedSnapshot(ctx, slug, "public");
  const whole = audited?.views.get(WHOLE_WAVE);
  return whole ? [...publicSnapshotComparators(whole.summary)] : [];
}

/** Prepares and stores the comparator figures of a published wave; returns how long it took. */
export async function prepareBenchmarkFigures(
  db: Db,
  wave: { id: number; slug: string; instrumentVersion: number },
  options: { now?: () => string } = {},
): Promise<{ ms: number; responses: number }> {
  const started = performance.now();
  const allowed = await publicComparators(db, wave.slug, options.now);
  const url = offThreadUrl(db);
  const { figures, responses } =
    url && FIGURES_WORKER ? await computeOffThread(url, wave, allowed, FIGURES_WORKER) : await computeBenchmarkFigures(db, wave, allowed);
  const ms = Math.round(performance.now() - started);
  await saveBenchmarkFigures(db, { wave_id: wave.id, k: figures.k, responses, figures: JSON.stringify(figures), prepared_at: nowIso(), prepare_ms: ms });
  return { ms, responses };
}

/** Prepares the figures of every published wave that has none (in the background after start-up, and after seeding). */
export async function prepareMissingBenchmarkFigures(db: Db): Promise<number> {
  const missing = await listPublishedWavesWithoutFigures(db);
  for (const { slug } of missing) {
    const wave = await getWaveBySlug(db, slug);
    if (wave) await prepareBenchmarkFigures(db, { id: wave.id, slug: wave.slug, instrumentVersion: wave.instrument_version });
  }
  return missing.length;
}

/**
 * After start-up: prepareMissingBenchmarkFigures without holding up the server (a report read
 * meanwhile answers "being prepared", 503), logging what it did or why it failed.
 */
export function prepareBenchmarkFiguresInBackground(db: Db, log: Pick<Console, "log" | "error"> = console): Promise<number> {
  const started = Date.now();
  return prepareMissingBenchmarkFigures(db).then(
    (prepared) => {
      if (prepared > 0) log.log(`benchmark reports: prepared the figures of ${prepared} published waves in ${Date.now() - started} ms`);
      return prepared;
    },
    (error: unknown) => {
      log.error(`benchmark figures at start-up: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return 0;
    },
  );
}

function parseFigures(json: string): ComparatorFigures | null {
  const parsed = JSON.parse(json) as Partial<ComparatorFigures>;
  // A document in a shape this code does not know is treated as not prepared, never guessed at.
  return parsed.format === 1 && Array.isArray(parsed.groups) && parsed.items && typeof parsed.k === "number" ? deepFreeze(parsed as ComparatorFigures) : null;
}

/** Frozen all the way down: one parsed document serves every council's report, so none may change it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Parsed comparator figures, kept per process: a wave's document is group-level only (the same for
 * every council) and never changes once prepared, so it is parsed once, not on every report. Keyed
 * by the wave and when the document was prepared, which every report reads afresh from the
 * database: a document prepared again (a new prepared_at) is a new key, one deleted is "being
 * prepared". At most FIGURES_KEPT documents, the least recently used dropped first.
 */
const FIGURES_KEPT = 64;
const parsedFigures = new Map<string, ComparatorFigures | null>();

async function figuresOfWaves(db: Db, stamps: { waveId: number; preparedAt: string | null }[]): Promise<Map<number, ComparatorFigures | null>> {
  const key = (waveId: number, preparedAt: string) => `${waveId}\u0000${preparedAt}`;
  const found = new Map<number, ComparatorFigures | null>();
  const missing: number[] = [];
  for (const { waveId, preparedAt } of stamps) {
    if (preparedAt === null) found.set(waveId, null);
    else if (parsedFigures.has(key(waveId, preparedAt))) {
      const figures = parsedFigures.get(key(waveId, preparedAt))!;
      // Most recently used last, so the first key is the one to drop.
      parsedFigures.delete(key(waveId, preparedAt));
      parsedFigures.set(key(waveId, preparedAt), figures);
      found.set(waveId, figures);
    } else missing.push(waveId);
  }
  for (const row of await listBenchmarkFigureDocuments(db, missing)) {
    const figures = parseFigures(row.figures);
    found.set(row.wave_id, figures);
    parsedFigures.set(key(row.wave_id, row.prepared_at), figures);
    while (parsedFigures.size > FIGURES_KEPT) parsedFigures.delete(parsedFigures.keys().next().value!);
  }
  return found;
}

/** The L5 items of every instrument version: a report reads its own answers before it knows the wave's version. */
const AGREEMENT_ITEM_IDS = [...new Set(listInstrumentVersions().flatMap((version) => agreementItems(getInstrument(version)).map((item) => item.id)))];

export type ReportLookup =
  { status: "ok"; report: BenchmarkReport } | { status: "unavailable" } | { status: "preparing"; wave: { slug: string; title: string } };

/**
 * The council's benchmark report for a published wave it submitted to; "unavailable" when the wave
 * does not exist, is not published or the council did not submit to it; "preparing" while the
 * figures are being prepared. councilId comes from the session (or the admin's preview).
 *
 * Two reads on one connection (the council's published submissions with the council and when each
 * wave's figures were prepared; its own answers), and the figures' documents only when this process
 * has not parsed them yet: a report costs the same round trips whatever the wave's size or history.
 */
export async function loadBenchmarkReport(db: Db, councilId: number, waveSlug: string): Promise<ReportLookup> {
  const read = (conn: Db) =>
    Promise.all([listCouncilPublishedSubmissions(conn, councilId), listOwnPublishedAnswers(conn, councilId, waveSlug, AGREEMENT_ITEM_IDS)]);
  const [submissions, ownAnswers] = db.isTransaction ? await read(db) : await db.connection().execute(read);
  const index = submissions.findIndex((s) => s.slug === waveSlug);
  const current = submissions[index];
  if (!current) return { status: "unavailable" };
  const earlierSubmissions = submissions.slice(0, index);
  const stamps = [current, ...earlierSubmissions].map((s) => ({ waveId: s.waveId, preparedAt: s.figuresPreparedAt }));
  const stored = await figuresOfWaves(db, stamps);
  const figures = stored.get(current.waveId) ?? null;
  if (!figures) return { status: "preparing", wave: { slug: current.slug, title: current.title } };
  const instrument = getInstrument(current.instrumentVersion);
  const wanted = new Set(agreementItems(instrument).map((item) => item.id));
  const answers = Object.fromEntries(ownAnswers.filter((a) => wanted.has(a.item_id)).map((a) => [a.item_id, a.value]));
  const earlier: EarlierWave[] = earlierSubmissions.map((s) => ({
    wave: { slug: s.slug, title: s.title, instrumentVersion: s.instrumentVersion },
    own: measureValues(s),
    figures: stored.get(s.waveId) ?? null,
  }));
  const report = buildBenchmarkReport({
    wave: { slug: current.slug, title: current.title, publishedAt: current.publishedAt, instrumentVersion: current.instrumentVersion },
    council: {
      gssCode: current.councilGssCode,
      name: current.councilName,
      type: current.councilType,
      region: current.councilRegion,
      nation: current.councilNation,
    },
    instrument,
    own: { values: measureValues(current), answers },
    figures,
    earlier,
  });
  return { status: "ok", report };
}

/** Writes a refused report request to the audit log and answers 404, the same for every reason. */
export async function refuseReport(
  db: Db,
  request: Request,
  user: Pick<SignedInUser, "id" | "email" | "role" | "councilId">,
  detail: { wave: string; reason: string; asked?: string | null },
): Promise<never> {
  {
    await recordAudit(db, {
      actor: auditActor(user),
      action: detail.reason === "other-council" ? "access.other-council-refused" : "report.not-available",
      targetType: "benchmark-report",
      targetId: detail.wave,
      detail: { path: new URL(request.url).pathname, reason: detail.reason, asked: detail.asked ?? null },
      clientAddress: clientAddress(request),
    });
  }
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

/** For the admin's preview picker: the councils that submitted to the wave (names and GSS codes). */
export async function listPreviewCouncils(db: Db, waveId: number) {
  return listSubmittedCouncils(db, waveId);
}

/** Records that an admin opened one council's report (they see one council's values). */
async function recordReportPreview(
  db: Db,
  request: Request,
  user: Pick<SignedInUser, "id" | "email" | "role" | "councilId">,
  target: { wave: string; gssCode: string; councilId: number },
) {
  await recordAudit(db, {
    actor: auditActor(user),
    action: "report.previewed",
    targetType: "benchmark-report",
    targetId: `${target.wave}/${target.gssCode}`,
    detail: { councilId: target.councilId },
    clientAddress: clientAddress(request),
  });
}

/** Query parameters someone might try to name another council with; the council always comes from the session. */
const COUNCIL_PARAMETERS = ["council", "councilId", "council_id", "gss", "gssCode", "gss_code", "id"] as const;

/**
 * The signed-in respondent's own report for the wave. A request naming another council, or a wave
 * the council has no report for, is a 404 written to the audit log (refuseReport).
 */
export async function loadOwnReport(
  db: Db,
  request: Request,
  user: Pick<SignedInUser, "id" | "email" | "role"> & { councilId: number },
  waveSlug: string,
): Promise<Exclude<ReportLookup, { status: "unavailable" }>> {
  const url = new URL(request.url);
  const asked = COUNCIL_PARAMETERS.map((name) => url.searchParams.get(name)).find((value) => value !== null) ?? null;
  const result = await loadBenchmarkReport(db, user.councilId, waveSlug);
  if (result.status === "unavailable") {
    const reason = asked !== null && asked !== String(user.councilId) ? "other-council" : "not-available";
    return refuseReport(db, request, user, { wave: waveSlug.slice(0, 100), reason, asked: asked?.slice(0, 40) });
  }
  const own = result.status === "ok" ? [result.report.council.gssCode, String(user.councilId)] : [String(user.councilId)];
  if (asked !== null && !own.includes(asked))
    return refuseReport(db, request, user, { wave: waveSlug.slice(0, 100), reason: "other-council", asked: asked.slice(0, 40) });
  return result;
}

/** An admin's preview of one council's report (by GSS code), audited; null when there is none. */
export async function loadReportPreview(
  db: Db,
  request: Request,
  user: Pick<SignedInUser, "id" | "email" | "role" | "councilId">,
  waveSlug: string,
  gssCode: string,
): Promise<BenchmarkReport | null> {
  const council = /^[A-Z]\d{8}$/.test(gssCode) ? await findCouncilByGssCode(db, gssCode) : undefined;
  if (!council) return null;
  const result = await loadBenchmarkReport(db, council.id, waveSlug);
  if (result.status !== "ok") return null;
  await recordReportPreview(db, request, user, { wave: waveSlug, gssCode, councilId: council.id });
  return result.report;
}
