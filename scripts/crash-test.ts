// `npm run test:crash -- --cycles N`: submissions under load against a real server process on a
// SQLite file, SIGKILL at a random moment, restart; after every cycle the database must pass
// PRAGMA integrity_check and foreign_key_check, and every submission that got a success response
// must be stored exactly once (response_versions). Exit code 0 when every cycle held.
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { backupSqlite } from "../db/backup";
import { readArgs } from "../cli/args";
import { buildDataset } from "./bench/dataset";
import { signedSessionCookie, sleep, startServer } from "./bench/lib";

const { values } = readArgs(process.argv.slice(2), { cycles: { type: "string", default: "20" } }, "usage: npm run test:crash -- [--cycles N]");
const CYCLES = Number(values.cycles);
const WORKERS = 12;
const POOL = 300;
if (!Number.isInteger(CYCLES) || CYCLES < 1) throw new Error("--cycles must be a positive whole number");

const work = path.resolve(".cache/crash-test");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const file = path.join(work, "crash.sqlite");
const url = `file:${file}`;

const started = Date.now();
const ds = await buildDataset(url, { councils: 20, historyWaves: 1, bigWaveAnswers: 0, readyPool: POOL, openWaveActivity: false });
const entries = await Promise.all(ds.ready.map(async (e) => ({ ...e, cookie: await signedSessionCookie(e.sessionId), busy: false })));
/** (response id, response version) pairs whose submit was answered with success. */
const acknowledged: { responseId: number; version: number }[] = [];
let totalAcknowledged = 0;
let totalUnknown = 0;

function check(cycle: number) {
  const db = new SqliteDatabase(file);
  try {
    const integrity = db.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== "ok") throw new Error(`cycle ${cycle}: integrity_check: ${JSON.stringify(integrity)}`);
    const broken = db.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) throw new Error(`cycle ${cycle}: foreign_key_check: ${JSON.stringify(broken.slice(0, 5))}`);
    const count = db.prepare("select count(*) as n from response_versions where response_id = ? and response_version = ?");
    for (const a of acknowledged) {
      const { n } = count.get(a.responseId, a.version) as { n: number };
      if (n !== 1) throw new Error(`cycle ${cycle}: submission of response ${a.responseId} at version ${a.version} was acknowledged but is stored ${n} times`);
    }
    const duplicates = db
      .prepare("select response_id, response_version, count(*) as n from response_versions group by response_id, response_version having count(*) > 1")
      .all();
    if (duplicates.length > 0) throw new Error(`cycle ${cycle}: duplicate submissions ${JSON.stringify(duplicates.slice(0, 5))}`);
    const unscored = db
      .prepare(
        "select count(*) as n from responses r left join response_scores s on s.response_id = r.id where r.status = 'submitted' and s.response_id is null",
      )
      .get() as { n: number };
    if (unscored.n > 0) throw new Error(`cycle ${cycle}: ${unscored.n} submitted responses without stored scores (a torn submit)`);
    // Reopen what was submitted (as "Amend answers" does) so that the pool can be submitted again.
    db.prepare("update responses set status = 'in_progress', version = version + 1 where status = 'submitted' and wave_id = ?").run(ds.openWave.id);
    const versions = new Map(
      (db.prepare("select id, version from responses where wave_id = ?").all(ds.openWave.id) as { id: number; version: number }[]).map((r) => [
        r.id,
        r.version,
      ]),
    );
    for (const e of entries) e.version = versions.get(e.responseId)!;
  } finally {
    db.close();
  }
}

for (let cycle = 1; cycle <= CYCLES; cycle++) {
  const server = await startServer({ databaseUrl: url, logFile: path.join(work, "server.log") });
  let stop = false;
  let acknowledgedNow = 0;
  const worker = async () => {
    while (!stop) {
      const free = entries.filter((e) => !e.busy);
      const entry = free[Math.floor(Math.random() * free.length)];
      if (!entry) {
        await sleep(5);
        continue;
      }
      entry.busy = true;
      const version = entry.version;
      try {
        const res = await fetch(`${server.url}/surveys/${ds.openWave.slug}/submit`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: entry.cookie },
          body: new URLSearchParams({ _version: String(version), declaration: "yes" }),
        });
        await res.text();
        if (res.status === 302 && res.headers.get("location")?.endsWith("/confirmation")) {
          acknowledged.push({ responseId: entry.responseId, version });
          acknowledgedNow++;
          // The next submit of this response needs it reopened; leave it alone until the next cycle.
          entry.version = -1;
        } else if (res.status >= 500) {
          throw new Error(`cycle ${cycle}: the server answered ${res.status}`);
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("cycle")) throw error;
        totalUnknown++; // killed mid-request: the outcome is unknown, and is checked only for duplicates
        entry.version = -1;
      } finally {
        entry.busy = entry.version === -1;
      }
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  if (cycle % 5 === 1) {
    // An online backup while submissions land: consistent, and holding every
    // submission acknowledged before it started.
    await sleep(150);
    const known = acknowledged.slice();
    const target = path.join(work, `backup-${cycle}.sqlite`);
    await backupSqlite(file, target); // checks integrity_check and foreign_key_check itself
    const copy = new SqliteDatabase(target, { readonly: true });
    try {
      const count = copy.prepare("select count(*) as n from response_versions where response_id = ? and response_version = ?");
      for (const a of known)
        if ((count.get(a.responseId, a.version) as { n: number }).n !== 1)
          throw new Error(`cycle ${cycle}: the backup lacks acknowledged submission ${a.responseId}@${a.version}`);
      const torn = copy
        .prepare(
          "select count(*) as n from responses r left join response_scores s on s.response_id = r.id where r.status = 'submitted' and s.response_id is null",
        )
        .get() as { n: number };
      if (torn.n > 0) throw new Error(`cycle ${cycle}: the backup holds ${torn.n} half-written submissions`);
    } finally {
      copy.close();
    }
    for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
    console.log(`cycle ${cycle}: online backup during the load is consistent and holds all ${known.length} submissions acknowledged before it`);
  }
  await sleep(100 + Math.random() * 900);
  await server.kill();
  stop = true;
  await Promise.all(workers);
  totalAcknowledged += acknowledgedNow;
  for (const e of entries) e.busy = false;
  check(cycle);
  console.log(
    `cycle ${cycle}/${CYCLES}: killed after ${acknowledgedNow} acknowledged submissions; integrity ok, foreign keys ok, ${acknowledged.length} acknowledged submissions each stored once`,
  );
}
console.log(
  `crash test: ${CYCLES} cycles, ${totalAcknowledged} acknowledged submissions all stored exactly once, ${totalUnknown} requests cut off by SIGKILL, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
