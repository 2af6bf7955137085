// `npm run test:powerloss -- --cycles N [--phases single,double,ack] [--seconds S] [--fsync-ms F]`: simulated power
// cuts. The database lives on cutfs (scripts/powerloss/cutfs.py), a FUSE file system that
// keeps every write not yet fsynced in memory and drops it on command. A power cut is SIGKILL of the
// server plus that drop. After every cut the database must pass integrity_check and
// foreign_key_check, and everything the app acknowledged must be stored exactly once:
// - submissions answered with the redirect to the confirmation page (single posts, and pairs of
//   posts 0–3 ms apart, as a double click, a browser retry or two tabs send them);
// - section saves answered with a redirect;
// - what the confirmation page and a colleague's overview showed ("submission N", so at least N
//   submissions are stored).
// Phases (N cycles each): `single` (one post per submission, cuts at random moments), `double`
// (pairs of posts, random cuts), `ack` (pairs of posts, the cut comes as soon as one post of a pair is
// answered while the other is still pending).
// Before the phases the harness proves it can fail: a control writer with synchronous=OFF must
// lose acknowledged rows and one with FULL must lose none, or the run stops as broken (exit 2).
// Needs /dev/fuse, fusermount and Debian's python3-fusepy (.ci/run installs them). Exit 0 when
// nothing acknowledged was lost.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import SqliteDatabase from "better-sqlite3";
import { buildDataset } from "./bench/dataset";
import { newSessionRow, signedSessionCookie, sleep, startServer, type RunningServer } from "./bench/lib";

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const CYCLES = Number(option("cycles") ?? 10);
const PHASES = (option("phases") ?? "single,double,ack").split(",") as Phase[];
/** The longest a cycle's load runs before its cut (random cuts come at a random moment before it). */
const MAX_SECONDS = Number(option("seconds") ?? 2.5);
/** cutfs's flush latency: how long an fsync takes, as on a disk (cuts in that window lose its data). */
const FSYNC_MS = Number(option("fsync-ms") ?? 40);
const WORKERS = 10;
const POOL = 120;
type Phase = "single" | "double" | "ack";
if (!Number.isInteger(CYCLES) || CYCLES < 1) throw new Error("--cycles must be a positive whole number");
for (const p of PHASES) if (!["single", "double", "ack"].includes(p)) throw new Error(`unknown phase ${p} (single, double, ack)`);

const PYTHON = "/usr/bin/python3";
const work = path.resolve(".cache/powerloss");
const backing = path.join(work, "backing");
const mount = path.join(work, "mount");
const fifo = path.join(work, "control");
const started = Date.now();

// ---- the power-cut file system ---------------------------------------------------------------
spawnSync("fusermount", ["-u", "-z", mount], { stdio: "ignore" });
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(backing, { recursive: true });
fs.mkdirSync(mount, { recursive: true });

