import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attack, type View } from "../domain/disclosure-attacker.test-support";
import { MISSING_VALUES, TABLES, type ReleaseDocument } from "../domain/open-data";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import profile from "../../vendor/frictionless/tabular-data-package.json";
import { RELEASE_FILES, getRelease, openDataFileResponse, publishRelease, releaseFile } from "./open-data.server";
import type { SnapshotContext } from "./snapshots.server";

// Open data's promises on SQLite and PostgreSQL: the whole release of the demo's published wave
// (a register shaped like the UK's) carries no group under 10, no subtraction of published groups
// isolating 1…9 councils (within a release and across a revision), no free text; every file is
// declared in datapackage.json, valid against the Data Package profile, headers equal the schema; a
// second process serves the same bytes; unpublished waves have nothing.

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;
const K = 10;

async function membersNow(handle: Handle, slug: string): Promise<Map<string, Set<string>>> {
  const rows = await handle.db
    .selectFrom("responses")
    .innerJoin("waves", "waves.id", "responses.wave_id")
    .innerJoin("councils", "councils.id", "responses.council_id")
    .select(["responses.council_id", "responses.submission_count", "councils.type", "councils.region", "councils.nation"])
    .where("waves.slug", "=", slug)
    .where("responses.status", "=", "submitted")
    .execute();
  const groups = new Map<string, Set<string>>();
  const add = (key: string, token: string) => groups.set(key, (groups.get(key) ?? new Set<string>()).add(token));
  for (const r of rows) {
    const token = `${r.council_id}@${Number(r.submission_count)}`;
    add("all:all", token);
    add(`type:${r.type}`, token);
    add(`region:${r.region}`, token);
    add(`nation:${r.nation}`, token);
  }
  return groups;
}

/** The entries of a zip written by ods.server.ts (local headers in order), inflated. */
function unzip(buffer: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (buffer.readUInt32LE(at) === 0x04034b50) {
    const method = buffer.readUInt16LE(at + 8);
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const name = buffer.subarray(at + 30, at + 30 + nameLength).toString("utf8");
    const body = buffer.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    out.set(name, (method === 0 ? body : zlib.inflateRawSync(body)).toString("utf8"));
    at += 30 + nameLength + size;
  }
  return out;
}

