// Deadline burst: 400 councils' respondents submit within the same second, each
// with their own session, against a real server process on a SQLite file. Runs in `npm test`
// (run by scripts/test-all.ts with vitest.scale.config.ts after the production build).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDataset, type Dataset } from "../../scripts/bench/dataset";
import { signedSessionCookie, startServer, type RunningServer } from "../../scripts/bench/lib";

const COUNCILS = 400;

describe("deadline burst: 400 councils submit at once", () => {
  let folder: string;
  let file: string;
  let dataset: Dataset;
  let server: RunningServer;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-burst-"));
    file = path.join(folder, "burst.sqlite");
    dataset = await buildDataset(`file:${file}`, { councils: COUNCILS, historyWaves: 1, bigWaveAnswers: 0, readyPool: COUNCILS, openWaveActivity: false });
    server = await startServer({ databaseUrl: `file:${file}` });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("stores all 400 submissions once, with no error and no SQLITE_BUSY", async () => {
    const cookies = await Promise.all(dataset.ready.map((e) => signedSessionCookie(e.sessionId)));
    const started = Date.now();
    const results = await Promise.all(
      dataset.ready.map(async (entry, i) => {
        const res = await fetch(`${server.url}/surveys/${dataset.openWave.slug}/submit`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookies[i]! },
          body: new URLSearchParams({ _version: String(entry.version), declaration: "yes" }),
        });
        await res.text();
        return { status: res.status, location: res.headers.get("location") };
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const councils = new Set(dataset.ready.map((e) => e.councilId));
    expect(councils.size).toBe(COUNCILS);
    expect(results.filter((r) => r.status !== 302 || !r.location?.endsWith("/confirmation"))).toEqual([]);

    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const stored = db
        .prepare(
          "select r.id, r.status, count(v.id) as n from responses r left join response_versions v on v.response_id = r.id where r.wave_id = ? group by r.id, r.status",
        )
        .all(dataset.openWave.id) as { id: number; status: string; n: number }[];
      expect(stored).toHaveLength(COUNCILS);
      expect(stored.filter((r) => r.status !== "submitted" || r.n !== 1)).toEqual([]);
      const scored = db.prepare("select count(*) as n from response_scores where wave_id = ?").get(dataset.openWave.id) as { n: number };
      expect(scored.n).toBe(COUNCILS);
    } finally {
      db.close();
    }
    expect(server.log()).not.toMatch(/SQLITE_BUSY|database is locked|Error/i);
    process.stdout.write(`burst: ${COUNCILS} submissions answered in ${seconds.toFixed(2)} s\n`);
  }, 120_000);
});
