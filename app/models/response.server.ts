import crypto from "node:crypto";
import type { Db } from "./db-types";

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A reference a person can read out on the phone: LT-XXXX-XXXX, no 0/O or 1/I. */
export function newResponseReference(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]);
  return `LT-${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

export async function startResponse(
  db: Db,
  input: { waveId: number; councilId: number; instrumentVersion: number; userId: number | null; now: string; prefilledFrom?: number | null },
): Promise<number> {
  const row = await db
    .insertInto("responses")
    .values({
      wave_id: input.waveId,
      council_id: input.councilId,
      instrument_version: input.instrumentVersion,
      status: "in_progress",
      version: 1,
      reference: newResponseReference(),
      prefilled_from: input.prefilledFrom ?? null,
      started_at: input.now,
      updated_at: input.now,
      updated_by: input.userId,
      submission_count: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Stored answers of a response as item id → stored text. */
export async function loadStoredAnswers(db: Db, responseId: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom("answers").select(["item_id", "value"]).where("response_id", "=", responseId).execute();
  return new Map(rows.map((r) => [r.item_id, r.value]));
}
