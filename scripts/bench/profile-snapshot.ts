// Profiles a snapshot build of the bench's 1,000,000-answer wave, phase by phase (decision 061):
// `npx tsx scripts/bench/profile-snapshot.ts [file or postgres://…/database]` builds the bench
// dataset there once (default .cache/prof/bench.sqlite; kept for later runs; a PostgreSQL database
// must exist and is filled when it has no waves), then times the SQL alone and the build in five
// alternating rounds in the same run. Add `--cpu-prof` to node for a profile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql as rawSql } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connection";
import { countItemValuesByGroup, listCouncilGroups, listResponseStatuses, listSubmittedScores, listWavesInOrder } from "../../app/models/summary-data.server";
import { buildNextSnapshots, gatherSnapshotData } from "../../app/services/wave-snapshot.server";
import { cutSnapshots } from "../../app/services/snapshots.server";
import { summarisedItemIds } from "../../app/services/wave-summary.server";
import { getInstrument } from "../../app/domain/instruments";
import { buildDataset } from "./dataset";

const target = process.argv[2] ?? ".cache/prof/bench.sqlite";
const location = parseDatabaseUrl(/^postgres(ql)?:\/\//i.test(target) ? target : `file:${path.resolve(target)}`);
const url = location.dialect === "postgres" ? location.url : `file:${location.file}`;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const isEmpty = async () => {
  if (location.dialect === "sqlite") return !fs.existsSync(location.file);
  const probe = openDatabase(url, { poolSize: 1 });
  try {
    const found = await rawSql<{ n: number }>`select count(*) as n from information_schema.tables where table_name = 'waves'`.execute(probe.db);
    return Number(found.rows[0]?.n ?? 0) === 0 || (await probe.db.selectFrom("waves").select("id").limit(1).execute()).length === 0;
  } finally {
    await probe.close();
  }
};
if (await isEmpty()) {
  if (location.dialect === "sqlite") fs.mkdirSync(path.dirname(location.file), { recursive: true });
  const t = performance.now();
  await buildDataset(url, { councils: 400, historyWaves: 20, bigWaveAnswers: 1_000_000, readyPool: 20 });
  console.log(`dataset built in ${Math.round(performance.now() - t)} ms; load average ${load()}`);
}
// As in the bench, every wave has its first snapshots stored (the history and trends a build reads).
{
  const writer = openDatabase(url);
  const t = performance.now();
  let cut = 0;
  for (const w of await listWavesInOrder(writer.db))
    cut += await cutSnapshots({ db: writer.db, dialect: location.dialect }, w.slug, "first", { onlyIfDue: true });
  if (cut > 0) console.log(`first snapshots: ${cut} in ${Math.round(performance.now() - t)} ms; load average ${load()}`);
  await writer.close();
}
// As the bench reads: SQLite read-only, PostgreSQL with a pool of 4.
const handle = location.dialect === "sqlite" ? openDatabase(url, { readonly: true }) : openDatabase(url, { poolSize: 4 });
const db = handle.db;
const waves = await listWavesInOrder(db);
const counts = await Promise.all(waves.map(async (w) => ({ w, n: (await listResponseStatuses(db, w.id)).length })));
const big = counts.sort((a, b) => b.n - a.n)[0]!.w;
const wave = await db.selectFrom("waves").selectAll().where("id", "=", big.id).executeTakeFirstOrThrow();
const itemIds = summarisedItemIds(getInstrument(wave.instrument_version));
const median3 = async (fn: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[1]!;
};
const time = async (name: string, fn: () => Promise<unknown>) => console.log(`${name.padEnd(40)} ${(await median3(fn)).toFixed(1)} ms (load ${load()})`);
console.log(`wave ${wave.slug}; load average ${load()}`);
if (process.env.PROFILE_QUERIES === "1") {
  await time("listCouncilGroups", () => listCouncilGroups(db));
  await time("listResponseStatuses", () => listResponseStatuses(db, wave.id));
  await time("listSubmittedScores (item values)", () => listSubmittedScores(db, [wave.id], {}, { withItemValues: true }));
  await time("countItemValuesByGroup", () => countItemValuesByGroup(db, wave.id, itemIds));
}
// The SQL alone and the build alternate, five rounds each, so a busy spell of the shared machine
// falls on both; the medians are compared.
// With PROFILE_WAVE_QUERIES=1 each round also times the five queries over the wave without the
// item audit's (what the SQL alone was before decision 069 counted those in).
const sqlTimes: number[] = [];
const waveQueryTimes: number[] = [];
const buildTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  if (process.env.PROFILE_WAVE_QUERIES === "1") {
    await Promise.all([
      listCouncilGroups(db),
      listResponseStatuses(db, wave.id),
      listSubmittedScores(db, [wave.id], {}, { withItemValues: true }),
      countItemValuesByGroup(db, wave.id, itemIds),
      listWavesInOrder(db),
    ]);
    waveQueryTimes.push(performance.now() - t);
    t = performance.now();
  }
  // Exactly the queries the builder runs.
  await gatherSnapshotData(db, wave);
  sqlTimes.push(performance.now() - t);
  t = performance.now();
  await buildNextSnapshots(db, wave.slug, ["staff", "public"], "profile", new Date().toISOString());
  buildTimes.push(performance.now() - t);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sql = med(sqlTimes);
const build = med(buildTimes);
if (waveQueryTimes.length > 0) {
  const waveQueries = med(waveQueryTimes);
  console.log(
    `the wave's five queries without the item audit's ${waveQueries.toFixed(1)} ms [${waveQueryTimes.map((x) => x.toFixed(0)).join(", ")}]; build/that ${(build / waveQueries).toFixed(2)}`,
  );
}
console.log(
  `SQL alone ${sql.toFixed(1)} ms [${sqlTimes.map((x) => x.toFixed(0)).join(", ")}]; build ${build.toFixed(1)} ms [${buildTimes.map((x) => x.toFixed(0)).join(", ")}]; build/SQL ${(build / sql).toFixed(2)}; load average ${load()}`,
);
await handle.close();
