// Bad text at the boundary, against a real server process on the demo data:
// non-Latin-1 text, CR/LF, NUL, overlong UTF-8 and encoded surrogates in every parameter, the query
// and every form field of every route and action in app/routes, signed out and as a respondent,
// staff and an admin. Property: no response is 5xx, and the server logs no error. Run on SQLite by
// bad-text.scale.ts and on PostgreSQL (where a NUL used to reach the database) by
// bad-text.pg-scale.ts.
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../cli/seed/demo";
import type { RunningServer } from "../../scripts/bench/lib";
import { appRoutes, type AppRoute } from "./routes";

/** Each as it goes on the wire, percent-encoded where a browser would encode it. */
export const BAD_TOKENS: Record<string, string> = {
  "non-Latin-1 (。)": "%E3%80%82",
  "astral (😀)": "%F0%9F%98%80",
  "CR/LF": "a%0D%0ASet-Cookie:%20x=1",
  NUL: "a%00b",
  "overlong UTF-8 (/)": "%C0%AF",
};
// Also sent in the query and every field (each is refused by the same check as the overlong slash).
const MORE_QUERY_TOKENS: Record<string, string> = {
  "overlong UTF-8 (NUL)": "%C0%80",
  "encoded surrogate": "%ED%A0%80",
  "stray %": "100%",
  "non-Latin-1 (☃)": "%E2%98%83",
};
// Raw bytes in a form body (not percent-encoded): overlong, invalid and NUL.
const RAW_BODIES: Record<string, Buffer> = {
  "raw overlong UTF-8": Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3d, 0xc0, 0xaf]),
  "raw invalid byte": Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe]),
  "raw NUL": Buffer.from("email=a\u0000b&password=x&redirectTo=/\u0000"),
};
const FIELDS = [
  "email",
  "password",
  "redirectTo",
  "name",
  "role",
  "council",
  "councilId",
  "id",
  "intent",
  "_intent",
  "_version",
  "declaration",
  "code",
  "wave",
  "title",
  "slug",
  "deadline",
  "opensOn",
  "closesOn",
  "token",
  "q",
  "comment",
];
const QUERY_NAMES = ["redirectTo", "type", "actor", "action", "region", "wave", "followUp", "done", "imported", "from", "to", "page"];

const DEMO_ROLES = {
  respondent: "it.manager@leeds.example",
  staff: "staff@localtrust.example",
  admin: "admin@localtrust.example",
} as const;
type Role = keyof typeof DEMO_ROLES | "signed-out";

interface Probe {
  role: Role;
  method: "GET" | "POST";
  path: string;
  body?: string | Buffer;
  what: string;
}

function fill(route: AppRoute, values: Record<string, string>, bad?: { param: string; token: string }) {
  return route.pattern.replace(/:(\w+)|\*/g, (_, name: string | undefined) => {
    const key = name ?? "*";
    return bad?.param === key ? bad.token : (values[key] ?? "x");
  });
}

/** Every probe for one role: bad text in each parameter, in the query, and in every field of a post. */
function probesFor(role: Role, routes: AppRoute[], good: Record<string, string>): Probe[] {
  const probes: Probe[] = [];
  for (const route of routes) {
    if (route.pattern === "/logout" && role !== "signed-out") continue; // posted last, it would end the session
    const goodPath = fill(route, good);
    for (const [what, token] of Object.entries(BAD_TOKENS)) {
      for (const param of route.params) {
        const path = fill(route, good, { param, token });
        probes.push({ role, method: "GET", path, what: `${what} in ${param}` });
        if (route.hasAction) probes.push({ role, method: "POST", path, body: "_intent=continue", what: `${what} in ${param}` });
      }
      if (route.pattern === "/") probes.push({ role, method: "GET", path: `/${token}`, what: `${what} as the path` });
      if (route.pattern === "/login")
        probes.push({
          role,
          method: "POST",
          path: `/login?redirectTo=/${token}`,
          body: `email=${DEMO_ROLES.respondent}&password=${DEMO_PASSWORD}&redirectTo=/${token}`,
          what: `${what} in redirectTo after a right password`,
        });
    }
    for (const [what, token] of Object.entries({ ...BAD_TOKENS, ...MORE_QUERY_TOKENS })) {
      const query = [...QUERY_NAMES.map((n) => `${n}=${token}`), `${token}=1`].join("&");
      probes.push({ role, method: "GET", path: `${goodPath}?${query}`, what: `${what} in the query` });
      if (route.hasAction)
        probes.push({ role, method: "POST", path: goodPath, body: FIELDS.map((f) => `${f}=${token}`).join("&"), what: `${what} in every field` });
    }
    if (route.hasAction) for (const [what, body] of Object.entries(RAW_BODIES)) probes.push({ role, method: "POST", path: goodPath, body, what });
  }
  return probes;
}

