// Shared tools for the attack suite: sign in over HTTP, list the app's routes, snapshot the database.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "../helpers";
import { appRouteFiles } from "../route-files";

// The file the e2e server uses (playwright.config.ts: E2E_DATABASE_URL, default file:./.cache/e2e/…).
export const E2E_DATABASE = path.resolve((process.env.E2E_DATABASE_URL ?? "file:./.cache/e2e/localtrust.sqlite").replace(/^file:/, ""));

/** Signs in through the real form (a same-origin POST, as a browser makes it) and keeps the cookie. */
export async function signInOver(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const response = await request.post("/login", { form: { email, password }, maxRedirects: 0 });
  expect(response.status(), `sign-in of ${email}`).toBe(302);
  return response;
}

/** Route files of the app as URL patterns (":param" for $param), with whether each has an action; the splat is left out. */
export function appRoutes() {
  return appRouteFiles().filter((r) => r.path !== "/*");
}

/** Fills a route pattern with values that exist in the demo (or, for unknown params, a harmless word). */
export function concrete(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => values[name] ?? "x");
}

export const demoValues = { waveSlug: "2026", slug: "2026", sectionSlug: "central-prescription", token: "not-a-real-token-000000000000000000000000" };

/**
 * A fingerprint of the database: every row of every table, except what reading a page may change
 * by design — sessions' last_seen_at (the idle clock), the audit log and the sign-in attempts table
 * (both append-only records of requests, not data). Everything else must be byte-for-byte the same.
 */
export function databaseFingerprint(file = E2E_DATABASE): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      if (name === "audit_log" || name === "throttle_counters") continue;
      const rows = db.prepare(`select * from "${name}" order by 1, 2`).all() as Record<string, unknown>[];
      const cleaned = name === "sessions" ? rows.map(({ last_seen_at: _ignored, ...rest }) => rest) : rows;
      result[name] = `${rows.length}:${crypto.createHash("sha256").update(JSON.stringify(cleaned)).digest("hex")}`;
    }
    return result;
  } finally {
    db.close();
  }
}

/** Runs SQL against the e2e database from the test (to expire a token, rename a council…). */
export function withE2eDatabase<T>(fn: (db: Database.Database) => T, file = E2E_DATABASE): T {
  const db = new Database(file, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function countAudit(action: string, file = E2E_DATABASE): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) as n from audit_log where action = ?").get(action) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A second LocalTrust server with its own database and environment (for MFA and throttling). */
export async function startServer(env: Record<string, string>): Promise<{ baseURL: string; database: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const folder = fs.mkdtempSync(path.resolve(".cache/e2e-extra-"));
  const database = path.join(folder, "localtrust.sqlite");
  const child: ChildProcess = spawn("npx", ["tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: `file:${database}`,
      SESSION_SECRET: "e2e-extra-session-secret-long-enough-12345",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const baseURL = `http://localhost:${port}`;
  const started = Date.now();
  // Wait for this server's own "running" line, so another process on the port cannot be mistaken for it.
  while (!output.includes(`running on http://localhost:${port}`)) {
    if (Date.now() - started > 90_000 || child.exitCode !== null) throw new Error(`second server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseURL,
    database,
    stop: async () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** An HTTP client for a server; its posts name the server as their Origin, as a browser's form posts do. */
export async function newClient(baseURL: string, extraHTTPHeaders?: Record<string, string>) {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: new URL(baseURL).origin, ...extraHTTPHeaders } });
}

export const STRONG_PASSWORD = "a long and unusual passphrase 42";

/** Staff (or an admin, for staff roles) invite someone over HTTP; returns the token from the link shown. */
export async function inviteOver(request: APIRequestContext, email: string, role = "respondent", council = "1"): Promise<string> {
  const response = await request.post("/invitations/new", { form: { email, role, council }, maxRedirects: 0 });
  const html = await response.text();
  expect(response.status(), html.slice(0, 300)).toBe(200);
  const link = /\/invite\/([A-Za-z0-9_-]{43})/.exec(html);
  expect(link, "the page shows the link to copy").toBeTruthy();
  return link![1]!;
}

export function councilIdByOffset(offset: number): { id: number; name: string } {
  return withE2eDatabase(
    (db) =>
      db
        .prepare(
          "select id, name from councils where active = 1 and name not in ('Leeds City Council', 'City of Cardiff Council') order by id limit 1 offset ?",
        )
        .get(offset) as { id: number; name: string },
  );
}
