import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister } from "./council.server";
import { changedRows, firstRow, preparedQuery } from "./prepared-query.server";

describe(`prepared queries on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(
      handle.db,
      [
        { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" },
        { gssCode: "E08000035", name: "Leeds City Council", type: "MTD", region: "Yorkshire and The Humber", nation: "England" },
      ],
      { fullRegister: false },
    );
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const councilNamed = preparedQuery((db, v: { name: string; nation: string }) =>
    db.selectFrom("councils").select(["gss_code", "name"]).where("name", "=", v.name).where("nation", "=", v.nation).where("active", "=", 1),
  );

  it("gives the same rows as the query built afresh, for each call's values", async () => {
    for (const [name, nation] of [
      ["Leeds City Council", "England"],
      ["City of Cardiff Council", "Wales"],
      ["Leeds City Council", "Wales"],
    ] as const) {
      const fresh = await handle.db
        .selectFrom("councils")
        .select(["gss_code", "name"])
        .where("name", "=", name)
        .where("nation", "=", nation)
        .where("active", "=", 1)
        .execute();
      const { rows } = await councilNamed(handle.db, { name, nation });
      expect(rows).toEqual(fresh);
    }
    expect(await firstRow(councilNamed(handle.db, { name: "Leeds City Council", nation: "England" }))).toEqual({
      gss_code: "E08000035",
      name: "Leeds City Council",
    });
    expect(await firstRow(councilNamed(handle.db, { name: "Nowhere", nation: "England" }))).toBeUndefined();
  });

  it("keeps constants written into the query and runs inside a transaction", async () => {
    const rename = preparedQuery((db, v: { gss: string; name: string }) =>
      db.updateTable("councils").set({ name: v.name, active: 1 }).where("gss_code", "=", v.gss),
    );
    await handle.db.transaction().execute(async (trx) => {
      expect(await changedRows(rename(trx, { gss: "W06000015", name: "Cardiff Council" }))).toBe(1);
      expect(await changedRows(rename(trx, { gss: "X00000000", name: "Nobody" }))).toBe(0);
    });
    expect(await firstRow(councilNamed(handle.db, { name: "Cardiff Council", nation: "Wales" }))).toEqual({ gss_code: "W06000015", name: "Cardiff Council" });
  });

  it("passes a whole row on (the stand-ins have the first call's keys) and refuses a call missing one of them", async () => {
    const remember = preparedQuery((db, v: { key: string; value: string }) => db.insertInto("app_meta").values(v));
    expect(await changedRows(remember(handle.db, { key: "prepared-a", value: "1" }))).toBe(1);
    expect(await changedRows(remember(handle.db, { value: "2", key: "prepared-b" }))).toBe(1);
    const stored = await handle.db.selectFrom("app_meta").selectAll().where("key", "in", ["prepared-a", "prepared-b"]).orderBy("key").execute();
    expect(stored).toEqual([
      { key: "prepared-a", value: "1" },
      { key: "prepared-b", value: "2" },
    ]);
    await expect(remember(handle.db, { key: "prepared-c" } as { key: string; value: string })).rejects.toThrow(/no value for "value"/);
    expect(await handle.db.selectFrom("app_meta").select("key").where("key", "=", "prepared-c").execute()).toEqual([]);
  });

  it("refuses a query that branches on a value instead of passing it to the SQL", async () => {
    const branching = preparedQuery((db, v: { name: string | null }) => {
      const query = db.selectFrom("councils").select("name");
      return v.name === null ? query.where("name", "is", null) : query.where("active", "=", 1);
    });
    await expect(branching(handle.db, { name: "Leeds City Council" })).rejects.toThrow(/"name" was read but does not reach the SQL/);
  });
});
