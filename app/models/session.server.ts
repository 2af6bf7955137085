import crypto from "node:crypto";
import type { Db } from "./db-types";
import { firstRow, preparedQuery } from "./prepared-query.server";
import { USER_WITH_COUNCIL_COLUMNS } from "./user.server";

export function hashSessionId(id: string): string {
  return crypto.createHash("sha256").update(id).digest("hex");
}

/** Creates a session row and returns the random id for the cookie (only its hash is stored). */
export async function createSession(
  db: Db,
  input: { userId: number; now: Date; absoluteMinutes: number; clientAddress: string | null; userAgent: string | null },
): Promise<string> {
  const id = crypto.randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id_hash: hashSessionId(id),
      user_id: input.userId,
      created_at: input.now.toISOString(),
      last_seen_at: input.now.toISOString(),
      expires_at: new Date(input.now.getTime() + input.absoluteMinutes * 60_000).toISOString(),
      client_address: input.clientAddress,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return id;
}

export async function findSession(db: Db, id: string) {
  return db.selectFrom("sessions").selectAll().where("id_hash", "=", hashSessionId(id)).executeTakeFirst();
}

const sessionWithUser = preparedQuery((db, v: { idHash: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("councils", "councils.id", "users.council_id")
    .select([
      "sessions.expires_at as sessionExpiresAt",
      "sessions.last_seen_at as sessionLastSeenAt",
      "sessions.mfa_verified as sessionMfaVerified",
      ...USER_WITH_COUNCIL_COLUMNS,
    ])
    .where("sessions.id_hash", "=", v.idHash),
);

/** A session with its user and the user's council, in one query (every signed-in request runs it). */
export async function findSessionWithUser(db: Db, id: string) {
  return firstRow(sessionWithUser(db, { idHash: hashSessionId(id) }));
}

export async function touchSession(db: Db, id: string, now: Date) {
  await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id_hash", "=", hashSessionId(id)).execute();
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom("sessions").where("id_hash", "=", hashSessionId(id)).execute();
}

export async function markSessionMfaVerified(db: Db, id: string) {
  await db.updateTable("sessions").set({ mfa_verified: 1 }).where("id_hash", "=", hashSessionId(id)).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number) {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