/** Every file of a release as text (the spreadsheet's entries unzipped). */
function releaseTexts(doc: ReleaseDocument): Map<string, string> {
  const texts = new Map<string, string>();
  for (const name of RELEASE_FILES) {
    const file = releaseFile(doc, name)!;
    if (typeof file.body === "string") texts.set(name, file.body);
    else for (const [entry, text] of unzip(file.body)) texts.set(`${name}/${entry}`, text);
  }
  return texts;
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The groups of a release that carry figures, with the contributions behind them (by the cut their figures are from). */
function shownViews(doc: ReleaseDocument, release: number, membersAt: Map<string, Map<string, Set<string>>>): View[] {
  const [, ...rows] = csvRows(releaseFile(doc, "responses.csv")!.body as string);
  return rows
    .filter((r) => r[3] !== "[c]")
    .map((r) => {
      const key = `${r[0]}:${r[1]}`;
      const members = membersAt.get(r[5]!)?.get(key);
      if (!members) throw new Error(`no record of ${key} at ${r[5]}`);
      return { snapshot: release, identity: key, members };
    });
}

describe(`open data releases on ${testDialectName()}`, () => {
  let handle: Handle;
  let ctx: SnapshotContext;
  let clock = Date.parse("2026-11-28T10:00:00Z");
  const freeText: string[] = [];
  const membersAt = new Map<string, Map<string, Set<string>>>();
  let first: ReleaseDocument;
  let firstBytes: Map<string, string>;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    ctx = { db: handle.db, dialect: handle.dialect, now: () => new Date((clock += 60_000)).toISOString() };
    // The seed prepared last year's benchmark figures from a public snapshot it cut (decision 063):
    // figures a release keeps may date from it.
    const seeded = await handle.db
      .selectFrom("wave_snapshots")
      .innerJoin("waves", "waves.id", "wave_snapshots.wave_id")
      .select("wave_snapshots.cut_at")
      .where("waves.slug", "=", "2025")
      .where("wave_snapshots.audience", "=", "public")
      .execute();
    for (const s of seeded) membersAt.set(s.cut_at, await membersNow(handle, "2025"));
    // Free text in every submitted response of the published wave (FREE4, as councils write it).
    const responses = await handle.db
      .selectFrom("responses")
      .innerJoin("waves", "waves.id", "responses.wave_id")
      .select(["responses.id"])
      .where("waves.slug", "=", "2025")
      .execute();
    for (const r of responses) {
      const text = `Stop ring-fencing digital funds, says respondent ${r.id} QZX${r.id}`;
      freeText.push(text);
      await handle.db.deleteFrom("answers").where("response_id", "=", r.id).where("item_id", "=", "FREE4").execute();
      await handle.db
        .insertInto("answers")
        .values({ response_id: r.id, item_id: "FREE4", value: text, updated_at: "2025-06-01T10:00:00Z", updated_by: null })
        .execute();
    }
  }, 180_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  it("freezes the first release at publish: every file declared, valid, headers equal the schema, [c] declared where used", async () => {
    membersAt.set("pending", await membersNow(handle, "2025"));
    const result = await publishRelease(ctx, "2025", { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" });
    expect(result).toEqual({ ok: true, seq: 1 });
    first = (await getRelease(handle.db, "2025", null))!.document;
    membersAt.set(first.meta.snapshot.cutAt, membersAt.get("pending")!);
    firstBytes = releaseTexts(first);

    const pkg = JSON.parse(firstBytes.get("datapackage.json")!) as {
      name: string;
      licenses: { name: string }[];
      resources: { path: string; schema: { fields: { name: string }[]; missingValues: string[] } }[];
    };
    const ajv = new Ajv({ schemaId: "auto", allErrors: true });
    ajv.addMetaSchema(draft04);
    // The profile marks long text fields with format "textarea", an editor hint with nothing to check.
    ajv.addFormat("textarea", () => true);
    const valid = ajv.validate(profile, pkg);
    expect(ajv.errors ?? [], ajv.errorsText()).toEqual([]);
    expect(valid).toBe(true);
    expect(pkg.licenses[0]!.name).toBe("OGL-UK-3.0");
    expect(pkg.resources.map((r) => r.path)).toEqual(TABLES.map((t) => `${t.name}.csv`));
    for (const resource of pkg.resources) {
      expect(RELEASE_FILES).toContain(resource.path);
      const csv = firstBytes.get(resource.path)!;
      const [header, ...rows] = csvRows(csv);
      expect(header).toEqual(resource.schema.fields.map((f) => f.name));
      for (const row of rows) expect(row.length, `${resource.path}: ${row.join(",")}`).toBe(header!.length);
      const used = new Set(rows.flat().filter((v) => /^\[[a-z]\]$/.test(v)));
      for (const symbol of used) expect(resource.schema.missingValues).toContain(symbol);
      // Numbers are plain numbers; anything else in a numeric column is a declared symbol.
      resource.schema.fields.forEach((field, i) => {
        const type = (field as unknown as { type: string }).type;
        if (type !== "integer" && type !== "number") return;
        for (const row of rows)
          if (!/^-?\d+(\.\d+)?$/.test(row[i]!)) expect(MISSING_VALUES as readonly string[], `${resource.path} ${field.name} = ${row[i]}`).toContain(row[i]);
      });
      const csvw = JSON.parse(firstBytes.get(`${resource.path}-metadata.json`)!) as { url: string; tableSchema: { columns: { name: string }[] } };
      expect(csvw.url).toBe(resource.path);
      expect(csvw.tableSchema.columns.map((c) => c.name)).toEqual(header);
    }
    expect(firstBytes.get("indices.csv")).toContain("[c]");
    // The spreadsheet: cover, notes and one sheet per table, title first.
    const content = firstBytes.get("spreadsheet.ods/content.xml")!;
    expect([...content.matchAll(/table:name="([^"]+)"/g)].map((m) => m[1])).toEqual(["Cover", "Notes", ...TABLES.map((t) => t.name)]);
    expect(firstBytes.get("spreadsheet.ods/mimetype")).toBe("application/vnd.oasis.opendocument.spreadsheet");
  }, 120_000);

  it("audits the whole release: no group under 10, no subtraction isolating 1…9 councils, no free text, nothing per council", () => {
    const views = shownViews(first, 1, membersAt);
    expect(views.length).toBeGreaterThan(3);
    for (const v of views) expect(v.members.size).toBeGreaterThanOrEqual(K);
    expect(attack(views, K)).toEqual([]);
    // Register-shaped overlaps are there to be attacked: Wales is a nation, a region and a type.
    expect(views.some((v) => v.identity === "all:all")).toBe(true);
    for (const [name, text] of firstBytes) {
      for (const free of freeText) expect(text.includes(free), `${name} carries free text`).toBe(false);
      expect(text, name).not.toMatch(/QZX\d/);
      expect(text, name).not.toMatch(/FREE4/);
      expect(text, name).not.toMatch(/council_id|gss_code|"(min|max|minimum|maximum|rank)"/i);
    }
    for (const t of TABLES) expect(t.fields.map((f) => f.name).filter((n) => /min|max|rank|council_id|gss/i.test(n))).toEqual([]);
    // Every n of a measure is 0 or ≥ k.
    const [, ...indices] = csvRows(firstBytes.get("indices.csv")!);
    for (const row of indices) if (/^\d+$/.test(row[3]!)) expect(Number(row[3]) === 0 || Number(row[3]) >= K, row.join(",")).toBe(true);
  });

  it("a revision after a correction is a new release audited against the first; the first stays byte-identical", async () => {
    // A correction: one council's response is found invalid and withdrawn from the wave.
    const victim = await handle.db
      .selectFrom("responses")
      .innerJoin("waves", "waves.id", "responses.wave_id")
      .select(["responses.id"])
      .where("waves.slug", "=", "2025")
      .where("responses.status", "=", "submitted")
      .orderBy("responses.id")
      .executeTakeFirstOrThrow();
    await handle.db.updateTable("responses").set({ status: "in_progress" }).where("id", "=", victim.id).execute();
    expect(await publishRelease(ctx, "2025", { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" })).toMatchObject({ ok: false });
    const now = await membersNow(handle, "2025");
    const result = await publishRelease(ctx, "2025", {
      licenceId: "OGL-UK-3.0",
      publisher: "LocalTrust",
      revisionNote: "One response withdrawn after checking",
    });
    expect(result).toEqual({ ok: true, seq: 2 });
    const second = (await getRelease(handle.db, "2025", null))!.document;
    membersAt.set(second.meta.snapshot.cutAt, now);
    expect(second.meta.release.revisionNote).toBe("One response withdrawn after checking");
    expect(second.meta.earlier.map((r) => r.seq)).toEqual([1]);
    // The attacker holds both releases: nothing isolates the withdrawn council (or any 1…9).
    const views = [...shownViews(first, 1, membersAt), ...shownViews(second, 2, membersAt)];
    expect(attack(views, K)).toEqual([]);
    // The whole wave moved by one council: the revision keeps the first release's figures for it.
    const wholeRow = csvRows(releaseFile(second, "responses.csv")!.body as string).find((r) => r[0] === "all")!;
    expect(wholeRow[5]).toBe(first.meta.snapshot.cutAt);
    // The first release is still served, the same bytes.
    const again = (await getRelease(handle.db, "2025", 1))!.document;
    expect(releaseTexts(again)).toEqual(firstBytes);
    // Releases are immutable in the database.
    await expect(handle.db.updateTable("data_releases").set({ revision_note: "tampered" }).where("seq", "=", 1).execute()).rejects.toThrow();
  }, 120_000);

  it("unpublished waves and unknown files are 404", async () => {
    expect(await getRelease(handle.db, "2026", null)).toBeNull();
    expect(await publishRelease(ctx, "2026", { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" })).toMatchObject({ ok: false });
    for (const [slug, seq, file] of [
      ["2026", null, "indices.csv"],
      ["2025", 9, "indices.csv"],
      ["2025", null, "../etc/passwd"],
      ["2025", null, "microdata.csv"],
    ] as const) {
      const thrown = await openDataFileResponse(handle.db, slug, seq, file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(thrown, `${slug} ${seq} ${file}`).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });

  it("a second process serves the same bytes (npm run open-data)", async () => {
    let url: string;
    if (handle.dialect === "postgres") {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(handle.db)).rows[0]!.s;
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.searchParams.set("options", `-c search_path=${schema}`);
      url = u.toString();
    } else {
      const file = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(handle.db)).rows[0]!.file;
      url = `file:${file}`;
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "localtrust-open-data-"));
    try {
      // One child process (tsx start-up is the slow part): the latest release; the first is checked above.
      for (const seq of [2]) {
        const folder = path.join(out, String(seq));
        execFileSync(
          process.execPath,
          [path.resolve("node_modules/tsx/dist/cli.mjs"), "cli/open-data.ts", "--wave", "2025", "--release", String(seq), "--out", folder],
          {
            env: { ...process.env, DATABASE_URL: url, DEMO_SEED: "false" },
            stdio: "pipe",
          },
        );
        const doc = (await getRelease(handle.db, "2025", seq))!.document;
        for (const name of RELEASE_FILES) {
          const here = releaseFile(doc, name)!.body;
          const there = fs.readFileSync(path.join(folder, name));
          expect(crypto.createHash("sha256").update(there).digest("hex"), `${seq}/${name}`).toBe(crypto.createHash("sha256").update(here).digest("hex"));
        }
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
