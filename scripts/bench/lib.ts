// Shared helpers for the benchmark, the crash test and the scale tests (e2e/scale): start and stop
// real server processes, make signed session cookies without signing in, and fresh databases.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import pg from "pg";
import type { ResponseScoresTable } from "../../db/schema";

export const BENCH_SECRET = "bench-session-secret-that-is-long-enough-0123456789";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  log: () => string;
  /** SIGKILL, then wait for the exit. */
  kill: () => Promise<void>;
  /** SIGTERM (graceful), then wait for the exit. */
  stop: () => Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  /** The script to run: the built server (build/server.js, as `npm start`) by default; a .ts script runs through tsx. */
  script?: string;
  nodeArgs?: string[];
  timeoutMs?: number;
  logFile?: string;
}

/** Starts `node build/server.js` (production mode, bench secret, PUBLIC_URL on its port) and waits for /healthz. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    SESSION_SECRET: BENCH_SECRET,
    DEMO_SEED: "false",
    REQUIRE_STAFF_MFA: "false",
    SESSION_IDLE_MINUTES: "1440",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...options.env,
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
  };
  delete env.TEST_DATABASE_URL;
  const script = options.script ?? "build/server.js";
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(script.endsWith(".ts") ? ["--import", "tsx"] : []), script], {
    cwd: path.resolve("."),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.logFile) fs.appendFileSync(options.logFile, chunk);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (done) throw new Error(`The server exited before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not become ready in time:\n${output}`);
    }
    await sleep(50);
  }
  return {
    url,
    port,
    child,
    log: () => output,
    kill: async () => {
      if (!done) child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (!done) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function sessionCookieName(production = true) {
  return production ? "__Host-localtrust_session" : "localtrust_session";
}

/** The Cookie header value the app accepts for this session id (same name, secret and signing as auth.server.ts). */
export async function signedSessionCookie(sessionId: string, options: { secret?: string; production?: boolean } = {}): Promise<string> {
  const production = options.production ?? true;
  const cookie = createCookie(sessionCookieName(production), {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    secrets: [options.secret ?? BENCH_SECRET],
  });
  const header = await cookie.serialize(sessionId);
  return header.split(";")[0]!;
}

/** A fresh random session id and the row that makes it valid (insert it with the driver of your choice). */
export function newSessionRow(userId: number, options: { mfaVerified?: boolean; now?: Date } = {}) {
  const id = crypto.randomBytes(32).toString("base64url");
  const now = options.now ?? new Date();
  return {
    id,
    row: {
      id_hash: crypto.createHash("sha256").update(id).digest("hex"),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      client_address: "127.0.0.1",
      user_agent: "localtrust-bench",
      mfa_verified: options.mfaVerified ? 1 : 0,
    },
  };
}

/** postgres://…/<name> on the server of `baseUrl`, dropped (with its connections) and created afresh. */
export async function freshPostgresDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new URL(baseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  url.search = "";
  return url.toString();
}

export async function dropPostgresDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new URL(baseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
    await client.query(`drop database if exists ${name}`);
  } finally {
    await client.end();
  }
}

/** A POST with a form body and optional cookie; redirects are not followed. */
export async function postForm(
  url: string,
  fields: Record<string, string | string[]>,
  cookie?: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    // A browser's form post names its origin; without one the cross-site check refuses it.
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(url).origin, ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
  return { status: res.status, location: res.headers.get("location"), body: await res.text() };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The columns of a stored score row, in the order the bench's inserts give them. */
export const SCORE_COLUMNS = [
  "response_id",
  "wave_id",
  "council_id",
  "instrument_version",
  "presc",
  "burden",
  "tech",
  "ltc",
  "pct",
  "gap",
  "headline_gap",
  "gap2",
  "gap3",
  "gap4",
  "gap5",
  "gap6",
  "item_values",
  "computed_at",
] as const satisfies readonly (keyof ResponseScoresTable)[];

/** A score row's values in SCORE_COLUMNS order. */
export const scoreValues = (s: ResponseScoresTable): unknown[] => SCORE_COLUMNS.map((c) => s[c]);