class CutFs {
  private lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`cutfs: ${chunk.toString()}`));
  }
  static async start() {
    if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: apt-get install -y fuse3 python3-fusepy`);
    const child = spawn(PYTHON, [path.resolve("scripts/powerloss/cutfs.py"), backing, mount, fifo, String(FSYNC_MS)]);
    const fsys = new CutFs(child);
    const first = await Promise.race([fsys.next(), sleep(15_000).then(() => "timeout")]);
    if (first !== "ready") throw new Error(`cutfs did not mount (${first}); it needs /dev/fuse, fusermount and python3-fusepy`);
    return fsys;
  }
  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiting = resolve));
  }
  /**
   * The power cut: drops everything not fsynced and turns the power off (nothing written after it
   * lands, not even an fsync already under way). The command is sent before this returns, so call
   * it right after the SIGKILL; resolves with how much was dropped.
   */
  cut(): Promise<{ files: number; bytes: number }> {
    fs.writeFileSync(fifo, "cut\n");
    return this.next().then((line) => {
      const reply = line.split(" ");
      if (reply[0] !== "cut") throw new Error(`cutfs answered ${line}`);
      return { files: Number(reply[1]), bytes: Number(reply[2]) };
    });
  }
  /** Power back on, once the killed processes have exited. */
  async powerOn() {
    fs.writeFileSync(fifo, "on\n");
    const reply = await this.next();
    if (reply !== "on") throw new Error(`cutfs answered ${reply}`);
  }
  async unmount() {
    spawnSync("fusermount", ["-u", mount], { stdio: "inherit" });
    await new Promise((resolve) => (this.child.exitCode !== null ? resolve(null) : this.child.once("exit", resolve)));
  }
}

const cutfs = await CutFs.start();
let failed = false;
try {
  await run();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await cutfs.unmount();
}
process.exit(failed ? 1 : 0);

// ---- the run -----------------------------------------------------------------------------------
async function run() {
  await proveTheHarness();
  const results = [];
  for (const phase of PHASES) results.push(await runPhase(phase));
  console.log(
    `\npower-loss test: ${((Date.now() - started) / 1000).toFixed(1)} s, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `${"phase".padEnd(8)}${"cycles".padStart(8)}${"acknowledged".padStart(14)}${"lost".padStart(6)}   (submissions / saves / pages showing a submission)`,
  );
  for (const r of results) {
    const acked = r.submissions.acknowledged + r.saves.acknowledged + r.seen.acknowledged;
    const lost = r.submissions.lost + r.saves.lost + r.seen.lost;
    console.log(
      `${r.phase.padEnd(8)}${String(r.cycles).padStart(8)}${String(acked).padStart(14)}${String(lost).padStart(6)}   (${r.submissions.acknowledged}/${r.saves.acknowledged}/${r.seen.acknowledged} acknowledged, ${r.submissions.lost}/${r.saves.lost}/${r.seen.lost} lost; ${r.ackCuts} cuts right after an answer with a post pending)`,
    );
  }
  const lost = results.reduce((n, r) => n + r.submissions.lost + r.saves.lost + r.seen.lost, 0);
  if (lost > 0) throw new Error(`power-loss test: ${lost} acknowledged writes were lost`);
  // A run in which nothing was acknowledged proves nothing (every post refused, say): broken, not passed.
  const acknowledged = results.reduce((n, r) => n + r.submissions.acknowledged + r.saves.acknowledged, 0);
  if (acknowledged === 0)
    throw new Error("power-loss test: no submission or save was acknowledged in any cycle, so the run shows nothing: the harness is broken");
  console.log("power-loss test: nothing acknowledged was lost");
}

/** Control writers: OFF must lose acknowledged rows, FULL none; otherwise the harness cannot see a loss. */
async function proveTheHarness() {
  const lossOf = async (mode: "off" | "full") => {
    const file = path.join(mount, `control-${mode}.sqlite`);
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/powerloss/control-writer.ts"), file, mode]);
    let acknowledged = 0;
    let ready = false;
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      if (line === "ready") ready = true;
      else if (line.startsWith("ack ")) acknowledged = Math.max(acknowledged, Number(line.slice(4)));
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 30_000;
    while (!ready || acknowledged < 200) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`control writer (${mode}) did not run: ${errors}`);
      await sleep(20);
    }
    await sleep(300 + Math.random() * 300);
    child.kill("SIGKILL");
    const cut = cutfs.cut();
    await exited;
    await cut;
    await cutfs.powerOn();
    await sleep(50); // the last "ack" lines still in the pipe
    const db = new SqliteDatabase(file);
    try {
      if (db.pragma("integrity_check", { simple: true }) !== "ok") throw new Error(`control writer (${mode}): integrity_check failed after the cut`);
      const stored = (db.prepare("select count(*) as n from control where id <= ?").get(acknowledged) as { n: number }).n;
      return { acknowledged, lost: acknowledged - stored };
    } finally {
      db.close();
    }
  };
  const off = await lossOf("off");
  const full = await lossOf("full");
  console.log(
    `harness check: synchronous=OFF lost ${off.lost} of ${off.acknowledged} acknowledged rows; synchronous=FULL lost ${full.lost} of ${full.acknowledged}`,
  );
  if (off.lost === 0 || full.lost !== 0) {
    console.error("power-loss harness is broken: it must see OFF lose acknowledged rows and FULL lose none");
    await cutfs.unmount();
    process.exit(2);
  }
}

interface Tally {
  acknowledged: number;
  lost: number;
}

