import type { Role } from "../../db/schema";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function createUser(db: Db, user: { email: string; name: string; passwordHash: string | null; role: Role; councilId: number | null }) {
  if (user.role === "respondent" && user.councilId === null) throw new Error("A respondent must belong to a council");
  if (user.role !== "respondent" && user.councilId !== null) throw new Error("Only respondents belong to a council");
  const now = nowIso();
  const row = await db
    .insertInto("users")
    .values({
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      council_id: user.councilId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The signed-in user as the app sees them: with their council's name for the header. */
/** A user as the app holds a signed-in one: users left-joined to councils (also read with the session). */
export const USER_WITH_COUNCIL_COLUMNS = [
  "users.id",
  "users.email",
  "users.name",
  "users.role",
  "users.council_id as councilId",
  "users.disabled_at as disabledAt",
  "users.mfa_enabled_at as mfaEnabledAt",
  "councils.name as councilName",
] as const;

export async function getUserWithCouncil(db: Db, userId: number) {
  return db
    .selectFrom("users")
    .leftJoin("councils", "councils.id", "users.council_id")
    .select(USER_WITH_COUNCIL_COLUMNS)
    .where("users.id", "=", userId)
    .executeTakeFirst();
}

export async function findUserById(db: Db, userId: number) {
  return db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
}

export interface UserFilter {
  /** Part of the name or the email address, any case. */
  search?: string;
  role?: Role;
  councilId?: number;
  /** active: can sign in; disabled; no-password: invited or seeded without a password yet. */
  status?: "active" | "disabled" | "no-password";
}

function filteredUsers(db: Db, filter: UserFilter) {
  let query = db.selectFrom("users").leftJoin("councils", "councils.id", "users.council_id");
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, "")}%`;
    query = query.where((eb) => eb.or([eb("users.email", "like", pattern), eb(eb.fn("lower", ["users.name"]), "like", pattern)]));
  }
  if (filter.role) query = query.where("users.role", "=", filter.role);
  if (filter.councilId !== undefined) query = query.where("users.council_id", "=", filter.councilId);
  if (filter.status === "disabled") query = query.where("users.disabled_at", "is not", null);
  if (filter.status === "active") query = query.where("users.disabled_at", "is", null).where("users.password_hash", "is not", null);
  if (filter.status === "no-password") query = query.where("users.disabled_at", "is", null).where("users.password_hash", "is", null);
  return query;
}

/**
 * One page of the accounts a filter matches, for the admin's users page, ordered by role then
 * email, with the total for the pager (no secrets leave this function).
 */
export async function listUsers(db: Db, filter: UserFilter = {}, page: { offset: number; limit: number } = { offset: 0, limit: 10_000 }) {
  const total = await filteredUsers(db, filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await filteredUsers(db, filter)
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.disabled_at as disabledAt",
      "users.mfa_enabled_at as mfaEnabledAt",
      "councils.name as councilName",
      "users.password_hash",
    ])
    .orderBy("users.role")
    .orderBy("users.email")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total.n), rows: rows.map(({ password_hash, ...row }) => ({ ...row, hasPassword: password_hash !== null })) };
}

export async function setUserRole(db: Db, userId: number, role: "staff" | "admin") {
  await db.updateTable("users").set({ role, updated_at: nowIso() }).where("id", "=", userId).where("role", "in", ["staff", "admin"]).execute();
}

export async function setUserDisabled(db: Db, userId: number, disabled: boolean) {
  const now = nowIso();
  await db
    .updateTable("users")
    .set({ disabled_at: disabled ? now : null, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

export async function setUserPassword(db: Db, userId: number, passwordHash: string, name?: string) {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, updated_at: nowIso(), ...(name ? { name } : {}) })
    .where("id", "=", userId)
    .execute();
}

export async function setUserMfa(
  db: Db,
  userId: number,
  mfa: { secret: string | null; enabledAt: string | null; recoveryCodes: string | null; lastStep: number | null },
) {
  await db
    .updateTable("users")
    .set({ mfa_secret: mfa.secret, mfa_enabled_at: mfa.enabledAt, mfa_recovery_codes: mfa.recoveryCodes, mfa_last_step: mfa.lastStep, updated_at: nowIso() })
    .where("id", "=", userId)
    .execute();
}

/** Records the TOTP step just used, only if it is later than the last one: a code works once. */
export async function claimMfaStep(db: Db, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ mfa_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("mfa_last_step", "is", null), eb("mfa_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the list of unused recovery codes only if it is still what was read: a code works once. */
export async function replaceRecoveryCodes(db: Db, userId: number, previous: string, next: string): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ mfa_recovery_codes: next })
    .where("id", "=", userId)
    .where("mfa_recovery_codes", "=", previous)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The user's name, or null when there is no such user. */
export async function findUserName(db: Db, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirst();
  return row?.name ?? null;
}

/** Some user of the council (the first found), or undefined. */
export async function findAnyUserOfCouncil(db: Db, councilId: number) {
  return db.selectFrom("users").select("id").where("council_id", "=", councilId).executeTakeFirst();
}
