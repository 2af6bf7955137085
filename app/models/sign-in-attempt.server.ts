import type { Db } from "./db-types";

/** A failed attempt (password or second factor), kept in the database so every process sees it. */
export async function recordFailedAttempt(db: Db, attempt: { accountKey: string | null; clientAddress: string | null; at: Date }) {
  await db.insertInto("sign_in_attempts").values({ at: attempt.at.toISOString(), account_key: attempt.accountKey, client_address: attempt.clientAddress }).execute();
  // Rows older than a day can never count again.
  await db.deleteFrom("sign_in_attempts").where("at", "<", new Date(attempt.at.getTime() - 86_400_000).toISOString()).execute();
}

export async function countFailuresForAccount(db: Db, accountKey: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("account_key", "=", accountKey)
    .where("at", ">=", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countFailuresFromAddress(db: Db, clientAddress: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_address", "=", clientAddress)
    .where("at", ">=", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearFailuresForAccount(db: Db, accountKey: string) {
  await db.deleteFrom("sign_in_attempts").where("account_key", "=", accountKey).execute();
}
