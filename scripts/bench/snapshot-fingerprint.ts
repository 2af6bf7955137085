// Fingerprints every snapshot document the builder makes, so a change to the builder can be shown
// to leave what it stores byte-identical (decision 069). For the demo (three seeds, a fresh SQLite
// file each, and on PostgreSQL when FINGERPRINT_PG_URL names a database whose public schema it may drop) and the
// profile dataset (.cache/prof/bench.sqlite, when scripts/bench/profile-snapshot.ts has built it),
// every wave's next snapshots for both audiences are built at a fixed cut time, and the SHA-256 of
// every view document and of every snapshot's other fields (build time excepted) is written out:
//   npx tsx scripts/bench/snapshot-fingerprint.ts .cache/fingerprint/before.json
//   npx tsx scripts/bench/snapshot-fingerprint.ts .cache/fingerprint/after.json --compare .cache/fingerprint/before.json
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../../cli/seed/demo";
import { listWavesInOrder } from "../../app/models/summary-data.server";
import { buildNextSnapshots } from "../../app/services/wave-snapshot.server";

const args = process.argv.slice(2);
const out = path.resolve(args[0] ?? ".cache/fingerprint/snapshots.json");
const compareWith = args.includes("--compare") ? path.resolve(args[args.indexOf("--compare") + 1]!) : null;
const CUT_AT = "2026-12-01T00:00:00.000Z";
const DEMO_NOW = new Date("2026-11-20T09:00:00.000Z");
const DEMO_SEEDS = [20261127, 7, 1234];

const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const fingerprints: Record<string, string> = {};

async function fingerprintDatabase(label: string, url: string, readonly: boolean) {
  const handle = openDatabase(url, { readonly });
  try {
    for (const wave of await listWavesInOrder(handle.db)) {
      const t = performance.now();
      const built = await buildNextSnapshots(handle.db, wave.slug, ["staff", "public"], "check", CUT_AT);
      for (const snapshot of built ?? []) {
        const { views, buildMs: _buildMs, ...rest } = snapshot;
        const prefix = `${label}/${wave.slug}/${snapshot.audience}`;
        fingerprints[`${prefix}/snapshot`] = sha(JSON.stringify(rest));
        for (const view of views) fingerprints[`${prefix}/view/${view.key}`] = sha(view.document);
      }
      console.log(`${label} ${wave.slug}: ${built?.reduce((n, s) => n + s.views.length, 0) ?? 0} views in ${Math.round(performance.now() - t)} ms`);
    }
  } finally {
    await handle.close();
  }
}

async function seeded(url: string, seed: number) {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: DEMO_NOW, seed });
  } finally {
    await handle.close();
  }
}

const dir = path.resolve(".cache/fingerprint");
fs.mkdirSync(dir, { recursive: true });
for (const seed of DEMO_SEEDS) {
  const file = path.join(dir, `demo-${seed}.sqlite`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  await seeded(`file:${file}`, seed);
  await fingerprintDatabase(`demo-${seed}-sqlite`, `file:${file}`, false);
}
const pgUrl = process.env.FINGERPRINT_PG_URL;
if (pgUrl) {
  for (const seed of DEMO_SEEDS) {
    // A fresh schema each time, so the ids (and the contribution tokens made of them) are the same every run.
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query("drop schema if exists public cascade; create schema public");
    await client.end();
    await seeded(pgUrl, seed);
    await fingerprintDatabase(`demo-${seed}-postgres`, pgUrl, false);
  }
}
const profile = path.resolve(".cache/prof/bench.sqlite");
if (fs.existsSync(profile)) await fingerprintDatabase("profile", `file:${profile}`, true);
else console.log(`no ${profile}: run scripts/bench/profile-snapshot.ts first to include the bench dataset`);

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(fingerprints, null, 1));
console.log(`${Object.keys(fingerprints).length} fingerprints written to ${out}`);

if (compareWith) {
  const before = JSON.parse(fs.readFileSync(compareWith, "utf8")) as Record<string, string>;
  const keys = new Set([...Object.keys(before), ...Object.keys(fingerprints)]);
  const differing = [...keys].filter((key) => before[key] !== fingerprints[key]);
  if (differing.length === 0) console.log(`identical to ${compareWith}: ${keys.size} fingerprints`);
  else {
    console.log(`${differing.length} of ${keys.size} differ from ${compareWith}:`);
    for (const key of differing.slice(0, 40)) console.log(`  ${key}: ${before[key] ?? "(absent)"} → ${fingerprints[key] ?? "(absent)"}`);
    process.exitCode = 1;
  }
}
