import { createCookie } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { createSession, deleteSession, deleteSessionsOfUser, findSessionWithUser, markSessionMfaVerified, touchSession } from "../models/session.server";
import { findUserByEmail, getUserWithCouncil } from "../models/user.server";
import { verifySecondFactor } from "./mfa.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { clientAddress, localRedirect, safeRedirectPath } from "./request.server";
import { accountKey, attemptSucceeded, reserveAttempt, SECOND_FACTOR_FAILURE_LIMIT, secondFactorKey, type Throttle } from "./throttle.server";

type UserRow = NonNullable<Awaited<ReturnType<typeof getUserWithCouncil>>>;
/** The signed-in user, with whether this session has passed the second factor. */
export type SignedInUser = UserRow & { sessionMfaVerified: boolean };

function sessionCookie() {
  const config = getConfig();
  // In production the __Host- prefix pins the cookie to this origin over HTTPS.
  return createCookie(config.isProduction ? "__Host-localtrust_session" : "localtrust_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.isProduction,
    path: "/",
    secrets: [config.SESSION_SECRET],
  });
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

// A page's loaders (the root's and the route's) run side by side, each with its own copy of the
// Request but the same load context (made afresh for every request by server.ts): given that
// context, a GET reads its session once and they share it. Shared only for the same Cookie header,
// so not even a context wrongly reused across requests could hand one person's session to another;
// not for other methods, whose actions may end or start a session.
const usersOfPages = new WeakMap<object, { cookie: string | null; user: Promise<SignedInUser | null> }>();

/**
 * The signed-in user, or null. Expired, idle, revoked or disabled sessions count as signed out.
 * `loadContext`: the page's load context (a loader's `context`), so that its loaders read the session once.
 */
export function getUser(request: Request, loadContext?: object): Promise<SignedInUser | null> {
  if (!loadContext || (request.method !== "GET" && request.method !== "HEAD")) return readUser(request);
  const cookie = request.headers.get("Cookie");
  const shared = usersOfPages.get(loadContext);
  if (shared && shared.cookie === cookie) return shared.user;
  const user = readUser(request);
  usersOfPages.set(loadContext, { cookie, user });
  return user;
}

async function readUser(request: Request): Promise<SignedInUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const db = getDb();
  const found = await findSessionWithUser(db, sessionId);
  if (!found) return null;
  const { sessionExpiresAt, sessionLastSeenAt, sessionMfaVerified, ...user } = found;
  const now = new Date();
  const config = getConfig();
  const idleLimit = new Date(sessionLastSeenAt).getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (now.toISOString() >= sessionExpiresAt || now.getTime() > idleLimit || user.disabledAt) {
    await deleteSession(db, sessionId);
    return null;
  }
  // Refresh the idle clock at most once a minute, so reads do not all become writes.
  if (now.getTime() - new Date(sessionLastSeenAt).getTime() > 60_000) await touchSession(db, sessionId, now);
  return { ...user, sessionMfaVerified: sessionMfaVerified === 1 };
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw localRedirect(redirectTo === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo })}`);
}

export async function requireUser(request: Request, loadContext?: object): Promise<SignedInUser> {
  const user = await getUser(request, loadContext);
  if (!user) signInRedirect(request);
  return user;
}

const isStaffRole = (role: Role) => role === "staff" || role === "admin";

/**
 * Where a staff member must go before anything else: the second-factor check when they have
 * enrolled and this session has not passed it, enrolment when REQUIRE_STAFF_MFA is on and they have
 * not enrolled; null when they may go on.
 */
export function secondFactorStep(user: SignedInUser): "/login/verify" | "/account/security" | null {
  if (!isStaffRole(user.role) || user.sessionMfaVerified) return null;
  if (user.mfaEnabledAt) return "/login/verify";
  return getConfig().REQUIRE_STAFF_MFA ? "/account/security" : null;
}

export async function requireRole(request: Request, roles: readonly Role[], loadContext?: object): Promise<SignedInUser> {
  const user = await requireUser(request, loadContext);
  if (!roles.includes(user.role)) {
    throw new Response("You do not have permission to see this page", { status: 403, statusText: "Forbidden" });
  }
  const step = secondFactorStep(user);
  if (step) {
    const url = new URL(request.url);
    throw localRedirect(`${step}?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

export const requireStaff = (request: Request, loadContext?: object) => requireRole(request, ["staff", "admin"], loadContext);
export const requireAdmin = (request: Request, loadContext?: object) => requireRole(request, ["admin"], loadContext);

/** Staff or admin who may not yet have passed the second factor: only for the enrol and verify pages. */
export async function requireStaffBeforeSecondFactor(request: Request): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!isStaffRole(user.role)) throw new Response("You do not have permission to see this page", { status: 403, statusText: "Forbidden" });
  return user;
}

/** A respondent with their council: the council id used by every respondent query comes from here. */
export async function requireCouncilRespondent(request: Request, loadContext?: object): Promise<SignedInUser & { councilId: number; councilName: string }> {
  const user = await requireRole(request, ["respondent"], loadContext);
  if (user.councilId === null || user.councilName === null) {
    throw new Response("Your account is not linked to a council", { status: 403 });
  }
  return { ...user, councilId: user.councilId, councilName: user.councilName };
}

