// Profiles a snapshot build of the bench's 1,000,000-answer wave on SQLite, phase by phase
// (decision 061): `npx tsx scripts/bench/profile-snapshot.ts [file]` builds the bench dataset into
// the file once (default .cache/prof/bench.sqlite; kept for later runs), then times the SQL alone and
// the build, each median of 3, in the same run. Add `--cpu-prof` to node for a profile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { countItemValuesByGroup, listCouncilGroups, listResponseStatuses, listSubmittedScores, listWavesInOrder } from "../../app/models/summary-data.server";
import { buildNextSnapshots } from "../../app/services/wave-snapshot.server";
import { cutSnapshots } from "../../app/services/snapshots.server";
import { allItems, isScoredScale } from "../../app/domain/instrument";
import { getInstrument } from "../../app/domain/instruments";
import { buildDataset } from "./dataset";

const file = path.resolve(process.argv[2] ?? ".cache/prof/bench.sqlite");
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
if (!fs.existsSync(file)) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const t = performance.now();
  await buildDataset(`file:${file}`, { councils: 400, historyWaves: 20, bigWaveAnswers: 1_000_000, readyPool: 20 });
  console.log(`dataset built in ${Math.round(performance.now() - t)} ms; load average ${load()}`);
}
// As in the bench, every wave has its first snapshots stored (the history and trends a build reads).
{
  const writer = openDatabase(`file:${file}`);
  const t = performance.now();
  let cut = 0;
  for (const w of await listWavesInOrder(writer.db)) cut += await cutSnapshots({ db: writer.db, dialect: "sqlite" }, w.slug, "first", { onlyIfDue: true });
  if (cut > 0) console.log(`first snapshots: ${cut} in ${Math.round(performance.now() - t)} ms; load average ${load()}`);
  await writer.close();
}
const handle = openDatabase(`file:${file}`, { readonly: true });
const db = handle.db;
const waves = await listWavesInOrder(db);
const counts = await Promise.all(waves.map(async (w) => ({ w, n: (await listResponseStatuses(db, w.id)).length })));
const big = counts.sort((a, b) => b.n - a.n)[0]!.w;
const wave = await db.selectFrom("waves").selectAll().where("id", "=", big.id).executeTakeFirstOrThrow();
const itemIds = allItems(getInstrument(wave.instrument_version))
  .filter((i) => isScoredScale(i.scale) || i.scale === "choice" || i.scale === "multi")
  .map((i) => i.id);
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
const sqlTimes: number[] = [];
const buildTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  await Promise.all([
    listCouncilGroups(db),
    listResponseStatuses(db, wave.id),
    listSubmittedScores(db, [wave.id], {}, { withItemValues: true }),
    countItemValuesByGroup(db, wave.id, itemIds),
    listWavesInOrder(db),
  ]);
  sqlTimes.push(performance.now() - t);
  t = performance.now();
  await buildNextSnapshots(db, wave.slug, ["staff", "public"], "profile", new Date().toISOString());
  buildTimes.push(performance.now() - t);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sql = med(sqlTimes);
const build = med(buildTimes);
console.log(
  `SQL alone ${sql.toFixed(1)} ms [${sqlTimes.map((x) => x.toFixed(0)).join(", ")}]; build ${build.toFixed(1)} ms [${buildTimes.map((x) => x.toFixed(0)).join(", ")}]; build/SQL ${(build / sql).toFixed(2)}; load average ${load()}`,
);
await handle.close();
