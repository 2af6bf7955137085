import type { Role } from "../../db/schema";
import type { Db } from "./db-types";
import { nowIso } from "./db-types";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function createUser(
  db: Db,
  user: { email: string; name: string; passwordHash: string | null; role: Role; councilId: number | null },
) {
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
export async function getUserWithCouncil(db: Db, userId: number) {
  return db
    .selectFrom("users")
    .leftJoin("councils", "councils.id", "users.council_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.council_id as councilId",
      "users.disabled_at as disabledAt",
      "councils.name as councilName",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
}
