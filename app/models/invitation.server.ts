import crypto from "node:crypto";
import type { InvitationApproval, Role } from "../../db/schema";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";

export const INVITATION_DAYS = 14;
/** A password-reset link lasts an hour. */
export const RESET_MINUTES = 60;
export type InvitationPurpose = "invite" | "reset";

/** A new 256-bit token for the link; only its SHA-256 hash is ever stored. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function expiry(now: Date, purpose: InvitationPurpose = "invite"): string {
  return new Date(now.getTime() + (purpose === "reset" ? RESET_MINUTES * 60_000 : INVITATION_DAYS * 86_400_000)).toISOString();
}

export async function insertInvitation(
  db: Db,
  input: {
    tokenHash: string;
    purpose: InvitationPurpose;
    email: string;
    role: Role;
    councilId: number | null;
    userId: number | null;
    createdBy: number | null;
    now: Date;
    approval?: InvitationApproval;
  },
) {
  const row = await db
    .insertInto("invitations")
    .values({
      token_hash: input.tokenHash,
      purpose: input.purpose,
      email: input.email,
      role: input.role,
      council_id: input.councilId,
      user_id: input.userId,
      created_by: input.createdBy,
      created_at: input.now.toISOString(),
      expires_at: expiry(input.now, input.purpose),
      accepted_at: null,
      revoked_at: null,
      approval: input.approval ?? "none",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Revokes every open link of this purpose for this email (a new one replaces them). With
 * `madeByAssociation`, only the association's own: a council team's invitation is the team's to revoke.
 */
export async function revokeOpenInvitationsFor(db: Db, email: string, purpose: InvitationPurpose, options: { madeByAssociation?: boolean } = {}) {
  let query = db
    .updateTable("invitations")
    .set({ revoked_at: nowIso() })
    .where("email", "=", email)
    .where("purpose", "=", purpose)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null);
  if (options.madeByAssociation) {
    query = query.where((eb) =>
      eb.or([eb("created_by", "is", null), eb("created_by", "in", eb.selectFrom("users").select("users.id").where("users.role", "in", ["staff", "admin"]))]),
    );
  }
  await query.execute();
}

export async function findInvitationById(db: Db, id: number) {
  return db.selectFrom("invitations").selectAll().where("id", "=", id).executeTakeFirst();
}

// An invitation waiting for (or refused by) the council's lead has no working link (decision 026).
const USABLE: InvitationApproval[] = ["none", "approved"];

/** A usable invitation for this token: not accepted, not revoked, not expired, not waiting for approval. */
export async function findUsableInvitation(db: Db, token: string, now: Date) {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return undefined;
  return db
    .selectFrom("invitations")
    .leftJoin("councils", "councils.id", "invitations.council_id")
    .selectAll("invitations")
    .select("councils.name as councilName")
    .where("token_hash", "=", hashInvitationToken(token))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("approval", "in", USABLE)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
}

/** Replaces the token (the old link stops working) and restarts the 14 days (the hour); never for one that needs approval. */
export async function replaceInvitationToken(db: Db, id: number, tokenHash: string, now: Date, purpose: InvitationPurpose = "invite"): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ token_hash: tokenHash, expires_at: expiry(now, purpose), created_at: now.toISOString() })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("approval", "=", "none")
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvitation(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ revoked_at: nowIso() })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the invitation used, only if it still is usable: of two simultaneous accepts one wins. */
export async function claimInvitation(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ accepted_at: now.toISOString() })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("approval", "in", USABLE)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The association's invitations page: the invitations and resets the association made (a council's
 * own team manages the colleagues it invites on its team page).
 */
export async function listInvitations(db: Db, options: { roles: readonly Role[] }) {
  return db
    .selectFrom("invitations")
    .leftJoin("councils", "councils.id", "invitations.council_id")
    .leftJoin("users as creator", "creator.id", "invitations.created_by")
    .select([
      "invitations.approval",
      "invitations.id",
      "invitations.purpose",
      "invitations.email",
      "invitations.role",
      "invitations.created_at as createdAt",
      "invitations.expires_at as expiresAt",
      "invitations.accepted_at as acceptedAt",
      "invitations.revoked_at as revokedAt",
      "councils.name as councilName",
    ])
    .where("invitations.role", "in", [...options.roles])
    .where((eb) => eb.or([eb("creator.role", "is", null), eb("creator.role", "!=", "respondent")]))
    .orderBy("invitations.id", "desc")
    .limit(500)
    .execute();
}

/**
 * A password reset link for this account in place of any open one: the earlier links are revoked
 * and the new one's row is inserted (run it in the caller's transaction). Returns the new link's id.
 */
export async function replaceResetLink(
  db: Db,
  user: { id: number; email: string; role: Role; council_id: number | null },
  input: { tokenHash: string; createdBy: number | null; now: Date },
) {
  await revokeOpenInvitationsFor(db, user.email, "reset");
  return insertInvitation(db, {
    tokenHash: input.tokenHash,
    purpose: "reset",
    email: user.email,
    role: user.role,
    councilId: user.council_id,
    userId: user.id,
    createdBy: input.createdBy,
    now: input.now,
  });
}
