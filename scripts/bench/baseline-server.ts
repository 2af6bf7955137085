// The benchmark's baseline: a bare node:http server doing the same database work as the app's
// section save and submit actions (session lookup, version check, the same writes in one
// transaction, the audit row, the stored scores) with the driver directly: no Express, no Remix,
// no Kysely. Validation and scoring use the same pure domain functions as the app.
// Env: PORT, DATABASE_URL (file path or postgres://), SESSION_SECRET.
import crypto from "node:crypto";
import http from "node:http";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { decodeStoredAnswers, dropHiddenAnswers, encodeAnswer, parseSectionForm, sectionCompleteness } from "../../app/domain/answers";
import { getItem } from "../../app/domain/instrument";
import { getInstrument } from "../../app/domain/instruments";
import { dropUnmetConditionalFields } from "../../app/domain/section-form";
import { scoreRow } from "../../app/models/scores.server";
import { parseDatabaseUrl } from "../../db/connection";
import { SCORE_COLUMNS, scoreValues } from "./lib";

const SCORE_UPDATES = SCORE_COLUMNS.filter((c) => c !== "response_id" && c !== "wave_id" && c !== "council_id" && c !== "instrument_version");
/** Insert or replace a stored score row, as the app does on submitting (its SQL built once). */
const INSERT_SCORES = `insert into response_scores (${SCORE_COLUMNS.join(", ")}) values (${SCORE_COLUMNS.map(() => "?").join(", ")})
  on conflict (response_id) do update set ${SCORE_UPDATES.map((c) => `${c} = excluded.${c}`).join(", ")}`;

type Row = Record<string, unknown>;
interface Conn {
  get(sql: string, params: unknown[]): Promise<Row | undefined>;
  all(sql: string, params: unknown[]): Promise<Row[]>;
  run(sql: string, params: unknown[]): Promise<number>;
}
interface Driver extends Conn {
  transaction<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
}

function sqliteDriver(file: string): Driver {
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const direct: Conn = {
    get: async (sql, params) => prepare(sql).get(...params) as Row | undefined,
    all: async (sql, params) => prepare(sql).all(...params) as Row[],
    run: async (sql, params) => prepare(sql).run(...params).changes,
  };
  // One connection: a transaction holds it (as Kysely's SQLite driver does), other queries wait.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        db.exec("begin immediate"); // as the app's writer (db/connection.ts)
        try {
          const result = await fn(direct);
          db.exec("commit");
          return result;
        } catch (error) {
          db.exec("rollback");
          throw error;
        }
      }),
  };
}

function postgresDriver(url: string): Driver {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const on = (q: { query: pg.Pool["query"] }): Conn => ({
    get: async (sql, params) => (await q.query(numbered(sql), params)).rows[0] as Row | undefined,
    all: async (sql, params) => (await q.query(numbered(sql), params)).rows as Row[],
    run: async (sql, params) => (await q.query(numbered(sql), params)).rowCount ?? 0,
  });
  return {
    ...on(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn(on(client as unknown as { query: pg.Pool["query"] }));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const location = parseDatabaseUrl(process.env.DATABASE_URL ?? "");
const driver = location.dialect === "sqlite" ? sqliteDriver(location.file) : postgresDriver(location.url);
const secret = process.env.SESSION_SECRET ?? "";
const cookieName = "__Host-localtrust_session";

/** The session id of a Remix-signed cookie (value "." HMAC-SHA256), or null. */
function sessionIdFrom(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== cookieName) continue;
    const signed = decodeURIComponent(rest.join("="));
    const dot = signed.lastIndexOf(".");
    const value = signed.slice(0, dot);
    const expected = crypto.createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");
    if (signed.slice(dot + 1) !== expected) return null;
    const parsed: unknown = JSON.parse(decodeURIComponent(escape(Buffer.from(value, "base64").toString("binary"))));
    return typeof parsed === "string" ? parsed : null;
  }
  return null;
}

async function respondent(req: http.IncomingMessage) {
  const id = sessionIdFrom(req.headers.cookie);
  if (!id) return null;
  const hash = crypto.createHash("sha256").update(id).digest("hex");
  const row = await driver.get(
    "select s.user_id, s.expires_at, u.email, u.role, u.council_id, u.disabled_at from sessions s join users u on u.id = s.user_id where s.id_hash = ?",
    [hash],
  );
  if (!row || String(row.expires_at) <= new Date().toISOString() || row.disabled_at || row.role !== "respondent" || row.council_id === null) return null;
  return { userId: Number(row.user_id), email: String(row.email), councilId: Number(row.council_id) };
}

function formFields(body: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) (fields[k] ??= []).push(v);
  return fields;
}

