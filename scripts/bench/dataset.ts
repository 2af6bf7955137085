// Builds a large, realistic dataset straight through the drivers (bulk inserts), for the benchmark
// and the scale tests: association councils with waves of history, an optional large closed wave
// of synthetic bodies, and an open wave with a pool of complete, not yet submitted responses, each
// with its own respondent account, ready to be saved and submitted over HTTP.
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { dropHiddenAnswers, encodeAnswer, type AnswerValue } from "../../app/domain/answers";
import { getItem, type Instrument } from "../../app/domain/instrument";
import { instrumentV1 } from "../../app/domain/instrument-v1";
import { CURRENT_INSTRUMENT_VERSION, getInstrument } from "../../app/domain/instruments";
import { scoreRow } from "../../app/models/scores.server";
import { openDatabase, parseDatabaseUrl } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { councilProfile, demoAnswers } from "../../cli/seed/demo-answers";
import { DEMO_COUNCILS } from "../../cli/seed/demo-councils";
import { seededRandom, type Random } from "../../cli/seed/random";
import { newSessionRow, scoreValues } from "./lib";

export interface DatasetOptions {
  /** Councils of the association (the real demo councils first, then synthetic ones). */
  councils: number;
  /** Published waves before the open one; about four in five councils submitted each. */
  historyWaves: number;
  /** Answers in one large closed wave of synthetic bodies (0: no such wave). */
  bigWaveAnswers: number;
  /** Complete, in-progress responses in the open wave, each with a respondent account and a session. */
  readyPool: number;
  /** The association's own councils that answer the open wave as the demo does (submitted / partial). */
  openWaveActivity?: boolean;
  seed?: number;
}

export interface ReadyResponse {
  councilId: number;
  userId: number;
  responseId: number;
  /** The response version the check page would show (the submit `_version`). */
  version: number;
  /** The session id (cookie value before signing). */
  sessionId: string;
  /** Fields of a valid, changed save of the first section (item id → values). */
  saveFields: Record<string, string[]>;
}

export interface Dataset {
  instrument: Instrument;
  openWave: { id: number; slug: string };
  bigWave: { id: number; slug: string; answers: number; responses: number } | null;
  staff: { userId: number; sessionId: string };
  admin: { userId: number; sessionId: string };
  ready: ReadyResponse[];
  counts: { councils: number; responses: number; answers: number; waves: number };
}

type Col = [name: string, pgType: string];
const TABLES: Record<string, Col[]> = {
  instrument_versions: [
    ["version", "int"],
    ["title", "text"],
    ["definition", "text"],
    ["created_at", "text"],
  ],
  councils: [
    ["id", "int"],
    ["gss_code", "text"],
    ["name", "text"],
    ["type", "text"],
    ["region", "text"],
    ["nation", "text"],
    ["active", "int"],
    ["created_at", "text"],
    ["updated_at", "text"],
  ],
  users: [
    ["id", "int"],
    ["email", "text"],
    ["name", "text"],
    ["password_hash", "text"],
    ["role", "text"],
    ["council_id", "int"],
    ["created_at", "text"],
    ["updated_at", "text"],
  ],
  sessions: [
    ["id_hash", "text"],
    ["user_id", "int"],
    ["created_at", "text"],
    ["last_seen_at", "text"],
    ["expires_at", "text"],
    ["client_address", "text"],
    ["user_agent", "text"],
    ["mfa_verified", "int"],
  ],
  waves: [
    ["id", "int"],
    ["slug", "text"],
    ["title", "text"],
    ["instrument_version", "int"],
    ["status", "text"],
    ["opens_on", "text"],
    ["closes_on", "text"],
    ["published_at", "text"],
    ["created_at", "text"],
    ["updated_at", "text"],
  ],
  responses: [
    ["id", "int"],
    ["wave_id", "int"],
    ["council_id", "int"],
    ["instrument_version", "int"],
    ["status", "text"],
    ["version", "int"],
    ["reference", "text"],
    ["started_at", "text"],
    ["updated_at", "text"],
    ["updated_by", "int"],
    ["submitted_at", "text"],
    ["submitted_by", "int"],
    ["submission_count", "int"],
  ],
  response_sections: [
    ["response_id", "int"],
    ["section_id", "text"],
    ["state", "text"],
    ["version", "int"],
    ["updated_at", "text"],
    ["updated_by", "int"],
  ],
  answers: [
    ["response_id", "int"],
    ["item_id", "text"],
    ["value", "text"],
    ["updated_at", "text"],
    ["updated_by", "int"],
  ],
  response_versions: [
    ["response_id", "int"],
    ["submission_number", "int"],
    ["response_version", "int"],
    ["instrument_version", "int"],
    ["answers", "text"],
    ["submitted_at", "text"],
    ["submitted_by", "int"],
  ],
  response_scores: [
    ["response_id", "int"],
    ["wave_id", "int"],
    ["council_id", "int"],
    ["instrument_version", "int"],
    ["presc", "float8"],
    ["burden", "float8"],
    ["tech", "float8"],
    ["ltc", "float8"],
    ["pct", "float8"],
    ["gap", "float8"],
    ["headline_gap", "float8"],
    ["gap2", "float8"],
    ["gap3", "float8"],
    ["gap4", "float8"],
    ["gap5", "float8"],
    ["gap6", "float8"],
    ["item_values", "text"],
    ["computed_at", "text"],
  ],
};
const IDENTITY_TABLES = ["councils", "users", "waves", "responses"];

