// Staff and admin views of waves: the list, one wave, (its response tracker and chase list are in reminders.server.ts). A wave
// that does not exist is one 404, "There is no such wave", wherever it is looked up.
import type { Db } from "../models/db-types";
import { countWaveResponses, getWaveBySlug, listWavesWithProgress } from "../models/wave.server";

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