async function signIn(server: RunningServer, email: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  await res.text();
  expect(res.status, `sign-in of ${email}`).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/**
 * Sends every probe as every role (6 at a time) and returns the ones answered 5xx. The demo's
 * current wave and a section of it fill the parameters not under test.
 */
export async function probeEveryRoute(server: RunningServer, good: { waveSlug: string; sectionSlug: string }) {
  const routes = appRoutes();
  expect(routes.map((r) => r.pattern)).toEqual(
    expect.arrayContaining([
      "/login/verify",
      "/api/waves/:slug/summary.json",
      "/surveys/:waveSlug/sections/:sectionSlug",
      "/",
      "/*",
      "/waves/:slug/aggregates.csv",
    ]),
  );
  const values = { waveSlug: good.waveSlug, slug: good.waveSlug, sectionSlug: good.sectionSlug, token: "0".repeat(43), submissionId: "1", "*": "nowhere" };
  const cookies: Record<Role, string | null> = { "signed-out": null, respondent: null, staff: null, admin: null };
  for (const role of Object.keys(DEMO_ROLES) as (keyof typeof DEMO_ROLES)[]) cookies[role] = await signIn(server, DEMO_ROLES[role]);

  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  for (const role of ["signed-out", "respondent", "staff", "admin"] as Role[]) {
    const probes = probesFor(role, routes, values);
    // Sign-out last: it ends the session the other probes use.
    if (role !== "signed-out")
      probes.push({ role, method: "POST", path: "/logout", body: FIELDS.map((f) => `${f}=${BAD_TOKENS["CR/LF"]}`).join("&"), what: "CR/LF in every field" });
    for (let i = 0; i < probes.length; i += 6) {
      await Promise.all(
        probes.slice(i, i + 6).map(async (probe) => {
          const headers: Record<string, string> = { Origin: server.url };
          if (cookies[probe.role]) headers.Cookie = cookies[probe.role]!;
          if (probe.method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
          const res = await fetch(server.url + probe.path, {
            method: probe.method,
            redirect: "manual",
            headers,
            body: typeof probe.body === "string" || probe.body === undefined ? probe.body : Uint8Array.from(probe.body),
          });
          const text = await res.text();
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500)
            failures.push(`${probe.method} ${probe.path} as ${probe.role} (${probe.what}): ${res.status} ${text.slice(0, 120).replace(/\s+/g, " ")}`);
        }),
      );
    }
  }
  return { failures, sent, statuses };
}

export function expectNoServerErrors(server: RunningServer, result: Awaited<ReturnType<typeof probeEveryRoute>>) {
  process.stdout.write(
    `bad text: ${result.sent} requests; statuses ${[...result.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(", ")}\n`,
  );
  expect(result.failures).toEqual([]);
  expect(result.sent).toBeGreaterThan(1500);
  // The boundary refused the unreadable text itself (400), rather than something deeper failing.
  expect(result.statuses.get(400) ?? 0).toBeGreaterThan(300);
  expect(server.log()).not.toMatch(/\[error\]|ByteString|invalid byte sequence|URIError/);
}
