import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPostgresDurability } from "../app/models/database-settings.server";
import { prepareDatabase } from "./prepare";
import { postgresDurabilityWarnings } from "./postgres-durability";
import { openTestDatabase, testDialectName } from "./test-database";

describe("PostgreSQL durability warnings", () => {
  const durable = { fsync: "on", synchronous_commit: "on", full_page_writes: "on" };

  it("has nothing to say about a durable server, with or without a standby to confirm", () => {
    expect(postgresDurabilityWarnings(durable)).toEqual([]);
    for (const level of ["local", "remote_write", "remote_apply"]) expect(postgresDurabilityWarnings({ ...durable, synchronous_commit: level })).toEqual([]);
  });

  it("warns, loudly and by name, when fsync, synchronous_commit or full_page_writes is off", () => {
    expect(postgresDurabilityWarnings({ ...durable, fsync: "off" })).toEqual([expect.stringMatching(/^fsync is off/)]);
    expect(postgresDurabilityWarnings({ ...durable, synchronous_commit: "off" })).toEqual([expect.stringMatching(/^synchronous_commit is off/)]);
    expect(postgresDurabilityWarnings({ ...durable, full_page_writes: "off" })).toEqual([expect.stringMatching(/^full_page_writes is off/)]);
    expect(postgresDurabilityWarnings({ fsync: "off", synchronous_commit: "off", full_page_writes: "off" })).toHaveLength(3);
  });
});

// Start-up on the test database: on PostgreSQL, the settings as the app's connection sees them, and a
// per-database synchronous_commit = off (the way it is usually switched off by mistake) reaches the
// start-up warnings; on SQLite there is no such setting and nothing to warn about.
describe(`the start-up durability check on ${testDialectName()}`, () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });
  const url = () => (t.location.dialect === "postgres" ? t.location.url : `file:${t.location.file}`);

  it("reports nothing on a durable database", async () => {
    if (t.dialect === "postgres") {
      const settings = await readPostgresDurability(t.db);
      expect(settings).toEqual({ fsync: "on", synchronous_commit: expect.stringMatching(/^(on|local|remote_write|remote_apply)$/), full_page_writes: "on" });
    }
    const prepared = await prepareDatabase(url(), { seedDemoWhenEmpty: false });
    expect(prepared.warnings).toEqual([]);
  });

  it("warns at start-up when the database commits without flushing (PostgreSQL: synchronous_commit = off for the database)", async () => {
    if (t.dialect !== "postgres") {
      // SQLite: the app sets its own durability (decision 022); there is no server setting to check.
      expect((await prepareDatabase(url(), { seedDemoWhenEmpty: false })).warnings).toEqual([]);
      return;
    }
    const name = new URL(process.env.TEST_DATABASE_URL!).pathname.slice(1);
    await sql.raw(`alter database "${name}" set synchronous_commit = off`).execute(t.db);
    try {
      const prepared = await prepareDatabase(url(), { seedDemoWhenEmpty: false });
      expect(prepared.warnings).toEqual([expect.stringMatching(/^synchronous_commit is off/)]);
    } finally {
      await sql.raw(`alter database "${name}" reset synchronous_commit`).execute(t.db);
    }
  });
});
