// Bad input at scale: fast-check posts random and malformed bodies to every route
// of app/routes (actions and routes without one) as each role (respondent, staff, admin, signed
// out), against a real server process on its own SQLite file. Properties: never a 5xx; a refusal
// (4xx, or the sign-in redirect for the signed out) changes no row of any table.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allItems } from "../../app/domain/instrument";
import { buildDataset, type Dataset } from "../../scripts/bench/dataset";
import { newSessionRow, signedSessionCookie, startServer, type RunningServer } from "../../scripts/bench/lib";
import { appRoutes } from "./routes";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
// Tables a refused request may legitimately touch: the audit log and the sign-in throttle record
// refusals on purpose, and sessions are refreshed by reads. The snapshot and open-data tables hold
// derived figures the server cuts in the background (at start-up, and when enough responses have
// changed), whatever request happens to be running at the time. The outbox's sender updates its
// rows' status in the background, and automatic reminders (outbox, reminders, reminder_runs) run on
// a timer, so those tables change whatever request is running too.
const UNCHECKED = new Set([
  "audit_log",
  "throttle_counters",
  "sessions",
  "kysely_migration",
  "kysely_migration_lock",
  "wave_snapshots",
  "wave_snapshot_views",
  "data_releases",
  "benchmark_figures",
  "outbox_emails",
  "reminders",
  "reminder_runs",
]);

/** Route files → URL patterns (e2e/route-files.ts). */
function routePatterns(): { file: string; pattern: string; hasAction: boolean }[] {
  return appRoutes();
}

