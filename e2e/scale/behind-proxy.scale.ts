// LocalTrust behind a reverse proxy: a real HTTP proxy on loopback (a
// small node:http one, as nginx would: it appends the client's address to X-Forwarded-For) in front
// of two app processes on one SQLite file, one with TRUST_PROXY=127.0.0.1 and one with the default
// (off). Clients connect to the proxy from their own loopback addresses (127.0.0.2, 127.0.0.3, …).
// With TRUST_PROXY the address throttle and the audit log see each client; without it they all
// share the proxy's address. Invitation links come from PUBLIC_URL whatever X-Forwarded-Host says.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../cli/seed/demo";
import { ADDRESS_FAILURE_LIMIT } from "../../app/services/throttle.server";
import { startServer, type RunningServer } from "../../scripts/bench/lib";

const PUBLIC_URL = "https://localtrust.example.org";

/** A reverse proxy on 127.0.0.1 that forwards to `target`, appending the client's address to X-Forwarded-For. */
function startProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forwarded = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
    const outgoing = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        localAddress: "127.0.0.1",
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwarded, "x-forwarded-proto": "https" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on("error", () => res.writeHead(502).end());
    req.pipe(outgoing);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** One request to the proxy from a given loopback address; a browser-like same-origin form post. */
function send(
  proxy: string,
  from: string,
  method: string,
  pathname: string,
  options: { form?: Record<string, string>; cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; cookie: string | null }> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const url = new URL(pathname, proxy);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: from,
        headers: {
          Origin: proxy,
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)) } : {}),
          ...(options.cookie ? { Cookie: options.cookie } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, cookie: (res.headers["set-cookie"]?.[0] ?? "").split(";")[0] || null }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("behind a reverse proxy on loopback", () => {
  let folder: string;
  let file: string;
  let trusting: RunningServer;
  let untrusting: RunningServer;
  let viaTrusting: Awaited<ReturnType<typeof startProxy>>;
  let viaUntrusting: Awaited<ReturnType<typeof startProxy>>;
  const auditAddresses = (action: string, actor: string) => {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      return (
        db.prepare("select client_address from audit_log where action = ? and actor_email = ? order by id").all(action, actor) as { client_address: string }[]
      ).map((r) => r.client_address);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-proxy-"));
    file = path.join(folder, "demo.sqlite");
    // The session cookie is the production __Host- one, which needs HTTPS: the proxy says so (X-Forwarded-Proto).
    trusting = await startServer({ databaseUrl: `file:${file}`, env: { DEMO_SEED: "true", TRUST_PROXY: "127.0.0.1", PUBLIC_URL } });
    untrusting = await startServer({ databaseUrl: `file:${file}`, env: { PUBLIC_URL } });
    viaTrusting = await startProxy(trusting.url);
    viaUntrusting = await startProxy(untrusting.url);
  }, 180_000);

  afterAll(async () => {
    await viaTrusting?.close();
    await viaUntrusting?.close();
    await trusting?.stop();
    await untrusting?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("with TRUST_PROXY the address throttle and the audit log see each client, and a spoofed X-Forwarded-For is ignored", async () => {
    // 127.0.0.2 sprays wrong passwords at many emails until its address is throttled…
    const statuses: number[] = [];
    for (let i = 0; i <= ADDRESS_FAILURE_LIMIT; i++)
      statuses.push(
        (await send(viaTrusting.url, "127.0.0.2", "POST", "/login", { form: { email: `spray${i}@example.org`, password: "wrong password" } })).status,
      );
    expect(statuses.slice(0, ADDRESS_FAILURE_LIMIT).every((s) => s === 400)).toBe(true);
    expect(statuses[ADDRESS_FAILURE_LIMIT]).toBe(429);
    // …and cannot get round it by claiming another address in X-Forwarded-For…
    expect(
      (
        await send(viaTrusting.url, "127.0.0.2", "POST", "/login", {
          form: { email: "other@example.org", password: "x" },
          headers: { "X-Forwarded-For": "10.9.9.9" },
        })
      ).status,
    ).toBe(429);
    // …while 127.0.0.3, behind the same proxy, signs in.
    const signedIn = await send(viaTrusting.url, "127.0.0.3", "POST", "/login", { form: { email: "it.manager@leeds.example", password: DEMO_PASSWORD } });
    expect(signedIn.status).toBe(302);
    expect(auditAddresses("sign-in.failed", "spray0@example.org")).toEqual(["127.0.0.2"]);
    expect(auditAddresses("sign-in.throttled", "other@example.org")).toEqual(["127.0.0.2"]);
    expect(auditAddresses("sign-in.succeeded", "it.manager@leeds.example")).toEqual(["127.0.0.3"]);
  }, 120_000);

  it("without TRUST_PROXY (the default) every client behind the proxy is the proxy: one client's failures throttle the others", async () => {
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      expect(
        (await send(viaUntrusting.url, "127.0.0.4", "POST", "/login", { form: { email: `shared${i}@example.org`, password: "wrong password" } })).status,
      ).toBe(400);
    expect(
      (await send(viaUntrusting.url, "127.0.0.5", "POST", "/login", { form: { email: "digital.lead@cardiff.example", password: DEMO_PASSWORD } })).status,
    ).toBe(429);
    expect(auditAddresses("sign-in.failed", "shared0@example.org")).toEqual(["127.0.0.1"]);
    expect(auditAddresses("sign-in.throttled", "digital.lead@cardiff.example")).toEqual(["127.0.0.1"]);
  }, 120_000);

  it("invitation links start with PUBLIC_URL whatever Host or X-Forwarded-Host say", async () => {
    const admin = await send(viaTrusting.url, "127.0.0.6", "POST", "/login", { form: { email: "admin@localtrust.example", password: DEMO_PASSWORD } });
    expect(admin.status).toBe(302);
    const page = await send(viaTrusting.url, "127.0.0.6", "POST", "/invitations/new", {
      form: { email: "new.colleague@localtrust.example", role: "staff", council: "" },
      cookie: admin.cookie!,
      headers: { "X-Forwarded-Host": "evil.example:6666", Host: "evil.example:6666", Origin: "https://evil.example:6666", "Sec-Fetch-Site": "same-origin" },
    });
    expect(page.status, page.body.slice(0, 300)).toBe(200);
    const links = [...page.body.matchAll(/https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]{43}/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${PUBLIC_URL}/invite/`), link).toBe(true);
    expect(page.body).not.toContain("evil.example");
  }, 60_000);
});
