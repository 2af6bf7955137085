import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister, countCouncils } from "./council.server";

const leeds = { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" };
const kent = { gssCode: "E10000016", name: "Kent County Council", type: "CTY", region: "South East", nation: "England" };
const fife = { gssCode: "S12000047", name: "Fife Council", type: "SCO", region: "Scotland", nation: "Scotland" };

describe(`council register on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("adds every council of a first import", async () => {
    expect(await applyCouncilRegister(handle.db, [leeds, kent, fife], { fullRegister: true })).toEqual({ added: 3, updated: 0, retired: 0 });
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(3);
  });

  it("adds and updates nothing when the same register is imported again", async () => {
    expect(await applyCouncilRegister(handle.db, [leeds, kent, fife], { fullRegister: true })).toEqual({ added: 0, updated: 0, retired: 0 });
  });

  it("updates a council whose name changed, matched by its GSS code", async () => {
    const renamed = { ...kent, name: "Kent County Council (renamed)" };
    expect(await applyCouncilRegister(handle.db, [leeds, renamed, fife], { fullRegister: true })).toEqual({ added: 0, updated: 1, retired: 0 });
    const row = await handle.db.selectFrom("councils").select("name").where("gss_code", "=", kent.gssCode).executeTakeFirstOrThrow();
    expect(row.name).toBe("Kent County Council (renamed)");
  });

  it("retires a council missing from a full register without deleting it", async () => {
    expect(await applyCouncilRegister(handle.db, [leeds, kent], { fullRegister: true })).toEqual({ added: 0, updated: 1, retired: 1 });
    expect(await countCouncils(handle.db)).toBe(3);
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(2);
  });

  it("leaves missing councils alone when the file is a partial list, and reactivates a returning council", async () => {
    expect(await applyCouncilRegister(handle.db, [fife], { fullRegister: false })).toEqual({ added: 0, updated: 1, retired: 0 });
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(3);
  });

  it("refuses a second council with the same GSS code", async () => {
    const now = new Date().toISOString();
    await expect(
      handle.db
        .insertInto("councils")
        .values({ gss_code: leeds.gssCode, name: "Copy", type: "MD", region: "x", nation: "England", active: 1, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
  });
});
