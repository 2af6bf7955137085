import type { Db } from "./db-types";
import { nowIso } from "./db-types";

// The council team (decision 026). A member is a respondent of the council who has joined (set a
// password) and is not disabled; the lead is councils.lead_user_id, one of the members, or null
// when the council has none.

export async function listTeamMembers(db: Db, councilId: number) {
  const rows = await db
    .selectFrom("users")
    .innerJoin("councils", "councils.id", "users.council_id")
    .select(["users.id", "users.name", "users.email", "users.created_at as joinedAt", "councils.lead_user_id as leadUserId"])
    .where("users.council_id", "=", councilId)
    .where("users.role", "=", "respondent")
    .where("users.disabled_at", "is", null)
    .where("users.password_hash", "is not", null)
    .orderBy("users.created_at")
    .orderBy("users.id")
    .execute();
  return rows.map(({ leadUserId, ...member }) => ({ ...member, isLead: member.id === leadUserId }));
}

export async function findCouncilMember(db: Db, councilId: number, userId: number) {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "created_at as joinedAt"])
    .where("id", "=", userId)
    .where("council_id", "=", councilId)
    .where("role", "=", "respondent")
    .where("disabled_at", "is", null)
    .where("password_hash", "is not", null)
    .executeTakeFirst();
}

/** The council's lead (id, name, email), or undefined when it has none. */
export async function findCouncilLead(db: Db, councilId: number) {
  return db
    .selectFrom("councils")
    .innerJoin("users", "users.id", "councils.lead_user_id")
    .select(["users.id", "users.name", "users.email", "councils.name as councilName"])
    .where("councils.id", "=", councilId)
    .executeTakeFirst();
}

/** Makes this user the lead only if the council has none: of two simultaneous first respondents one wins. */
export async function claimCouncilLead(db: Db, councilId: number, userId: number): Promise<boolean> {
  const result = await db
    .updateTable("councils")
    .set({ lead_user_id: userId })
    .where("id", "=", councilId)
    .where("lead_user_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves the lead from one user to another (or to nobody) only if `from` still leads. */
export async function replaceCouncilLead(db: Db, councilId: number, from: number, to: number | null): Promise<boolean> {
  const result = await db.updateTable("councils").set({ lead_user_id: to }).where("id", "=", councilId).where("lead_user_id", "=", from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the lead outright (the demo seed). */
export async function setCouncilLead(db: Db, councilId: number, userId: number | null) {
  await db.updateTable("councils").set({ lead_user_id: userId }).where("id", "=", councilId).execute();
}

/** Disables a member of this council (only if they are one), in the caller's transaction. */
export async function disableCouncilMember(db: Db, councilId: number, userId: number): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("users")
    .set({ disabled_at: now, updated_at: now })
    .where("id", "=", userId)
    .where("council_id", "=", councilId)
    .where("role", "=", "respondent")
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Open association invitations to this council that need no approval (a first respondent on the way). */
export async function countOpenAssociationInvitations(db: Db, councilId: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("users as creator", "creator.id", "invitations.created_by")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("invitations.council_id", "=", councilId)
    .where("invitations.purpose", "=", "invite")
    .where("invitations.approval", "=", "none")
    .where("creator.role", "in", ["staff", "admin"])
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.expires_at", ">", now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The council's invitations still open (not accepted, revoked, refused or expired), oldest first. */
export async function listOpenCouncilInvitations(db: Db, councilId: number, now: Date) {
  return db
    .selectFrom("invitations")
    .leftJoin("users as creator", "creator.id", "invitations.created_by")
    .select([
      "invitations.id",
      "invitations.email",
      "invitations.approval",
      "invitations.created_at as createdAt",
      "invitations.expires_at as expiresAt",
      "creator.name as createdByName",
      "creator.role as createdByRole",
    ])
    .where("invitations.council_id", "=", councilId)
    .where("invitations.purpose", "=", "invite")
    .where("invitations.role", "=", "respondent")
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.approval", "in", ["none", "waiting", "approved"])
    .where("invitations.expires_at", ">", now.toISOString())
    .orderBy("invitations.id")
    .execute();
}

export async function countWaitingInvitations(db: Db, councilId: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom("invitations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("council_id", "=", councilId)
    .where("approval", "=", "waiting")
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCouncilInvitation(db: Db, councilId: number, id: number) {
  return db
    .selectFrom("invitations")
    .selectAll()
    .where("id", "=", id)
    .where("council_id", "=", councilId)
    .where("purpose", "=", "invite")
    .where("role", "=", "respondent")
    .executeTakeFirst();
}

/**
 * Approves a waiting invitation: a fresh token (the only one that ever works for it) and a fresh 14
 * days from now. Refuses anything not waiting, so a decision is made once.
 */
export async function approveWaitingInvitation(db: Db, id: number, input: { by: number; tokenHash: string; now: Date; expiresAt: string }): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({
      approval: "approved",
      decided_by: input.by,
      decided_at: input.now.toISOString(),
      token_hash: input.tokenHash,
      created_at: input.now.toISOString(),
      expires_at: input.expiresAt,
    })
    .where("id", "=", id)
    .where("approval", "=", "waiting")
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function refuseWaitingInvitation(db: Db, id: number, input: { by: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ approval: "refused", decided_by: input.by, decided_at: input.now.toISOString() })
    .where("id", "=", id)
    .where("approval", "=", "waiting")
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts an unused invitation back to waiting, with a token nobody holds (its link stops working). */
export async function makeInvitationWait(db: Db, id: number, unusableTokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ approval: "waiting", token_hash: unusableTokenHash })
    .where("id", "=", id)
    .where("approval", "=", "none")
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes the open invitations this user made (they left the team: their invitations go with them). */
export async function revokeOpenInvitationsMadeBy(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .updateTable("invitations")
    .set({ revoked_at: nowIso() })
    .where("created_by", "=", userId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** The team history: the audit rows about this council, newest first, with the actor's name. */
export async function listTeamHistory(db: Db, councilId: number, limit = 100) {
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.at", "audit_log.action", "audit_log.actor_role as actorRole", "users.name as actorName", "audit_log.detail"])
    .where("audit_log.target_type", "=", "council")
    .where("audit_log.target_id", "=", String(councilId))
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .execute();
}
