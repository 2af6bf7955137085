import { createCookie, redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { createSession, deleteSession, findSession, touchSession } from "../models/session.server";
import { findUserByEmail, getUserWithCouncil } from "../models/user.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { clientAddress, safeRedirectPath } from "./request.server";

export type SignedInUser = NonNullable<Awaited<ReturnType<typeof getUserWithCouncil>>>;

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

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The signed-in user, or null. Expired, idle, revoked or disabled sessions count as signed out. */
export async function getUser(request: Request): Promise<SignedInUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const db = getDb();
  const session = await findSession(db, sessionId);
  if (!session) return null;
  const now = new Date();
  const config = getConfig();
  const idleLimit = new Date(session.last_seen_at).getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (now.toISOString() >= session.expires_at || now.getTime() > idleLimit) {
    await deleteSession(db, sessionId);
    return null;
  }
  const user = await getUserWithCouncil(db, session.user_id);
  if (!user || user.disabledAt) return null;
  // Refresh the idle clock at most once a minute, so reads do not all become writes.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) await touchSession(db, sessionId, now);
  return user;
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(redirectTo === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

export async function requireRole(request: Request, roles: readonly Role[]): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) {
    throw new Response("You do not have permission to see this page", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export const requireStaff = (request: Request) => requireRole(request, ["staff", "admin"]);
export const requireAdmin = (request: Request) => requireRole(request, ["admin"]);

/** A respondent with their council: the council id used by every respondent query comes from here. */
export async function requireCouncilRespondent(request: Request): Promise<SignedInUser & { councilId: number; councilName: string }> {
  const user = await requireRole(request, ["respondent"]);
  if (user.councilId === null || user.councilName === null) {
    throw new Response("Your account is not linked to a council", { status: 403 });
  }
  return { ...user, councilId: user.councilId, councilName: user.councilName };
}

export function auditActor(user: SignedInUser | null): AuditActor | null {
  return user ? { userId: user.id, email: user.email, role: user.role, councilId: user.councilId } : null;
}

export function landingPathFor(role: Role): string {
  return role === "respondent" ? "/surveys" : "/waves";
}

export type SignInResult = { ok: true; headers: Headers; location: string } | { ok: false };

/** Checks the password; on success starts a new session (a fresh id every sign-in) and says where to go. */
export async function signIn(request: Request, email: string, password: string, redirectTo: string | null): Promise<SignInResult> {
  const db = getDb();
  const user = await findUserByEmail(db, email);
  const address = clientAddress(request);
  const valid = user?.password_hash && !user.disabled_at ? await verifyPassword(user.password_hash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    await recordAudit(db, {
      actor: user ? { userId: user.id, email: user.email, role: user.role, councilId: user.council_id } : { userId: null, email: email.slice(0, 200), role: null, councilId: null },
      action: "sign-in.failed",
      clientAddress: address,
    });
    return { ok: false };
  }
  const config = getConfig();
  const previous = await readSessionId(request);
  if (previous) await deleteSession(db, previous);
  const sessionId = await createSession(db, {
    userId: user.id,
    now: new Date(),
    absoluteMinutes: config.SESSION_ABSOLUTE_MINUTES,
    clientAddress: address,
    userAgent: request.headers.get("User-Agent"),
  });
  await recordAudit(db, {
    actor: { userId: user.id, email: user.email, role: user.role, councilId: user.council_id },
    action: "sign-in.succeeded",
    clientAddress: address,
  });
  const headers = new Headers({ "Set-Cookie": await sessionCookie().serialize(sessionId, { maxAge: config.SESSION_ABSOLUTE_MINUTES * 60 }) });
  return { ok: true, headers, location: safeRedirectPath(redirectTo, landingPathFor(user.role)) };
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
