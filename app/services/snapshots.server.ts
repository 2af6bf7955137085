import { compareWavesByFieldwork, wavesBefore, type WaveFieldwork } from "../domain/wave-order";
import { inTransaction, type Db } from "../models/db-types";
import {
  findLatestSnapshot,
  insertSnapshot,
  listSnapshotViews,
  tryLockSnapshotBuild,
  type Audience,
  type NewSnapshot,
  type SnapshotRow,
} from "../models/snapshot.server";
import { listWavesInOrder, type GroupFilters } from "../models/summary-data.server";
import { getWaveBySlug } from "../models/wave.server";
import {
  AUDIENCES,
  buildNextSnapshots,
  readLatestSnapshotView,
  snapshotDue,
  viewKeyFor,
  type CutReason,
  type SnapshotView,
  type SnapshotViewDocument,
} from "./wave-snapshot.server";

// Cutting and reading the stored snapshots (FIGURES.md). Routes, exports and the CLI go through
// these functions only; nothing computes figures per view.
//
// - cutSnapshots: builds the next snapshot of a wave for each audience and stores it. On SQLite the
//   building (reads only) runs in the worker thread and this thread stores; on PostgreSQL the cut
//   holds an advisory lock in one transaction (the building also in the worker thread when there
//   is one, decision 064), so one process at a time builds a wave's snapshots and every process
//   then reads the same stored documents.
// - getSnapshotView: the stored document of one view of the latest snapshot; the first read of a
//   wave without a snapshot cuts one (or shares the cut started at start-up; past
//   ctx.preparingWaitMs it answers "being prepared"), and a read that finds a snapshot due (≥ k changes since the
//   last, or the wave closed since) starts a cut in the background and serves the stored one.
// - getAuditedSnapshot: every view of the latest snapshot of a wave for an audience — the entry
//   point for council benchmark reports and open data (k = 10: audience "public").

export interface SnapshotContext {
  db: Db;
  dialect: "sqlite" | "postgres";
  /** Builds without storing; defaults to building in this thread. */
  build?: (slug: string, audiences: Audience[], reason: string, now: string) => Promise<NewSnapshot[] | null>;
  now?: () => string;
  /**
   * How long a reader that finds no snapshot yet waits for the first one before it is told the
   * figures are being prepared (the build goes on in the background); unlimited when not given.
   */
  preparingWaitMs?: number;
  /** The least time between an open wave's snapshots cut for changes (decision 071); none when not given. */
  changeCutIntervalMs?: number;
}

// Shared through globalThis: server.ts and the Remix build each load this module.
declare global {
  var __localtrustSnapshotCuts: WeakMap<Db, Map<string, Promise<number>>> | undefined;
}
const inFlight = (globalThis.__localtrustSnapshotCuts ??= new WeakMap<Db, Map<string, Promise<number>>>());

/**
 * Cuts the next snapshot of the wave for each audience given (every audience by default) and
 * returns how many were stored: 0 when another process was building them or, with `onlyIfDue`,
 * when none was due. Throws when there is no such wave.
 */
export function cutSnapshots(
  ctx: SnapshotContext,
  slug: string,
  reason: CutReason,
  options: { audiences?: readonly Audience[]; onlyIfDue?: boolean } = {},
): Promise<number> {
  let running = inFlight.get(ctx.db);
  if (!running) {
    running = new Map();
    inFlight.set(ctx.db, running);
  }
  const key = `${slug}\u0000${reason}\u0000${options.onlyIfDue === true}`;
  const existing = running.get(key);
  if (existing) return existing;
  const work = cutNow(ctx, slug, reason, options).finally(() => running.delete(key));
  running.set(key, work);
  return work;
}

const pacingOf = (ctx: SnapshotContext) =>
  ctx.changeCutIntervalMs ? { minIntervalMs: ctx.changeCutIntervalMs, now: ctx.now ? Date.parse(ctx.now()) : undefined } : undefined;

