// npm run open-data -- --wave <slug> [--release N] --out <folder>
// Writes every file of a published wave's open-data release (the latest, or release N) into a
// folder, byte for byte what /data/<wave>/<file> serves: for mirroring the release on a static host
// or an archive. Reads only; run `npm run db:migrate` first on an old database.
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "../app/config.server";
import { RELEASE_FILES, getRelease, releaseFile } from "../app/services/open-data.server";
import { openDatabase } from "../db/connection";
import { readArgs } from "./args";

const USAGE = "usage: npm run open-data -- --wave <slug> [--release N] --out <folder>";
const { values } = readArgs(process.argv.slice(2), { wave: { type: "string" }, out: { type: "string" }, release: { type: "string" } }, USAGE);
const { wave, out, release: releaseArg } = values;
if (!wave || !out || (releaseArg !== undefined && !/^[1-9][0-9]*$/.test(releaseArg))) {
  console.error(USAGE);
  process.exit(2);
}

const handle = openDatabase(getConfig().DATABASE_URL);
try {
  const release = await getRelease(handle.db, wave, releaseArg === undefined ? null : Number(releaseArg));
  if (!release) {
    console.error(`Wave "${wave}" has no such published release`);
    process.exitCode = 1;
  } else {
    fs.mkdirSync(out, { recursive: true });
    for (const name of RELEASE_FILES) {
      const file = releaseFile(release.document, name)!;
      fs.writeFileSync(path.join(out, name), file.body);
    }
    console.log(`release ${release.document.meta.release.seq} of wave ${wave}: ${RELEASE_FILES.length} files in ${out}`);
  }
} finally {
  await handle.close();
}