async function runPhase(phase: Phase) {
  const file = path.join(backing, `${phase}.sqlite`);
  const onMount = path.join(mount, `${phase}.sqlite`);
  const url = `file:${onMount}`;
  // Built on the backing folder (durable), then used through the mount.
  const ds = await buildDataset(`file:${file}`, { councils: 20, historyWaves: 1, bigWaveAnswers: 0, readyPool: POOL, openWaveActivity: false });
  const section = ds.instrument.sections[0]!;
  const colleagues = addColleagues(file, ds.ready);
  const entries = await Promise.all(
    ds.ready.map(async (e, i) => ({
      ...e,
      cookie: await signedSessionCookie(e.sessionId),
      colleagueCookie: await signedSessionCookie(colleagues[i]!),
      busy: false,
      done: false,
    })),
  );
  const submissions: { responseId: number; version: number }[] = [];
  const saves: { responseId: number; sectionVersion: number }[] = [];
  const seen: { responseId: number; submissions: number }[] = [];
  const tally = {
    submissions: { acknowledged: 0, lost: 0 } as Tally,
    saves: { acknowledged: 0, lost: 0 } as Tally,
    seen: { acknowledged: 0, lost: 0 } as Tally,
    ackCuts: 0,
  };

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = await startServer({ databaseUrl: url, logFile: path.join(work, "server.log") });
    let stop = false;
    let killed = false;
    let cut: Promise<{ files: number; bytes: number }> | null = null;
    /** The power cut, at once: SIGKILL and cutfs's cut in the same callback. */
    const killNow = () => {
      if (killed) return;
      killed = true;
      stop = true;
      server.child.kill("SIGKILL");
      cut = cutfs.cut();
    };
    const cycleAcks = { submissions: [] as typeof submissions, saves: [] as typeof saves, seen: [] as typeof seen };
    const worker = async () => {
      while (!stop) {
        const free = entries.filter((e) => !e.busy && !e.done);
        const entry = free[Math.floor(Math.random() * free.length)];
        if (!entry) {
          await sleep(5);
          continue;
        }
        entry.busy = true;
        try {
          await act(server, entry, phase, section.slug, cycleAcks, killNow);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("unexpected")) throw error;
          // Cut off by the kill: the outcome is unknown and only checked for duplicates.
        } finally {
          entry.busy = false;
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, worker);
    // The clock starts at the first answer (a freshly started server is slow to warm up); random
    // cuts come at a random moment after it, the ack phase cuts at its first chance.
    const warmUntil = Date.now() + 60_000;
    while (!killed && cycleAcks.saves.length + cycleAcks.submissions.length === 0 && Date.now() < warmUntil) await sleep(5);
    const until = Date.now() + (phase === "ack" ? MAX_SECONDS * 1000 : Math.random() * MAX_SECONDS * 1000);
    while (!killed && Date.now() < until) await sleep(2);
    const ackCut = killed;
    if (ackCut) tally.ackCuts++;
    else killNow();
    await server.kill();
    const dropped = await cut!;
    await cutfs.powerOn();
    await Promise.all(workers);
    submissions.push(...cycleAcks.submissions);
    saves.push(...cycleAcks.saves);
    seen.push(...cycleAcks.seen);
    tally.submissions.acknowledged += cycleAcks.submissions.length;
    tally.saves.acknowledged += cycleAcks.saves.length;
    tally.seen.acknowledged += cycleAcks.seen.length;
    const lost = check(onMount, { submissions, saves, seen, sectionId: section.id, waveId: ds.openWave.id });
    tally.submissions.lost += lost.submissions;
    tally.saves.lost += lost.saves;
    tally.seen.lost += lost.seen;
    for (const e of entries) e.done = false;
    const lostNow = lost.submissions + lost.saves + lost.seen;
    console.log(
      `[${phase}] cycle ${cycle}/${CYCLES}: cut ${ackCut ? "right after an answer with a post pending" : "at a random moment"}, after ${cycleAcks.submissions.length} submissions, ${cycleAcks.saves.length} saves, ${cycleAcks.seen.length} pages showing a submission; dropped ${dropped.bytes} unsynced bytes in ${dropped.files} files; integrity ok; ${lostNow === 0 ? "nothing acknowledged lost" : `LOST ${lost.submissions} submissions, ${lost.saves} saves, ${lost.seen} shown submissions`}`,
    );
  }
  return { phase, cycles: CYCLES, ...tally };
}

