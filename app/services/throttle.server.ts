import type { Db } from "../models/db-types";
import {
  clearThrottledAttempts,
  countThrottledAttempts,
  pruneThrottleCounters,
  releaseThrottledAttempt,
  reserveThrottledAttempt,
} from "../models/throttle-counter.server";
import { normaliseEmail } from "../models/user.server";

// Limits (see docs/security.md and decision 028). Kept in the database, so they hold across
// processes on PostgreSQL.
export const WINDOW_MINUTES = 15;
export const ACCOUNT_FAILURE_LIMIT = 10;
export const ADDRESS_FAILURE_LIMIT = 50;
export const SECOND_FACTOR_FAILURE_LIMIT = 5;

export type Throttle = "account" | "address" | null;

// Keyed on the email as typed, whether or not an account has it: a throttled unknown email looks
// exactly like a throttled real one.
export const accountKey = (email: string) => `account:${normaliseEmail(email).slice(0, 254)}`;
export const secondFactorKey = (userId: number) => `mfa:${userId}`;
export const addressKey = (clientAddress: string) => `address:${clientAddress.slice(0, 100)}`;

const windowStart = (now: Date) => new Date(now.getTime() - WINDOW_MINUTES * 60_000);

/**
 * Reserves one attempt before the secret is checked: first against the client address (50 in a
 * window), then against `key` (the email typed, or a user's second factor). A reserved attempt
 * counts as a failure until `attemptSucceeded` gives it back, so parallel requests cannot all be
 * checked before any failure is written. Null when the attempt may go ahead; otherwise what
 * refused it, and nothing stays reserved.
 */
export async function reserveAttempt(db: Db, key: string, clientAddress: string | null, now: Date, limit = ACCOUNT_FAILURE_LIMIT): Promise<Throttle> {
  const since = windowStart(now);
  const byAddress = clientAddress ? addressKey(clientAddress) : null;
  if (byAddress && !(await reserveThrottledAttempt(db, byAddress, now, since, ADDRESS_FAILURE_LIMIT))) return "address";
  if (!(await reserveThrottledAttempt(db, key, now, since, limit))) {
    if (byAddress) await releaseThrottledAttempt(db, byAddress);
    return "account";
  }
  // Counters whose window ended a day ago can never refuse again.
  await pruneThrottleCounters(db, new Date(now.getTime() - 86_400_000));
  return null;
}

/**
 * The reserved attempt was right: the address gets its attempt back; `key` is forgotten (a correct
 * password clears its email's failures) or, with `forget: false`, gets its one attempt back.
 */
export async function attemptSucceeded(db: Db, key: string, clientAddress: string | null, options: { forget: boolean }) {
  if (clientAddress) await releaseThrottledAttempt(db, addressKey(clientAddress));
  if (options.forget) await clearThrottledAttempts(db, key);
  else await releaseThrottledAttempt(db, key);
}

/** Attempts counted against `key` in the current window (for tests and the audit). */
export async function attemptsCounted(db: Db, key: string, now: Date): Promise<number> {
  return countThrottledAttempts(db, key, windowStart(now));
}

export const throttleMessage = `Too many failed attempts. Wait ${WINDOW_MINUTES} minutes and try again.`;

// Password-reset requests ("Forgot your password?"): every request counts, whether or
// not the address has an account, per address typed and per client address, in the same window.
export const RESET_ACCOUNT_LIMIT = 3;
export const RESET_ADDRESS_LIMIT = 20;
export const resetAccountKey = (email: string) => `reset:${normaliseEmail(email).slice(0, 254)}`;
export const resetAddressKey = (clientAddress: string) => `reset-address:${clientAddress.slice(0, 100)}`;

/** Counts one reset request; null when it may go ahead, otherwise what refused it (nothing is then counted). */
export async function reserveResetRequest(db: Db, email: string, clientAddress: string | null, now: Date): Promise<Throttle> {
  const since = windowStart(now);
  const byAddress = clientAddress ? resetAddressKey(clientAddress) : null;
  if (byAddress && !(await reserveThrottledAttempt(db, byAddress, now, since, RESET_ADDRESS_LIMIT))) return "address";
  if (!(await reserveThrottledAttempt(db, resetAccountKey(email), now, since, RESET_ACCOUNT_LIMIT))) {
    if (byAddress) await releaseThrottledAttempt(db, byAddress);
    return "account";
  }
  return null;
}

export const resetThrottleMessage = `Too many reset requests. Wait ${WINDOW_MINUTES} minutes and try again.`;
