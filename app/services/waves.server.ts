// Staff and admin views of waves: the list, one wave, its response tracker and chase list. A wave
// that does not exist is one 404, "There is no such wave", wherever it is looked up.
import { recordAudit } from "../models/audit.server";
import type { Db } from "../models/db-types";
import { listTracker } from "../models/tracker.server";
import { countWaveResponses, getWaveBySlug, listWavesWithProgress } from "../models/wave.server";
import { auditActor, type SignedInUser } from "./auth.server";

/** The 404 every wave page throws for a slug that names no wave. */
export function noSuchWave(): Response {
  return new Response("There is no such wave", { status: 404 });
}

/** The wave with this slug; throws the 404 when there is none. */
export async function requireWave(db: Db, slug: string | undefined) {
  const wave = await getWaveBySlug(db, slug ?? "");
  if (!wave) throw noSuchWave();
  return wave;
}

/** The wave with this slug, or undefined. */
export async function findWave(db: Db, slug: string) {
  return getWaveBySlug(db, slug);
}

/** Every wave, newest first, with how many active councils have submitted or started. */
export async function listWaves(db: Db) {
  return listWavesWithProgress(db);
}

/** An admin's view of one wave: the wave and how many responses are submitted and in progress. */
export async function loadWaveForAdmin(db: Db, slug: string | undefined) {
  const wave = await requireWave(db, slug);
  return { wave, responses: await countWaveResponses(db, wave.id) };
}

/** The response tracker: every active council's status in the wave. */
export async function loadTracker(db: Db, slug: string | undefined, now: Date = new Date()) {
  const wave = await requireWave(db, slug);
  return { wave, rows: await listTracker(db, wave.id, now.toISOString()) };
}

/** The chase list (every council that has not submitted), audited as an export. */
export async function loadChaseList(db: Db, user: SignedInUser, slug: string | undefined, clientAddress: string | null) {
  const { wave, rows } = await loadTracker(db, slug);
  const unsubmitted = rows.filter((r) => r.status !== "submitted");
  await recordAudit(db, { actor: auditActor(user), action: "export.chase-list", targetType: "wave", targetId: wave.slug, detail: { rows: unsubmitted.length }, clientAddress });
  return { wave, rows: unsubmitted };
}
