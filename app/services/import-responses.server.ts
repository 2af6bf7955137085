import { parse } from "csv-parse/sync";
import { encodeAnswer, parseSectionForm, type AnswerValue } from "../domain/answers";
import { allItems, getItem, type Instrument } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { instrumentV1 } from "../domain/instrument-v1";
import type { Db } from "../models/db-types";
import { nowIso } from "../models/db-types";
import { startResponse } from "../models/response.server";
import { saveResponseScores } from "../models/scores.server";

// Import of historical responses (issue 5, point 7): columns gss_code and item ids; codes as
// stored, dk for Don't know, empty for missing, multi-choice as code;code. Every row is checked with
// the instrument's own section schemas; any problem means nothing is imported.

export interface ImportRow {
  line: number;
  gssCode: string;
  answers: Map<string, AnswerValue>;
}

export type ImportParse = { ok: true; rows: ImportRow[] } | { ok: false; errors: string[] };

/** Parses and validates the CSV text; errors name the line (the header is line 1) and the column. */
export function parseResponsesCsv(text: string, instrument: Instrument): ImportParse {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, info: true, trim: true, relax_column_count: false }) as typeof records;
  } catch (error) {
    return { ok: false, errors: [`The file is not valid CSV: ${(error as Error).message}`] };
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]?.split(",").map((h) => h.trim().replace(/^"|"$/g, "")) ?? [];
  const errors: string[] = [];
  if (!header.includes("gss_code")) errors.push("line 1: there is no gss_code column");
  for (const column of header) {
    if (column !== "gss_code" && !getItem(instrument, column)) errors.push(`line 1: column ${column} is not an item of instrument version ${instrument.version}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const gssCode = (record.gss_code ?? "").trim();
    if (!/^[A-Z]\d{8}$/.test(gssCode)) errors.push(`line ${line}: gss_code "${gssCode.slice(0, 20)}" is not a GSS code like E08000035`);
    else if (seen.has(gssCode)) errors.push(`line ${line}: ${gssCode} already has a response on line ${seen.get(gssCode)}`);
    else seen.set(gssCode, line);
    const answers = new Map<string, AnswerValue>();
    for (const section of instrument.sections) {
      const fields: Record<string, string[]> = {};
      for (const item of section.items) {
        const raw = record[item.id];
        if (raw === undefined || raw === "") continue;
        fields[item.id] = item.scale === "multi" ? raw.split(";").map((c) => c.trim()) : [raw];
      }
      const parsed = parseSectionForm(instrument, section.id, fields);
      if (!parsed.ok) {
        for (const e of parsed.errors) errors.push(`line ${line}: ${e.field}: ${e.message}`);
        continue;
      }
      for (const [id, value] of parsed.answers) if (value !== null) answers.set(id, value);
    }
    rows.push({ line, gssCode, answers });
  }
  if (rows.length === 0 && errors.length === 0) errors.push("The file has no responses");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

export type ImportResult = { ok: true; waveCreated: boolean; imported: number } | { ok: false; errors: string[] };

/** Imports the rows into the wave (created closed, instrument version 1, when missing) in one transaction, storing each response's scores. */
export async function importResponses(db: Db, slug: string, rows: readonly ImportRow[]): Promise<ImportResult> {
  const now = nowIso();
  const instrument = getInstrument(1);
  const councils = await db.selectFrom("councils").select(["id", "gss_code"]).where("gss_code", "in", rows.map((r) => r.gssCode)).execute();
  const councilOf = new Map(councils.map((c) => [c.gss_code, c.id]));
  const errors = rows.filter((r) => !councilOf.has(r.gssCode)).map((r) => `line ${r.line}: there is no council with GSS code ${r.gssCode}`);
  const existingWave = await db.selectFrom("waves").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (existingWave) {
    const taken = await db.selectFrom("responses").select("council_id").where("wave_id", "=", existingWave.id).execute();
    const takenIds = new Set(taken.map((t) => t.council_id));
    for (const r of rows) if (takenIds.has(councilOf.get(r.gssCode) ?? -1)) errors.push(`line ${r.line}: ${r.gssCode} already has a response in wave ${slug}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const run = async (trx: Db) => {
    let waveId = existingWave?.id;
    const version = existingWave?.instrument_version ?? 1;
    if (!waveId) {
      const known = await trx.selectFrom("instrument_versions").select("version").where("version", "=", 1).executeTakeFirst();
      if (!known) await trx.insertInto("instrument_versions").values({ version: 1, title: instrument.title, definition: JSON.stringify(instrumentV1), created_at: now }).execute();
      const wave = await trx
        .insertInto("waves")
        .values({ slug, title: `${slug} survey (imported)`, instrument_version: 1, status: "closed", opens_on: null, closes_on: null, published_at: null, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      waveId = wave.id;
    }
    const used = getInstrument(version);
    for (const row of rows) {
      const responseId = await startResponse(trx, { waveId, councilId: councilOf.get(row.gssCode) as number, instrumentVersion: version, userId: null, now });
      const stored: Record<string, string> = {};
      for (const item of allItems(used)) {
        const value = row.answers.get(item.id);
        if (value === undefined) continue;
        stored[item.id] = encodeAnswer(item, value);
        await trx.insertInto("answers").values({ response_id: responseId, item_id: item.id, value: stored[item.id] as string, updated_at: now, updated_by: null }).execute();
      }
      await trx.insertInto("response_versions").values({ response_id: responseId, submission_number: 1, response_version: 2, instrument_version: version, answers: JSON.stringify(stored), submitted_at: now, submitted_by: null }).execute();
      await trx.updateTable("responses").set({ status: "submitted", version: 2, submitted_at: now, submission_count: 1 }).where("id", "=", responseId).execute();
      await saveResponseScores(trx, responseId);
    }
    return { ok: true as const, waveCreated: !existingWave, imported: rows.length };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