describe("bad input at scale: random bodies to every route as every role", () => {
  let folder: string;
  let file: string;
  let dataset: Dataset;
  let server: RunningServer;
  let db: SqliteDatabase.Database;
  const sessions: { role: string; userId: number; mfa: boolean; id: string; cookie: string }[] = [];

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-fuzz-"));
    file = path.join(folder, "fuzz.sqlite");
    dataset = await buildDataset(`file:${file}`, { councils: 20, historyWaves: 1, bigWaveAnswers: 0, readyPool: 3, openWaveActivity: true });
    server = await startServer({ databaseUrl: `file:${file}` });
    db = new SqliteDatabase(file);
    db.pragma("busy_timeout = 5000");
    for (const [role, userId, mfa] of [
      ["respondent", dataset.ready[0]!.userId, false],
      ["staff", dataset.staff.userId, true],
      ["admin", dataset.admin.userId, true],
    ] as const) {
      const { id } = newSessionRow(userId);
      sessions.push({ role, userId, mfa, id, cookie: await signedSessionCookie(id) });
    }
  }, 120_000);

  afterAll(async () => {
    db?.close();
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Puts the fuzzing sessions back (a fuzzed sign-out may have ended one). */
  function restoreSessions() {
    const insert = db.prepare(
      "insert or replace into sessions (id_hash, user_id, created_at, last_seen_at, expires_at, client_address, user_agent, mfa_verified) values (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const s of sessions) {
      const { row } = newSessionRow(s.userId, { mfaVerified: s.mfa });
      insert.run(
        crypto.createHash("sha256").update(s.id).digest("hex"),
        row.user_id,
        row.created_at,
        row.last_seen_at,
        row.expires_at,
        row.client_address,
        row.user_agent,
        row.mfa_verified,
      );
    }
  }

  function checksums(): Map<string, string> {
    const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    const sums = new Map<string, string>();
    for (const table of tables) {
      if (UNCHECKED.has(table)) continue;
      const hash = crypto.createHash("sha256");
      for (const row of db.prepare(`select * from "${table}" order by rowid`).iterate()) hash.update(JSON.stringify(row));
      sums.set(table, hash.digest("hex"));
    }
    return sums;
  }

  it(`never answers 5xx and a refusal changes nothing (${RUNS} runs)`, async () => {
    const routes = routePatterns();
    expect(routes.filter((r) => r.hasAction).length).toBeGreaterThan(5);
    const itemIds = allItems(dataset.instrument).map((i) => i.id);
    const sectionSlugs = dataset.instrument.sections.map((s) => s.slug);
    const param = (name: string) =>
      name === "waveSlug" || name === "slug"
        ? fc.oneof(fc.constantFrom("open", "history-1", "nope"), fc.string({ maxLength: 20 }))
        : name === "sectionSlug"
          ? fc.oneof(fc.constantFrom(...sectionSlugs), fc.string({ maxLength: 20 }))
          : fc.oneof(fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), maxLength: 64 }), fc.string({ maxLength: 40 }));
    // Mostly routes with an action; the others must refuse any post (405).
    const routeArb = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...routes.filter((r) => r.hasAction)) },
      { weight: 1, arbitrary: fc.constantFrom(...routes.filter((r) => !r.hasAction)) },
    );
    const pathArb = routeArb.chain((route) => {
      const names = [...route.pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*");
      return fc.tuple(fc.constant(route), fc.tuple(...names.map((n) => param(n)))).map(([r, values]) => {
        let i = 0;
        return { route: r.file, path: r.pattern.replace(/:(\w+)|\*/g, () => encodeURIComponent(values[i++] as string)) };
      });
    });
    const key = fc.oneof(
      fc.constantFrom(
        ...itemIds,
        "_version",
        "_intent",
        "_conditional",
        "declaration",
        "email",
        "password",
        "redirectTo",
        "token",
        "code",
        "role",
        "councilId",
        "council",
        "name",
        "intent",
        "_action",
        "id",
        "userId",
        "invitationId",
        "confirmPassword",
        "newPassword",
        "recoveryCode",
      ),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.integer().map(String),
      fc.constantFrom(
        "0",
        "1",
        "-1",
        "1e9",
        "999999999999999999999",
        "yes",
        "no",
        "dk",
        "",
        "continue",
        "later",
        "prefill",
        "admin",
        "staff",
        "respondent",
        "x".repeat(5000),
        "<script>",
        "=HYPERLINK(1)",
        "\u0000",
      ),
    );
    const formBody = fc
      .array(fc.tuple(key, value), { maxLength: 30 })
      .map((pairs) => ({ contentType: "application/x-www-form-urlencoded", body: new URLSearchParams(pairs).toString() as string | Uint8Array }));
    const rawBody = fc
      .tuple(
        fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"),
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.string({ maxLength: 300 }).map((s) => `--xyz\r\nContent-Disposition: form-data; name="${s}"\r\n\r\n${s}\r\n--xyz--`),
        ),
      )
      .map(([contentType, body]) => ({ contentType, body: typeof body === "string" ? body : body }));
    const requestArb = fc.record({
      target: pathArb,
      role: fc.constantFrom("respondent", "staff", "admin", "signed-out"),
      payload: fc.oneof({ weight: 3, arbitrary: formBody }, { weight: 1, arbitrary: rawBody }),
      method: fc.constantFrom("POST", "POST", "POST", "PUT", "DELETE", "PATCH"),
    });

    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ target, role, payload, method }) => {
        restoreSessions();
        const before = checksums();
        const session = sessions.find((s) => s.role === role);
        // A same-origin post, as a browser sends it: the fuzzing is of the body, not the cross-site check.
        const headers: Record<string, string> = { Origin: server.url };
        if (payload.contentType) headers["Content-Type"] = payload.contentType;
        if (session) headers.Cookie = session.cookie;
        const res = await fetch(server.url + target.path, {
          method,
          redirect: "manual",
          headers,
          body: typeof payload.body === "string" ? payload.body : Buffer.from(payload.body),
        });
        const text = await res.text();
        const key = `${method} ${target.route} as ${role}: ${res.status}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${method} ${target.path} as ${role} answered ${res.status}: ${text.slice(0, 300)}`);
        const toSignIn = res.status >= 300 && res.status < 400 && (res.headers.get("location") ?? "").startsWith("/login");
        if (res.status >= 400 || toSignIn) {
          const after = checksums();
          const changed = [...before].filter(([table, sum]) => after.get(table) !== sum).map(([table]) => table);
          if (changed.length > 0) throw new Error(`${method} ${target.path} as ${role} was refused (${res.status}) but changed ${changed.join(", ")}`);
        }
      }),
      { numRuns: RUNS, verbose: 1 },
    );
    const summary = [...seen].sort().map(([k, n]) => `${k} ×${n}`);
    fs.writeFileSync(path.join(os.tmpdir(), "localtrust-fuzz-summary.txt"), summary.join("\n") + "\n");
    expect(server.log()).not.toMatch(/SQLITE_BUSY/);
  }, 600_000);
  it("refuses a post whose body is not a form (JSON, plain text, multipart without a boundary, none) with a 4xx", async () => {
    restoreSessions();
    const failures: string[] = [];
    const actionRoutes = routePatterns().filter((r) => r.hasAction);
    for (const route of actionRoutes) {
      const target = route.pattern.replace(/:(\w+)/g, (_, name: string) =>
        name === "sectionSlug" ? dataset.instrument.sections[0]!.slug : name === "token" ? "0".repeat(43) : "open",
      );
      for (const contentType of ["application/json", "text/plain", "multipart/form-data", ""]) {
        for (const session of [...sessions, null]) {
          const before = checksums();
          const headers: Record<string, string> = { Origin: server.url, ...(contentType ? { "Content-Type": contentType } : {}) };
          if (session) headers.Cookie = session.cookie;
          const res = await fetch(server.url + target, {
            method: "POST",
            redirect: "manual",
            headers,
            body: contentType === "application/json" ? '{"email":"x"}' : "email=x",
          });
          await res.text();
          const changed = [...before].filter(([table, sum]) => checksums().get(table) !== sum).map(([table]) => table);
          if (res.status >= 500 || changed.length > 0)
            failures.push(
              `POST ${target} (${contentType || "no content type"}) as ${session?.role ?? "signed-out"}: ${res.status}${changed.length ? `, changed ${changed.join(", ")}` : ""}`,
            );
          restoreSessions();
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
