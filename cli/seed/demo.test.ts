import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDemoDatabase } from "../../app/models/meta.server";
import { migrationState } from "../../db/migrate";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { DEMO_ACCOUNTS, NotADemoDatabaseError, seedDemo } from "./demo";

describe(`the demo seed on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  const now = new Date("2026-11-27T09:00:00Z");
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now });
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("leaves the migrations current", async () => {
    expect(await migrationState(handle.db)).toBe("current");
  });

  it("marks the database as demo data", async () => {
    expect(await isDemoDatabase(handle.db)).toBe(true);
  });

  it("has at least 60 councils covering every type and all four nations", async () => {
    const councils = await handle.db.selectFrom("councils").selectAll().execute();
    expect(councils.length).toBeGreaterThanOrEqual(60);
    expect(new Set(councils.map((c) => c.type))).toEqual(new Set(["CTY", "NMD", "UA", "MD", "LBO", "CC", "SCO", "WPA", "NID"]));
    expect(new Set(councils.map((c) => c.nation))).toEqual(new Set(["England", "Scotland", "Wales", "Northern Ireland"]));
  });

  it("has a published wave from last year and an open wave whose deadline is ahead", async () => {
    const waves = await handle.db.selectFrom("waves").selectAll().orderBy("id").execute();
    expect(waves.map((w) => [w.slug, w.status])).toEqual([
      ["2025", "published"],
      ["2026", "open"],
    ]);
    expect(waves[1]!.closes_on! > now.toISOString().slice(0, 10)).toBe(true);
  });

  it("has submitted, in-progress and not-started councils in the open wave", async () => {
    const open = await handle.db.selectFrom("waves").select("id").where("status", "=", "open").executeTakeFirstOrThrow();
    const responses = await handle.db.selectFrom("responses").select(["status", "council_id"]).where("wave_id", "=", open.id).execute();
    const councils = await handle.db.selectFrom("councils").select("id").execute();
    const submitted = responses.filter((r) => r.status === "submitted").length;
    const inProgress = responses.filter((r) => r.status === "in_progress").length;
    expect(submitted).toBeGreaterThan(10);
    expect(inProgress).toBeGreaterThan(5);
    expect(councils.length - responses.length).toBeGreaterThan(5);
  });

  it("gives each demo respondent a council that has not started the open wave", async () => {
    const open = await handle.db.selectFrom("waves").select("id").where("status", "=", "open").executeTakeFirstOrThrow();
    for (const account of DEMO_ACCOUNTS.filter((a) => a.role === "respondent")) {
      const user = await handle.db.selectFrom("users").select(["council_id"]).where("email", "=", account.email).executeTakeFirstOrThrow();
      const response = await handle.db
        .selectFrom("responses")
        .select("id")
        .where("wave_id", "=", open.id)
        .where("council_id", "=", user.council_id!)
        .executeTakeFirst();
      expect(response).toBeUndefined();
    }
  });

  it("makes each demo respondent their council's lead, and no council without a joined respondent has one", async () => {
    for (const account of DEMO_ACCOUNTS.filter((a) => a.role === "respondent")) {
      const row = await handle.db
        .selectFrom("users")
        .innerJoin("councils", "councils.id", "users.council_id")
        .select(["users.id", "councils.lead_user_id"])
        .where("users.email", "=", account.email)
        .executeTakeFirstOrThrow();
      expect(row.lead_user_id).toBe(row.id);
    }
    const leads = await handle.db.selectFrom("councils").select("lead_user_id").where("lead_user_id", "is not", null).execute();
    expect(leads).toHaveLength(DEMO_ACCOUNTS.filter((a) => a.role === "respondent").length);
  });

  it("keeps a snapshot for every submission", async () => {
    const submitted = await handle.db.selectFrom("responses").select(["id", "submission_count"]).where("status", "=", "submitted").execute();
    const versions = await handle.db.selectFrom("response_versions").select("response_id").execute();
    expect(versions.length).toBe(submitted.reduce((sum, r) => sum + r.submission_count, 0));
  });

  it("gives the same answers from the same seed", async () => {
    const before = await handle.db.selectFrom("answers").select(["item_id", "value"]).orderBy("response_id").orderBy("item_id").execute();
    await seedDemo(handle.db, { now });
    const after = await handle.db.selectFrom("answers").select(["item_id", "value"]).orderBy("response_id").orderBy("item_id").execute();
    expect(after).toEqual(before);
  }, 60_000);

  it("refuses to touch a database that holds non-demo data", async () => {
    await handle.db.deleteFrom("app_meta").where("key", "=", "demo_data").execute();
    await expect(seedDemo(handle.db, { now })).rejects.toBeInstanceOf(NotADemoDatabaseError);
  });
});
