import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../models/audit.server";
import { countCouncils } from "../models/council.server";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { importCouncilRegister } from "./council-register.server";

const sample = fs.readFileSync(new URL("../domain/fixtures/council-register/plain-sample.csv", import.meta.url), "utf8");
const context = { actor: { userId: null, email: "admin@example.org", role: "admin", councilId: null }, clientAddress: "127.0.0.1" };

describe(`the council register import (page and CLI) on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("a check shows what would be added and writes nothing, not even an audit record", async () => {
    const result = await importCouncilRegister(handle.db, context, { text: sample, partial: false, dryRun: true });
    expect(result.ok && result.plan.added.map((r) => r.gssCode)).toEqual(["E09000001", "E06000047", "E07000008", "S12000033", "W06000001", "N09000003"]);
    expect(result).toMatchObject({ ok: true, dryRun: true, inFile: 6, skipped: 0, fullRegister: true, format: "plain" });
    expect(await countCouncils(handle.db)).toBe(0);
    expect(await listAudit(handle.db, { action: "councils.imported" })).toHaveLength(0);
  });

  it("imports, audits the counts, and a second check of a changed file previews updated and retired councils", async () => {
    expect(await importCouncilRegister(handle.db, context, { text: sample, partial: false })).toMatchObject({
      ok: true,
      dryRun: false,
      plan: { unchanged: 0 },
    });
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(6);
    const [entry] = await listAudit(handle.db, { action: "councils.imported" });
    expect(entry).toMatchObject({ actor_email: "admin@example.org", target_type: "council-register" });
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ added: 6, updated: 0, retired: 0, inFile: 6, skipped: 0, fullRegister: true, format: "plain" });

    const changed = sample.replace("Durham County Council,UA", "County Durham Council,UA").replace(/^N09000003.*\n?/m, "");
    const preview = await importCouncilRegister(handle.db, context, { text: changed, partial: false, dryRun: true });
    expect(preview.ok && preview.plan).toEqual({
      added: [],
      updated: [
        {
          gssCode: "E06000047",
          name: "County Durham Council",
          changes: [{ field: "name", from: "Durham County Council", to: "County Durham Council" }],
          row: { gssCode: "E06000047", name: "County Durham Council", type: "UA", region: "North East", nation: "England" },
        },
      ],
      retired: [{ gssCode: "N09000003", name: "Belfast City Council" }],
      unchanged: 4,
    });
    // A partial file retires nothing.
    const partial = await importCouncilRegister(handle.db, context, { text: changed, partial: true, dryRun: true });
    expect(partial.ok && partial.plan.retired).toEqual([]);
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(6);
  });

  it("a file with bad rows changes nothing and names every problem", async () => {
    const bad = "gss_code,name,type,region,nation\nE0600,Nowhere,UA,North East,England\nE06000099,,XX,North East,Wales\n";
    const result = await importCouncilRegister(handle.db, context, { text: bad, partial: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.length).toBeGreaterThanOrEqual(3);
    expect(await countCouncils(handle.db)).toBe(6);
  });

  it("npm run councils:import goes the same way: --check writes nothing, then the import is audited as the command line", async () => {
    const url = handle.location.dialect === "sqlite" ? `file:${handle.location.file}` : handle.location.url;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lt-councils-")), "register.csv");
    fs.writeFileSync(file, sample.replace(/^N09000003.*\n?/m, ""));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "cli/import-councils.ts", ...args, file], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
      });
    const checked = run("--check");
    expect(checked.stdout).toBe("councils: checked, nothing written: 5 in file, 0 to add, 0 to update, 1 to retire, 0 skipped\n");
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(6);
    const done = run();
    expect(done.stdout).toBe("councils: 5 in file, 0 added, 0 updated, 1 retired, 0 skipped\n");
    expect(await countCouncils(handle.db, { activeOnly: true })).toBe(5);
    const [entry] = await listAudit(handle.db, { action: "councils.imported" });
    expect(entry).toMatchObject({ actor_role: "command line", actor_user_id: null });
  }, 60_000);
});