async function cutNow(
  ctx: SnapshotContext,
  slug: string,
  reason: CutReason,
  options: { audiences?: readonly Audience[]; onlyIfDue?: boolean },
): Promise<number> {
  const now = (ctx.now ?? (() => new Date().toISOString()))();
  const due = async (db: Db): Promise<Audience[]> => {
    const wave = await getWaveBySlug(db, slug);
    if (!wave) throw new Response("There is no such wave", { status: 404 });
    const wanted = options.audiences ?? AUDIENCES;
    if (!options.onlyIfDue) return [...wanted];
    const list: Audience[] = [];
    for (const audience of wanted) if (await snapshotDue(db, wave, audience, undefined, pacingOf(ctx))) list.push(audience);
    return list;
  };
  if (ctx.dialect === "postgres") {
    return inTransaction(ctx.db, async (trx) => {
      const wave = await getWaveBySlug(trx, slug);
      if (!wave) throw new Response("There is no such wave", { status: 404 });
      if (!(await tryLockSnapshotBuild(trx, "postgres", wave.id))) return 0;
      const audiences = await due(trx);
      if (audiences.length === 0) return 0;
      // Built in the worker thread when there is one (its own connection reads what is committed;
      // this transaction holds the lock, so no other process builds or stores meanwhile).
      const built = (await (ctx.build ? ctx.build(slug, audiences, reason, now) : buildNextSnapshots(trx, slug, audiences, reason, now))) ?? [];
      let stored = 0;
      for (const snapshot of built) if (await insertSnapshot(trx, snapshot)) stored++;
      return stored;
    });
  }
  const audiences = await due(ctx.db);
  if (audiences.length === 0) return 0;
  const built = (await (ctx.build ?? ((s, a, r, n) => buildNextSnapshots(ctx.db, s, a, r, n)))(slug, audiences, reason, now)) ?? [];
  let stored = 0;
  for (const snapshot of built) {
    if (await inTransaction(ctx.db, (trx) => insertSnapshot(trx, snapshot))) stored++;
  }
  return stored;
}