interface BulkWriter {
  insert(table: keyof typeof TABLES, rows: unknown[][]): Promise<void>;
  finish(): Promise<void>;
}

function sqliteWriter(file: string): BulkWriter {
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    insert: async (table, rows) => {
      const cols = TABLES[table]!;
      let statement = statements.get(table);
      if (!statement) {
        statement = db.prepare(`insert into ${table} (${cols.map((c) => c[0]).join(", ")}) values (${cols.map(() => "?").join(", ")})`);
        statements.set(table, statement);
      }
      const run = statement;
      db.transaction(() => {
        for (const row of rows) run.run(...row);
      })();
    },
    finish: async () => {
      db.exec("analyze");
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

function postgresWriter(url: string): BulkWriter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    insert: async (table, rows) => {
      const cols = TABLES[table]!;
      const chunk = 20_000;
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        const columns = cols.map((_, i) => part.map((r) => r[i] ?? null));
        await pool.query(
          `insert into ${table} (${cols.map((c) => c[0]).join(", ")}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ")})`,
          columns,
        );
      }
    },
    finish: async () => {
      for (const table of IDENTITY_TABLES) {
        await pool.query(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`);
      }
      await pool.query("analyze");
      await pool.end();
    },
  };
}

const TYPES = [...new Set(DEMO_COUNCILS.map((c) => c.type))];

/** Migrates the (empty) database at `url` (or each of several) and fills it with the same data. */
export async function buildDataset(url: string | string[], options: DatasetOptions): Promise<Dataset> {
  const writers: BulkWriter[] = [];
  for (const each of Array.isArray(url) ? url : [url]) {
    const handle = openDatabase(each, { poolSize: 2 });
    await migrateToLatest(handle.db);
    await handle.close();
    const location = parseDatabaseUrl(each);
    // PostgreSQL first, so that its statement is on its way before SQLite's synchronous write runs.
    if (location.dialect === "sqlite") writers.push(sqliteWriter(location.file));
    else writers.unshift(postgresWriter(location.url));
  }
  // The rows are generated once; PostgreSQL works in its own process while SQLite writes here.
  const writer: BulkWriter = {
    insert: async (table, rows) => {
      await Promise.all(writers.map((w) => w.insert(table, rows)));
    },
    finish: async () => {
      await Promise.all(writers.map((w) => w.finish()));
    },
  };

  const random = seededRandom(options.seed ?? 424242);
  const instrument = getInstrument(CURRENT_INSTRUMENT_VERSION);
  const base = Date.UTC(2026, 10, 27);
  const iso = (days: number) => new Date(base + days * 86_400_000).toISOString();
  const counts = { councils: 0, responses: 0, answers: 0, waves: 0 };

  await writer.insert("instrument_versions", [[instrument.version, instrument.title, JSON.stringify(instrumentV1), iso(-9000)]]);

  // Councils: the association's (real demo councils, then synthetic), then synthetic bodies.
  const councilRows: unknown[][] = [];
  const councilType = new Map<number, string>();
  const addCouncil = (code: string, name: string, type: string, region: string, nation: string) => {
    const id = councilRows.length + 1;
    councilRows.push([id, code, name, type, region, nation, 1, iso(-9000), iso(-9000)]);
    councilType.set(id, type);
    return id;
  };
  const association: number[] = [];
  for (let i = 0; i < options.councils; i++) {
    const real = DEMO_COUNCILS[i];
    if (real) association.push(addCouncil(real.gssCode, real.name, real.type, real.region, real.nation));
    else {
      const like = random.pick(DEMO_COUNCILS);
      association.push(addCouncil(`S${String(i).padStart(8, "0")}`, `Synthetic Council ${i}`, like.type, like.region, like.nation));
    }
  }
  const syntheticBody = (n: number) => {
    const like = random.pick(DEMO_COUNCILS);
    return addCouncil(`B${String(n).padStart(8, "0")}`, `Synthetic Body ${n}`, random.pick(TYPES), like.region, like.nation);
  };

  // Users: staff, admin, one respondent per association council; pool respondents come later.
  const userRows: unknown[][] = [];
  const addUser = (email: string, name: string, role: string, councilId: number | null) => {
    const id = userRows.length + 1;
    userRows.push([id, email, name, null, role, councilId, iso(-9000), iso(-9000)]);
    return id;
  };
  const staffId = addUser("bench.staff@localtrust.example", "Bench Staff", "staff", null);
  const adminId = addUser("bench.admin@localtrust.example", "Bench Admin", "admin", null);
  const respondentOf = new Map<number, number>();
  for (const id of association) respondentOf.set(id, addUser(`respondent.${id}@council.example`, `Respondent ${id}`, "respondent", id));

  // Waves: history (oldest first), the big wave, the open wave.
  const waveRows: unknown[][] = [];
  const addWave = (slug: string, title: string, status: string, created: number) => {
    const id = waveRows.length + 1;
    waveRows.push([
      id,
      slug,
      title,
      instrument.version,
      status,
      iso(created).slice(0, 10),
      iso(created + 56).slice(0, 10),
      status === "published" ? iso(created + 90) : null,
      iso(created),
      iso(created),
    ]);
    return id;
  };
  const history = Array.from({ length: options.historyWaves }, (_, i) =>
    addWave(`history-${i + 1}`, `History wave ${i + 1}`, "published", -365 * (options.historyWaves - i) - 100),
  );
  const bigWaveId = options.bigWaveAnswers > 0 ? addWave("large", "Large wave (synthetic bodies)", "closed", -90) : null;
  const openWaveId = addWave("open", "Open wave", "open", -20);

  const responseRows: unknown[][] = [];
  const sectionRows: unknown[][] = [];
  const answerRows: unknown[][] = [];
  const versionRows: unknown[][] = [];
  const scoreRows: unknown[][] = [];
  const written = { councils: 0, users: 0, waves: 0 };
  const flush = async () => {
    // Parents first, so that PostgreSQL's foreign keys hold at every statement.
    await writer.insert("councils", councilRows.slice(written.councils));
    written.councils = councilRows.length;
    await writer.insert("users", userRows.slice(written.users));
    written.users = userRows.length;
    await writer.insert("waves", waveRows.slice(written.waves));
    written.waves = waveRows.length;
    await writer.insert("responses", responseRows.splice(0));
    await writer.insert("response_sections", sectionRows.splice(0));
    await writer.insert("answers", answerRows.splice(0));
    await writer.insert("response_versions", versionRows.splice(0));
    await writer.insert("response_scores", scoreRows.splice(0));
  };
  let references = 0;
  const answersFor = (councilId: number, rnd: Random) =>
    dropHiddenAnswers(instrument, demoAnswers(instrument, councilProfile(rnd, councilType.get(councilId) ?? "UA"), rnd));
  const addResponse = (
    waveId: number,
    councilId: number,
    userId: number | null,
    answers: Map<string, AnswerValue>,
    outcome: "submitted" | "complete" | "partial",
    at: string,
  ) => {
    const id = ++counts.responses;
    const done = outcome === "partial" ? instrument.sections.slice(0, 1 + Math.floor(random.next() * 4)) : instrument.sections;
    const stored: Record<string, string> = {};
    const kept = new Map<string, AnswerValue>();
    for (const section of done) {
      for (const item of section.items) {
        const value = answers.get(item.id);
        if (value === undefined) continue;
        const encoded = encodeAnswer(getItem(instrument, item.id)!, value);
        stored[item.id] = encoded;
        kept.set(item.id, value);
        answerRows.push([id, item.id, encoded, at, userId]);
        counts.answers++;
      }
      sectionRows.push([id, section.id, "saved", 1, at, userId]);
    }
    const submitted = outcome === "submitted";
    const version = 1 + done.length + (submitted ? 1 : 0);
    references++;
    responseRows.push([
      id,
      waveId,
      councilId,
      instrument.version,
      submitted ? "submitted" : "in_progress",
      version,
      `LT-B${String(references).padStart(9, "0")}`,
      at,
      at,
      userId,
      submitted ? at : null,
      submitted ? userId : null,
      submitted ? 1 : 0,
    ]);
    if (submitted) {
      versionRows.push([id, 1, version - 1, instrument.version, JSON.stringify(stored), at, userId]);
      scoreRows.push(scoreValues(scoreRow(instrument, kept, { responseId: id, waveId, councilId, now: at })));
    }
    return { id, version };
  };

  // History: about four in five association councils submitted each wave.
  for (const [w, waveId] of history.entries()) {
    for (const councilId of association) {
      if (random.next() < 0.8)
        addResponse(waveId, councilId, respondentOf.get(councilId)!, answersFor(councilId, random), "submitted", iso(-365 * (options.historyWaves - w) - 80));
    }
    if (answerRows.length > 200_000) await flush();
  }

  // The big wave: synthetic bodies, every one submitted, until it holds the requested answers.
  let bigResponses = 0;
  let bigAnswers = 0;
  const bodies: number[] = [];
  if (bigWaveId !== null) {
    while (bigAnswers < options.bigWaveAnswers) {
      const councilId = syntheticBody(bodies.length);
      bodies.push(councilId);
      const before = counts.answers;
      addResponse(bigWaveId, councilId, null, answersFor(councilId, random), "submitted", iso(-70));
      bigAnswers += counts.answers - before;
      bigResponses++;
      if (answerRows.length > 200_000) await flush();
    }
  }

  // The open wave: the association's councils as in the demo (40% submitted, 25% partial) ...
  if (options.openWaveActivity ?? true) {
    for (const councilId of association) {
      const roll = random.next();
      if (roll < 0.4) addResponse(openWaveId, councilId, respondentOf.get(councilId)!, answersFor(councilId, random), "submitted", iso(-10));
      else if (roll < 0.65) addResponse(openWaveId, councilId, respondentOf.get(councilId)!, answersFor(councilId, random), "partial", iso(-10));
    }
  }
  // ... and the ready pool: complete but not submitted, on bodies (or association councils when there is no big wave).
  const sessionRows: unknown[][] = [];
  const now = new Date();
  const session = (userId: number, mfaVerified = false) => {
    const made = newSessionRow(userId, { mfaVerified, now });
    const r = made.row;
    sessionRows.push([r.id_hash, r.user_id, r.created_at, r.last_seen_at, r.expires_at, r.client_address, r.user_agent, r.mfa_verified]);
    return made.id;
  };
  const ready: ReadyResponse[] = [];
  const firstSection = instrument.sections[0]!;
  for (let i = 0; i < options.readyPool; i++) {
    const councilId = bodies[i] ?? (options.openWaveActivity === false ? association[i] : undefined) ?? syntheticBody(bodies.length + i);
    const userId = addUser(`pool.${councilId}@body.example`, `Pool Respondent ${councilId}`, "respondent", councilId);
    const answers = answersFor(councilId, random);
    const { id, version } = addResponse(openWaveId, councilId, userId, answers, "complete", iso(-5));
    // A save of the first section with freshly drawn answers (the same section stays complete).
    const other = answersFor(councilId, random);
    const saveFields: Record<string, string[]> = {};
    for (const item of firstSection.items) {
      const value = other.get(item.id);
      if (value !== undefined) saveFields[item.id] = Array.isArray(value) ? value : [value];
    }
    ready.push({ councilId, userId, responseId: id, version, sessionId: session(userId), saveFields });
    if (answerRows.length > 200_000) await flush();
  }
  counts.councils = councilRows.length;
  counts.waves = waveRows.length;

  await flush();
  const staffSession = session(staffId, true);
  const adminSession = session(adminId, true);
  await writer.insert("sessions", sessionRows);
  await writer.finish();
  return {
    instrument,
    openWave: { id: openWaveId, slug: "open" },
    bigWave: bigWaveId === null ? null : { id: bigWaveId, slug: "large", answers: bigAnswers, responses: bigResponses },
    staff: { userId: staffId, sessionId: staffSession },
    admin: { userId: adminId, sessionId: adminSession },
    ready,
    counts,
  };
}