/** Another respondent of each entry's council, signed in: the colleague whose overview is read. */
function addColleagues(file: string, ready: { councilId: number }[]): string[] {
  const db = new SqliteDatabase(file);
  try {
    const now = new Date().toISOString();
    const user = db.prepare(
      "insert into users (email, name, password_hash, role, council_id, created_at, updated_at) values (?, ?, null, 'respondent', ?, ?, ?)",
    );
    const sessions: string[] = [];
    for (const e of ready) {
      const { lastInsertRowid } = user.run(`colleague.${e.councilId}@body.example`, `Colleague ${e.councilId}`, e.councilId, now, now);
      const { id, row } = newSessionRow(Number(lastInsertRowid));
      db.prepare(
        `insert into sessions (${Object.keys(row).join(", ")}) values (${Object.keys(row)
          .map(() => "?")
          .join(", ")})`,
      ).run(...Object.values(row));
      sessions.push(id);
    }
    return sessions;
  } finally {
    db.close();
  }
}

type Entry = { responseId: number; cookie: string; colleagueCookie: string; done: boolean; saveFields: Record<string, string[]> };
type CycleAcks = {
  submissions: { responseId: number; version: number }[];
  saves: { responseId: number; sectionVersion: number }[];
  seen: { responseId: number; submissions: number }[];
};

/**
 * One respondent's turn: save the first section, or submit (once, or twice at once), then read the
 * confirmation page and a colleague's overview. Any answer that arrives counts, even one that
 * arrives after the kill: the server sent it before it died, so before the cut.
 */
async function act(server: RunningServer, entry: Entry, phase: Phase, sectionSlug: string, acks: CycleAcks, killNow: () => void) {
  const base = `${server.url}/surveys/open`;
  const get = async (url: string, cookie: string) => {
    const res = await fetch(url, { redirect: "manual", headers: { Cookie: cookie } });
    return { status: res.status, body: await res.text() };
  };
  const post = async (url: string, cookie: string, body: URLSearchParams) => {
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
      body,
    });
    await res.text();
    if (res.status >= 500) throw new Error(`unexpected ${res.status} from ${url}`);
    return { status: res.status, location: res.headers.get("location") ?? "" };
  };
  const version = (html: string) => {
    const v = Number(/name="_version" value="(\d+)"/.exec(html)?.[1]);
    if (!Number.isInteger(v)) throw new Error("unexpected page: no _version field");
    return v;
  };
  /** How many submissions a page says the council has made (0: it shows none). */
  const shown = (html: string) => {
    if (html.includes("Answers submitted")) return html.includes("first submission") ? 1 : Number(/This is submission (\d+)/.exec(html)?.[1]);
    if (html.includes("Your council submitted its answers")) return Number(/\(submission (\d+);/.exec(html)?.[1] ?? 1);
    return 0;
  };

  if (Math.random() < 0.35) {
    const page = await get(`${base}/sections/${sectionSlug}`, entry.cookie);
    if (page.status !== 200) {
      entry.done = true; // submitted already: it waits for the reopening at the end of the cycle
      return;
    }
    const v = version(page.body);
    const body = new URLSearchParams({ _version: String(v), _intent: "continue" });
    for (const [k, values] of Object.entries(entry.saveFields)) for (const value of values) body.append(k, value);
    const saved = await post(`${base}/sections/${sectionSlug}`, entry.cookie, body);
    if (saved.status === 302) acks.saves.push({ responseId: entry.responseId, sectionVersion: v + 1 });
    return;
  }
  const checkPage = await get(`${base}/check`, entry.cookie);
  if (checkPage.status !== 200) {
    entry.done = true;
    return;
  }
  const v = version(checkPage.body);
  const form = new URLSearchParams({ _version: String(v), declaration: "yes" });
  let acknowledged = false;
  let answered = 0;
  const submit = async () => {
    const r = await post(`${base}/submit`, entry.cookie, form);
    answered++;
    if (r.status === 302 && r.location.endsWith("/confirmation") && !acknowledged) {
      acknowledged = true;
      acks.submissions.push({ responseId: entry.responseId, version: v });
      entry.done = true;
      // The acknowledgement-timed cut: one post answered "submitted", the other still pending.
      if (phase === "ack" && answered === 1) killNow();
    }
  };
  if (phase === "single") {
    await submit();
  } else {
    // Two posts of the same form 0–3 ms apart (a double click, a browser retry, two tabs).
    const first = submit();
    await sleep(Math.floor(Math.random() * 4));
    const second = submit();
    const outcomes = await Promise.allSettled([first, second]);
    if (answered === 0) throw (outcomes[0] as PromiseRejectedResult).reason;
  }
  if (!acknowledged) return;
  const confirmation = await get(`${base}/confirmation`, entry.cookie);
  if (confirmation.status === 200 && shown(confirmation.body) > 0) acks.seen.push({ responseId: entry.responseId, submissions: shown(confirmation.body) });
  const overview = await get(base, entry.colleagueCookie);
  if (overview.status === 200 && shown(overview.body) > 0) acks.seen.push({ responseId: entry.responseId, submissions: shown(overview.body) });
}