/** Cuts in the background when a snapshot is due (the app's read path and the submit path). */
export function refreshSnapshotsInBackground(ctx: SnapshotContext, slug: string): void {
  void cutSnapshots(ctx, slug, "changes", { onlyIfDue: true }).catch((error: unknown) => {
    console.error(`snapshot of wave ${slug}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
}

export type SnapshotViewResult =
  { kind: "view"; view: SnapshotView } | { kind: "no-wave" } | { kind: "not-offered"; message: string } | { kind: "preparing"; message: string };

const PREPARING = "The figures of this wave are being prepared: try again in a minute";

/**
 * Cuts the first snapshots a reader of a wave without one needs (earlier waves first: their
 * snapshots are this one's trend), sharing any cut already running (the one started at start-up).
 * Resolves true once they are stored, or false when `ctx.preparingWaitMs` passed first; the cut
 * then goes on in the background.
 */
async function firstSnapshotsReady(ctx: SnapshotContext, slug: string, fieldwork: WaveFieldwork, audience: Audience): Promise<boolean> {
  const work = (async () => {
    await cutEarlierWaves(ctx, fieldwork, audience);
    await cutSnapshots(ctx, slug, "first", { onlyIfDue: true });
    return true;
  })();
  if (ctx.preparingWaitMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ctx.preparingWaitMs);
  });
  const ready = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  if (!ready) {
    work.catch((error: unknown) => {
      console.error(`first snapshot of wave ${slug}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }
  return ready;
}

/** The stored view a reader asked for (see the file comment). */
export async function getSnapshotView(ctx: SnapshotContext, slug: string, audience: Audience, filters: GroupFilters = {}): Promise<SnapshotViewResult> {
  const wanted = viewKeyFor(filters);
  if ("error" in wanted) return { kind: "not-offered", message: wanted.error };
  const wave = await getWaveBySlug(ctx.db, slug);
  if (!wave) return { kind: "no-wave" };
  // One indexed read of the latest snapshot and the stored view (decision 061).
  let found = await readLatestSnapshotView(ctx.db, wave.id, audience, wanted.key);
  if (!found) {
    if (!(await firstSnapshotsReady(ctx, slug, wave, audience))) return { kind: "preparing", message: PREPARING };
    found = await readLatestSnapshotView(ctx.db, wave.id, audience, wanted.key);
    if (!found) return { kind: "preparing", message: PREPARING };
  } else if (await snapshotDue(ctx.db, wave, audience, found.snapshot, pacingOf(ctx))) refreshSnapshotsInBackground(ctx, slug);
  if (!found.view) return { kind: "not-offered", message: "There is no such group in this wave" };
  return { kind: "view", view: found.view };
}

async function cutEarlierWaves(ctx: SnapshotContext, fieldwork: WaveFieldwork, audience: Audience): Promise<void> {
  const waves = wavesBefore(await listWavesInOrder(ctx.db), fieldwork);
  for (const w of waves)
    if (!(await findLatestSnapshot(ctx.db, w.id, audience))) await cutSnapshots(ctx, w.slug, "first", { audiences: [audience], onlyIfDue: true });
}

/**
 * After an earlier wave was imported: cuts that wave's first snapshots, then a new staff snapshot of
 * every later wave that has one, so their trends (dashboard, summary JSON, XLSX trend sheet) include
 * it in its place. Figures of the later waves do not change (their responses did not), so the
 * over-time audit sees no difference. Returns how many snapshots were stored.
 */
export async function refreshTrendsAfterImport(ctx: SnapshotContext, slug: string): Promise<number> {
  const waves = await listWavesInOrder(ctx.db);
  const imported = waves.find((w) => w.slug === slug);
  if (!imported) return 0;
  let stored = await cutSnapshots(ctx, slug, "first", { onlyIfDue: true });
  for (const later of waves.filter((w) => compareWavesByFieldwork(w, imported) > 0)) {
    if (await findLatestSnapshot(ctx.db, later.id, "staff")) stored += await cutSnapshots(ctx, later.slug, "trend", { audiences: ["staff"] });
  }
  return stored;
}

export interface AuditedSnapshot {
  snapshot: SnapshotRow;
  /** Every view, by key: "all", "type:CODE", "region:NAME", "nation:NAME". */
  views: Map<string, SnapshotViewDocument>;
}

/**
 * The latest audited snapshot of a wave for an audience, every view of it ("public" is k = 10:
 * council benchmark reports and open data read this). Cuts the first one when the wave has none;
 * null when there is no such wave. Documents are exactly what the pages, JSON and exports serve.
 */
export async function getAuditedSnapshot(ctx: SnapshotContext, slug: string, audience: Audience): Promise<AuditedSnapshot | null> {
  const wave = await getWaveBySlug(ctx.db, slug);
  if (!wave) return null;
  let latest = await findLatestSnapshot(ctx.db, wave.id, audience);
  if (!latest) {
    await cutEarlierWaves(ctx, wave, audience);
    await cutSnapshots(ctx, slug, "first", { onlyIfDue: true });
    latest = await findLatestSnapshot(ctx.db, wave.id, audience);
    if (!latest) return null;
  }
  const views = new Map((await listSnapshotViews(ctx.db, latest.id)).map((v) => [v.view_key, JSON.parse(v.document) as SnapshotViewDocument]));
  return { snapshot: latest, views };
}

/** The latest snapshot of each audience of a wave (the admin wave page), or null per audience. */
export async function latestSnapshots(
  db: Db,
  waveId: number,
): Promise<Record<Audience, { cutAt: string; responses: number; reason: string; seq: number } | null>> {
  const out = {} as Record<Audience, { cutAt: string; responses: number; reason: string; seq: number } | null>;
  for (const audience of AUDIENCES) {
    const row = await findLatestSnapshot(db, waveId, audience);
    out[audience] = row ? { cutAt: row.cut_at, responses: row.responses, reason: row.reason, seq: row.seq } : null;
  }
  return out;
}
