// Bad text at the boundary on PostgreSQL, where a NUL in any parameter used to
// reach the database ("invalid byte sequence for encoding UTF8"): see bad-text-suite.ts.
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { dropPostgresDatabase, freshPostgresDatabase, startServer, type RunningServer } from "../../scripts/bench/lib";
import { expectNoServerErrors, probeEveryRoute } from "./bad-text-suite";

const base = process.env.TEST_DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(base)) throw new Error("The PostgreSQL bad-text test needs TEST_DATABASE_URL=postgres://…");
const NAME = "localtrust_bad_text";

describe("bad text to every route and action, as every role, on PostgreSQL", () => {
  let server: RunningServer;
  let good: { waveSlug: string; sectionSlug: string };

  beforeAll(async () => {
    const url = await freshPostgresDatabase(base, NAME);
    server = await startServer({ databaseUrl: url, env: { DEMO_SEED: "true" }, timeoutMs: 170_000 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const wave = (
        await client.query<{ slug: string; instrument_version: number }>("select slug, instrument_version from waves where status = 'open' order by id limit 1")
      ).rows[0]!;
      const definition = (
        await client.query<{ definition: string }>("select definition from instrument_versions where version = $1", [wave.instrument_version])
      ).rows[0]!;
      good = { waveSlug: wave.slug, sectionSlug: (JSON.parse(definition.definition) as { sections: { slug: string }[] }).sections[0]!.slug };
    } finally {
      await client.end();
    }
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await dropPostgresDatabase(base, NAME);
  });

  it("never answers 5xx", async () => {
    expectNoServerErrors(server, await probeEveryRoute(server, good));
  }, 300_000);
});
