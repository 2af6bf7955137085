// Server time of the staff wave dashboard for a wave of 400 submitted responses with 20 earlier
// waves (400 responses each) in the database, on SQLite. Builds a synthetic database in a temp
// folder, then (1) times buildWaveSummary in-process and (2) starts the built server (run
// `npm run build` first) and times GET /waves/<slug> as a signed-in staff user.
//   npx tsx scripts/bench-dashboard.ts [--runs 15]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodeAnswer } from "../app/domain/answers";
import { allItems, isScoredScale, scaleCodes } from "../app/domain/instrument";
import { getInstrument } from "../app/domain/instruments";
import { instrumentV1 } from "../app/domain/instrument-v1";
import { scoreRow } from "../app/models/scores.server";
import { createUser } from "../app/models/user.server";
import { hashPassword } from "../app/services/password.server";
import { buildWaveSummary } from "../app/services/wave-summary.server";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";
import { readArgs } from "../cli/args";
import { seededRandom } from "../cli/seed/random";

const runs =
  Number(readArgs(process.argv.slice(2), { runs: { type: "string", default: "15" } }, "usage: tsx scripts/bench-dashboard.ts [--runs N]").values.runs) || 15;
const WAVES = 21;
const PER_WAVE = 400;
const TYPES = ["CTY", "NMD", "UA", "MD", "LBO", "CC", "SCO", "WPA", "NID"];
const NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"];
const REGIONS = [
  "North East",
  "North West",
  "London",
  "South East",
  "South West",
  "East of England",
  "West Midlands",
  "East Midlands",
  "Yorkshire and The Humber",
];
const PASSWORD = "bench-password-long-enough-123";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-bench-"));
const file = path.join(folder, "bench.sqlite");
const handle = openDatabase(`file:${file}`);
const db = handle.db;
await migrateToLatest(db);
const instrument = getInstrument(1);
const random = seededRandom(42);
const now = new Date().toISOString();

console.log(`building ${WAVES} waves × ${PER_WAVE} responses in ${file} …`);
const started = Date.now();
await db
  .insertInto("instrument_versions")
  .values({ version: 1, title: instrument.title, definition: JSON.stringify(instrumentV1), created_at: now })
  .execute();
await db.transaction().execute(async (trx) => {
  for (let c = 0; c < 450; c++) {
    await trx
      .insertInto("councils")
      .values({
        gss_code: `X${String(c).padStart(8, "0")}`,
        name: `Synthetic council ${c}`,
        type: TYPES[c % TYPES.length] as string,
        region: REGIONS[c % REGIONS.length] as string,
        nation: NATIONS[c % NATIONS.length] as string,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
});
await createUser(db, {
  email: "bench.staff@localtrust.example",
  name: "Bench Staff",
  passwordHash: await hashPassword(PASSWORD),
  role: "staff",
  councilId: null,
});
const items = allItems(instrument).filter((i) => i.scale !== "text");
for (let w = 0; w < WAVES; w++) {
  const created = new Date(Date.UTC(2000 + w, 0, 1)).toISOString();
  const wave = await db
    .insertInto("waves")
    .values({
      slug: `w${2000 + w}`,
      title: `${2000 + w} survey`,
      instrument_version: 1,
      status: w === WAVES - 1 ? "open" : "published",
      opens_on: null,
      closes_on: null,
      published_at: null,
      created_at: created,
      updated_at: created,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    for (let c = 0; c < PER_WAVE; c++) {
      const councilId = c + 1;
      const response = await trx
        .insertInto("responses")
        .values({
          wave_id: wave.id,
          council_id: councilId,
          instrument_version: 1,
          status: "submitted",
          version: 2,
          reference: `B-${w}-${c}`,
          started_at: created,
          updated_at: created,
          submitted_at: created,
          submission_count: 1,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const answers = new Map<string, string | string[]>();
      for (const item of items) {
        if (item.showWhen && answers.get(item.showWhen.itemId) !== item.showWhen.equals) continue;
        if (!item.required && random.next() < 0.05) continue;
        if (isScoredScale(item.scale)) {
          const codes = scaleCodes(item);
          answers.set(item.id, random.next() < 0.05 ? "dk" : (codes[Math.floor(random.next() * (codes.length - 1))] as string));
        } else if (item.scale === "choice") answers.set(item.id, random.pick(scaleCodes(item)));
        else if (item.scale === "multi") answers.set(item.id, [random.pick(scaleCodes(item))]);
        else answers.set(item.id, String(Math.floor(random.next() * 60)));
      }
      const rows = [...answers].map(([itemId, value]) => ({
        response_id: response.id,
        item_id: itemId,
        value: encodeAnswer(
          items.find((i) => i.id === itemId)!,
          value,
        ),
        updated_at: created,
        updated_by: null,
      }));
      await trx.insertInto("answers").values(rows).execute();
      await trx
        .insertInto("response_scores")
        .values(scoreRow(instrument, answers, { responseId: response.id, waveId: wave.id, councilId, now }))
        .execute();
    }
  });
}
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const slug = `w${2000 + WAVES - 1}`;
// Cold: a fresh Kysely instance each run (the summary cache is per instance), so every run computes.
// Cached: the same instance, data unchanged, so a run is the fingerprint queries and a cache hit.
const serviceTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  await buildWaveSummary(db.withoutPlugins(), slug);
  serviceTimes.push(performance.now() - t);
}
console.log(
  `buildWaveSummary, computed: median ${median(serviceTimes).toFixed(1)} ms over ${runs} runs (min ${Math.min(...serviceTimes).toFixed(1)}, max ${Math.max(...serviceTimes).toFixed(1)})`,
);
const cachedTimes: number[] = [];
await buildWaveSummary(db, slug);
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  await buildWaveSummary(db, slug);
  cachedTimes.push(performance.now() - t);
}
console.log(
  `buildWaveSummary, data unchanged (cached): median ${median(cachedTimes).toFixed(1)} ms over ${runs} runs (min ${Math.min(...cachedTimes).toFixed(1)}, max ${Math.max(...cachedTimes).toFixed(1)})`,
);
await handle.close();

const port = 3900 + Math.floor(Math.random() * 90);
const server = spawn("npx", ["tsx", "server.ts"], {
  env: {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    NODE_ENV: "production",
    SESSION_SECRET: "bench-session-secret-that-is-long-enough-123",
    REQUIRE_STAFF_MFA: "false",
    DEMO_SEED: "false",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
const base = `http://localhost:${port}`;
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email: "bench.staff@localtrust.example", password: PASSWORD }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
  const httpTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/waves/${slug}`, { headers: { Cookie: cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /waves/${slug}: ${res.status}`);
    if (i >= 2) httpTimes.push(performance.now() - t); // the first two warm the server up
    bytes = body.length;
  }
  console.log(
    `GET /waves/${slug} (full HTML, ${(bytes / 1024).toFixed(0)} KiB): median ${median(httpTimes).toFixed(1)} ms over ${runs} runs (min ${Math.min(...httpTimes).toFixed(1)}, max ${Math.max(...httpTimes).toFixed(1)})`,
  );
} finally {
  server.kill("SIGTERM");
  fs.rmSync(folder, { recursive: true, force: true });
}