/** After a cut: integrity, then every acknowledgement held; lost ones are counted once and forgotten. Reopens what was submitted. */
function check(
  file: string,
  state: {
    submissions: { responseId: number; version: number }[];
    saves: { responseId: number; sectionVersion: number }[];
    seen: { responseId: number; submissions: number }[];
    sectionId: string;
    waveId: number;
  },
) {
  const db = new SqliteDatabase(file);
  try {
    db.pragma("synchronous = FULL");
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`integrity_check after the cut: ${String(integrity)}`);
    const broken = db.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) throw new Error(`foreign_key_check after the cut: ${JSON.stringify(broken.slice(0, 5))}`);
    const duplicates = db
      .prepare("select response_id, response_version, count(*) as n from response_versions group by response_id, response_version having count(*) > 1")
      .all();
    if (duplicates.length > 0) throw new Error(`submissions stored twice: ${JSON.stringify(duplicates.slice(0, 5))}`);
    const savedTwice = db
      .prepare(
        "select target_id, json_extract(detail, '$.section') as s, json_extract(detail, '$.sectionVersion') as v, count(*) as n from audit_log where action = 'response.section-saved' group by 1, 2, 3 having count(*) > 1",
      )
      .all();
    if (savedTwice.length > 0) throw new Error(`section saves stored twice: ${JSON.stringify(savedTwice.slice(0, 5))}`);
    const lost = { submissions: 0, saves: 0, seen: 0 };
    const submission = db.prepare("select count(*) as n from response_versions where response_id = ? and response_version = ?");
    state.submissions.splice(
      0,
      state.submissions.length,
      ...state.submissions.filter((a) => ((submission.get(a.responseId, a.version) as { n: number }).n === 1 ? true : (lost.submissions++, false))),
    );
    const section = db.prepare("select version from response_sections where response_id = ? and section_id = ?");
    const saveAudit = db.prepare(
      "select count(*) as n from audit_log where action = 'response.section-saved' and target_id = ? and json_extract(detail, '$.sectionVersion') = ?",
    );
    state.saves.splice(
      0,
      state.saves.length,
      ...state.saves.filter((a) => {
        const row = section.get(a.responseId, state.sectionId) as { version: number } | undefined;
        const ok = row !== undefined && row.version >= a.sectionVersion && (saveAudit.get(String(a.responseId), a.sectionVersion) as { n: number }).n === 1;
        if (!ok) lost.saves++;
        return ok;
      }),
    );
    const count = db.prepare("select count(*) as n from response_versions where response_id = ?");
    state.seen.splice(
      0,
      state.seen.length,
      ...state.seen.filter((a) => ((count.get(a.responseId) as { n: number }).n >= a.submissions ? true : (lost.seen++, false))),
    );
    // Reopen what was submitted (as "Amend answers" does) so that the pool can be submitted again.
    db.prepare("update responses set status = 'in_progress', version = version + 1 where status = 'submitted' and wave_id = ?").run(state.waveId);
    return lost;
  } finally {
    db.close();
  }
}