export function auditActor(user: { id: number; email: string; role: string; councilId: number | null } | null): AuditActor | null {
  return user ? { userId: user.id, email: user.email, role: user.role, councilId: user.councilId } : null;
}

export function landingPathFor(role: Role): string {
  return role === "respondent" ? "/surveys" : "/waves";
}

export type SignInResult = { ok: true; headers: Headers; location: string } | { ok: false; throttled: Throttle };

/** Starts a new session (a fresh id every time) and returns its Set-Cookie header. */
export async function startSession(request: Request, userId: number, options: { mfaVerified: boolean }): Promise<Headers> {
  const db = getDb();
  const config = getConfig();
  const previous = await readSessionId(request);
  if (previous) await deleteSession(db, previous);
  const sessionId = await createSession(db, {
    userId,
    now: new Date(),
    absoluteMinutes: config.SESSION_ABSOLUTE_MINUTES,
    clientAddress: clientAddress(request),
    userAgent: request.headers.get("User-Agent"),
  });
  if (options.mfaVerified) await markSessionMfaVerified(db, sessionId);
  return new Headers({ "Set-Cookie": await sessionCookie().serialize(sessionId, { maxAge: config.SESSION_ABSOLUTE_MINUTES * 60 }) });
}

/**
 * Checks the password; on success starts a new session and says where to go. Throttled per email
 * typed (known or not) and per client address: the attempt is reserved before the password is
 * checked (decision 028), so parallel guesses cannot outrun the limit. Every attempt, throttled or
 * not, takes one argon2 verification.
 */
export async function signIn(request: Request, email: string, password: string, redirectTo: string | null): Promise<SignInResult> {
  const db = getDb();
  const address = clientAddress(request);
  const now = new Date();
  const key = accountKey(email);
  const throttled = await reserveAttempt(db, key, address, now);
  const user = await findUserByEmail(db, email);
  const actor = user
    ? { userId: user.id, email: user.email, role: user.role, councilId: user.council_id }
    : { userId: null, email: email.slice(0, 200), role: null, councilId: null };
  if (throttled) {
    await verifyAgainstDummy(password);
    await recordAudit(db, { actor, action: "sign-in.throttled", detail: { by: throttled }, clientAddress: address });
    return { ok: false, throttled };
  }
  const valid = user?.password_hash && !user.disabled_at ? await verifyPassword(user.password_hash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    // The reservation stays: it is this failure.
    await recordAudit(db, { actor, action: "sign-in.failed", clientAddress: address });
    return { ok: false, throttled: null };
  }
  await attemptSucceeded(db, key, address, { forget: true });
  const headers = await startSession(request, user.id, { mfaVerified: false });
  await recordAudit(db, { actor, action: "sign-in.succeeded", clientAddress: address });
  const landing = safeRedirectPath(redirectTo, landingPathFor(user.role));
  let location = landing;
  if (isStaffRole(user.role)) {
    if (user.mfa_enabled_at) location = `/login/verify?${new URLSearchParams({ redirectTo: landing })}`;
    else if (getConfig().REQUIRE_STAFF_MFA) location = `/account/security?${new URLSearchParams({ redirectTo: landing })}`;
  }
  return { ok: true, headers, location };
}

/**
 * Checks a staff member's second-factor code (TOTP or recovery code); on success starts a new,
 * verified session. Throttled per user and per client address, the attempt reserved before the
 * code is checked (decision 028).
 */
export async function checkSecondFactor(
  request: Request,
  user: SignedInUser,
  code: string,
): Promise<{ ok: true; headers: Headers } | { ok: false; throttled: boolean }> {
  const db = getDb();
  const address = clientAddress(request);
  const key = secondFactorKey(user.id);
  const now = new Date();
  if (await reserveAttempt(db, key, address, now, SECOND_FACTOR_FAILURE_LIMIT)) return { ok: false, throttled: true };
  const passed = await verifySecondFactor(db, user.id, code.slice(0, 40), now);
  if (!passed) {
    // The reservation stays: it is this failure.
    await recordAudit(db, { actor: auditActor(user), action: "sign-in.second-factor-failed", clientAddress: address });
    return { ok: false, throttled: false };
  }
  await attemptSucceeded(db, key, address, { forget: false });
  const headers = await startSession(request, user.id, { mfaVerified: true });
  await recordAudit(db, {
    actor: auditActor(user),
    action: passed === "recovery" ? "sign-in.recovery-code-used" : "sign-in.second-factor-passed",
    clientAddress: address,
  });
  return { ok: true, headers };
}

/** Marks the current session as having passed the second factor. */
export async function markSecondFactorPassed(request: Request) {
  const sessionId = await readSessionId(request);
  if (sessionId) await markSessionMfaVerified(getDb(), sessionId);
}

export async function endAllSessionsOf(userId: number) {
  await deleteSessionsOfUser(getDb(), userId);
}

export async function signOut(request: Request): Promise<Headers> {
  const db = getDb();
  const sessionId = await readSessionId(request);
  if (sessionId) {
    const user = await getUser(request);
    await deleteSession(db, sessionId);
    await recordAudit(db, { actor: auditActor(user), action: "sign-out", clientAddress: clientAddress(request) });
  }
  return new Headers({ "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) });
}
