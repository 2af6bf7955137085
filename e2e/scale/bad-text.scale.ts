// Bad text at the boundary on SQLite: see bad-text-suite.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/bench/lib";
import { expectNoServerErrors, probeEveryRoute } from "./bad-text-suite";

describe("bad text to every route and action, as every role, on SQLite", () => {
  let folder: string;
  let server: RunningServer;
  let good: { waveSlug: string; sectionSlug: string };

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-bad-text-"));
    const file = path.join(folder, "demo.sqlite");
    server = await startServer({ databaseUrl: `file:${file}`, env: { DEMO_SEED: "true" } });
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const wave = db.prepare("select slug, instrument_version from waves where status = 'open' order by id limit 1").get() as {
        slug: string;
        instrument_version: number;
      };
      const definition = db.prepare("select definition from instrument_versions where version = ?").get(wave.instrument_version) as { definition: string };
      good = { waveSlug: wave.slug, sectionSlug: (JSON.parse(definition.definition) as { sections: { slug: string }[] }).sections[0]!.slug };
    } finally {
      db.close();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("never answers 5xx", async () => {
    expectNoServerErrors(server, await probeEveryRoute(server, good));
  }, 300_000);
});