function audit(conn: Conn, user: { userId: number; email: string; councilId: number }, action: string, targetId: number, detail: unknown) {
  return conn.run(
    "insert into audit_log (at, actor_user_id, actor_email, actor_role, actor_council_id, action, target_type, target_id, detail, client_address) values (?, ?, ?, 'respondent', ?, ?, 'response', ?, ?, '127.0.0.1')",
    [new Date().toISOString(), user.userId, user.email, user.councilId, action, String(targetId), JSON.stringify(detail)],
  );
}

class Stale extends Error {}

async function handle(req: http.IncomingMessage, body: string): Promise<[number, string?]> {
  const match = /^\/surveys\/([^/]+)\/(?:sections\/([^/]+)|(submit))$/.exec(req.url ?? "");
  if (req.method !== "POST" || !match) return [404];
  const user = await respondent(req);
  if (!user) return [401];
  const wave = await driver.get("select id, slug, status, instrument_version from waves where slug = ?", [match[1]]);
  if (!wave || wave.status === "draft") return [404];
  if (wave.status !== "open") return [409];
  const response = await driver.get("select * from responses where wave_id = ? and council_id = ?", [wave.id, user.councilId]);
  const instrument = getInstrument(Number(response?.instrument_version ?? wave.instrument_version));
  const fields = formFields(body);
  const posted = fields._version ?? [];
  const version = posted.length === 1 && /^\d{1,9}$/.test(posted[0]!) ? Number(posted[0]) : null;
  const now = new Date().toISOString();

  if (match[2]) {
    const section = instrument.sections.find((s) => s.slug === match[2]);
    if (!section) return [404];
    if (response?.status === "submitted") return [409];
    const parsed = parseSectionForm(instrument, section.id, dropUnmetConditionalFields(instrument, section.id, fields));
    if (!parsed.ok || version === null) return [400];
    try {
      await driver.transaction(async (conn) => {
        await conn.run(
          "insert into responses (wave_id, council_id, instrument_version, status, version, reference, started_at, updated_at, updated_by, submission_count) values (?, ?, ?, 'in_progress', 1, ?, ?, ?, ?, 0) on conflict (wave_id, council_id) do nothing",
          [wave.id, user.councilId, instrument.version, `LT-${crypto.randomBytes(6).toString("hex")}`, now, now, user.userId],
        );
        const current = await conn.get("select id, status from responses where wave_id = ? and council_id = ?", [wave.id, user.councilId]);
        const responseId = Number(current!.id);
        if (current!.status === "submitted") throw new Stale();
        const claimed =
          version === 0
            ? await conn.run(
                "insert into response_sections (response_id, section_id, state, version, updated_at, updated_by) values (?, ?, 'saved', 1, ?, ?) on conflict (response_id, section_id) do nothing",
                [responseId, section.id, now, user.userId],
              )
            : await conn.run(
                "update response_sections set state = 'saved', version = version + 1, updated_at = ?, updated_by = ? where response_id = ? and section_id = ? and version = ?",
                [now, user.userId, responseId, section.id, version],
              );
        if (claimed !== 1) throw new Stale();
        const before = new Map(
          (await conn.all("select item_id, value from answers where response_id = ?", [responseId])).map((r) => [String(r.item_id), String(r.value)]),
        );
        const items: Record<string, { before: string | null; after: string | null }> = {};
        for (const item of section.items) {
          const value = parsed.answers.get(item.id) ?? null;
          const after = value === null ? null : encodeAnswer(item, value);
          const previous = before.get(item.id) ?? null;
          items[item.id] = { before: previous, after };
          if (previous === after) continue;
          if (after === null) await conn.run("delete from answers where response_id = ? and item_id = ?", [responseId, item.id]);
          else
            await conn.run(
              "insert into answers (response_id, item_id, value, updated_at, updated_by) values (?, ?, ?, ?, ?) on conflict (response_id, item_id) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
              [responseId, item.id, after, now, user.userId],
            );
        }
        await conn.run("update responses set version = version + 1, updated_at = ?, updated_by = ? where id = ?", [now, user.userId, responseId]);
        await audit(conn, user, "response.section-saved", responseId, { wave: wave.slug, section: section.id, sectionVersion: version + 1, items });
      });
    } catch (error) {
      if (error instanceof Stale) return [409];
      throw error;
    }
    return [303, `/surveys/${String(wave.slug)}/next`];
  }

  // Submit.
  if (!response) return [303, `/surveys/${String(wave.slug)}`];
  if (version === null) return [400];
  const responseId = Number(response.id);
  if (await driver.get("select id from response_versions where response_id = ? and response_version = ?", [responseId, version])) return [303, "/confirmation"];
  if (response.status === "submitted") return [303, "/confirmation"];
  if ((fields.declaration ?? []).join("") !== "yes") return [400];
  if (Number(response.version) !== version) {
    await driver.get("select name from users where id = ?", [response.updated_by ?? -1]);
    return [409];
  }
  const outcome = await driver.transaction(async (conn): Promise<number> => {
    const sections = await conn.all(
      "select rs.section_id, rs.state, rs.version, rs.updated_at, u.name from response_sections rs left join users u on u.id = rs.updated_by where rs.response_id = ?",
      [responseId],
    );
    const answers = decodeStoredAnswers(
      instrument,
      (await conn.all("select item_id, value from answers where response_id = ?", [responseId])).map((r) => [String(r.item_id), String(r.value)] as const),
    );
    const unfinished = instrument.sections.filter((s) => {
      const row = sections.find((r) => r.section_id === s.id);
      return !row || row.state === "prefilled" || !sectionCompleteness(instrument, s.id, answers).complete;
    });
    if (unfinished.length > 0) return 400;
    const snapshot: Record<string, string> = {};
    const visible = dropHiddenAnswers(instrument, answers);
    for (const [itemId, value] of visible) snapshot[itemId] = encodeAnswer(getItem(instrument, itemId)!, value);
    const claimed = await conn.run(
      "update responses set status = 'submitted', version = version + 1, submission_count = submission_count + 1, submitted_at = ?, submitted_by = ?, updated_at = ?, updated_by = ? where id = ? and version = ? and status = 'in_progress'",
      [now, user.userId, now, user.userId, responseId, version],
    );
    if (claimed !== 1) return 409;
    const count = Number((await conn.get("select submission_count from responses where id = ?", [responseId]))!.submission_count);
    await conn.run(
      "insert into response_versions (response_id, submission_number, response_version, instrument_version, answers, submitted_at, submitted_by) values (?, ?, ?, ?, ?, ?, ?)",
      [responseId, count, version, instrument.version, JSON.stringify(snapshot), now, user.userId],
    );
    const s = scoreRow(instrument, visible, { responseId, waveId: Number(wave.id), councilId: user.councilId, now });
    await conn.run(INSERT_SCORES, scoreValues(s));

    await audit(conn, user, "response.submitted", responseId, { wave: wave.slug, submission: count, responseVersion: version });
    return 303;
  });
  return outcome === 303 ? [303, "/confirmation"] : [outcome];
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url === "/healthz") {
      res.writeHead(200).end("ok");
      return;
    }
    handle(req, Buffer.concat(chunks).toString())
      .then(([status, location]) => res.writeHead(status, location ? { Location: location } : {}).end())
      .catch((error: unknown) => {
        console.error(error);
        res.writeHead(500).end();
      });
  });
});
server.listen(Number(process.env.PORT ?? 3200), "127.0.0.1", () => console.log(`baseline on ${process.env.PORT}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
