import type { Db } from "../models/db-types";
import { clearFailuresForAccount, countFailuresForAccount, countFailuresFromAddress, recordFailedAttempt } from "../models/sign-in-attempt.server";
import { normaliseEmail } from "../models/user.server";

// Limits (see docs/security.md). Kept in the database, so they hold across processes on PostgreSQL.
export const WINDOW_MINUTES = 15;
export const ACCOUNT_FAILURE_LIMIT = 10;
export const ADDRESS_FAILURE_LIMIT = 50;
export const SECOND_FACTOR_FAILURE_LIMIT = 5;

export type Throttle = "account" | "address" | null;

// Keyed on the email as typed, whether or not an account has it: a throttled unknown email looks
// exactly like a throttled real one.
export const accountKey = (email: string) => `account:${normaliseEmail(email).slice(0, 254)}`;
export const secondFactorKey = (userId: number) => `mfa:${userId}`;

export async function signInThrottle(db: Db, key: string, clientAddress: string | null, now: Date, limit = ACCOUNT_FAILURE_LIMIT): Promise<Throttle> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  if (clientAddress && (await countFailuresFromAddress(db, clientAddress, since)) >= ADDRESS_FAILURE_LIMIT) return "address";
  if ((await countFailuresForAccount(db, key, since)) >= limit) return "account";
  return null;
}

export async function recordFailure(db: Db, key: string, clientAddress: string | null, now: Date) {
  await recordFailedAttempt(db, { accountKey: key, clientAddress, at: now });
}

export async function recordSuccess(db: Db, key: string) {
  await clearFailuresForAccount(db, key);
}

export const throttleMessage = `Too many failed attempts. Wait ${WINDOW_MINUTES} minutes and try again.`;
