import { parse } from "csv-parse/sync";
import { encodeAnswer, parseSectionForm, type AnswerValue } from "../domain/answers";
import { allItems, getItem, type Instrument } from "../domain/instrument";
import { getInstrument, getInstrumentDefinition } from "../domain/instruments";
import { isValidWaveSlug } from "../domain/wave-slug";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { findCouncilIdsByGssCode } from "../models/council.server";
import { inTransaction, nowIso, type Db } from "../models/db-types";
import { startResponse } from "../models/response.server";
import { saveResponseScores } from "../models/scores.server";
import { insertAnswers, insertSubmissionSnapshot, listCouncilsWithResponse, markResponseSubmitted } from "../models/stored-response.server";
import { createWave, ensureInstrumentVersionStored, getWaveBySlug } from "../models/wave.server";

// Import of historical responses, the one path for the admin upload page and `npm run
// import:responses`: columns gss_code and item ids; codes as stored, dk for Don't know, empty for
// missing, multi-choice as code;code. Every row is checked with the instrument's own section
// schemas; any problem means nothing is imported. A published wave is final; every import is audited.

/** The audit actor of the command-line tools: no user, the role "command line". */
export const COMMAND_LINE_ACTOR: AuditActor = { userId: null, email: null, role: "command line", councilId: null };

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

/**
 * Imports the parsed rows into the wave (created closed, instrument version 1, when missing) in one
 * transaction, storing each response's scores. Callers go through importHistoricalResponses, which
 * adds the published-wave check and the audit record.
 */
export async function importResponses(db: Db, slug: string, rows: readonly ImportRow[]): Promise<ImportResult> {
  const now = nowIso();
  const councilOf = await findCouncilIdsByGssCode(db, rows.map((r) => r.gssCode));
  const errors = rows.filter((r) => !councilOf.has(r.gssCode)).map((r) => `line ${r.line}: there is no council with GSS code ${r.gssCode}`);
  const existingWave = await getWaveBySlug(db, slug);
  if (existingWave) {
    const taken = await listCouncilsWithResponse(db, existingWave.id);
    for (const r of rows) if (taken.has(councilOf.get(r.gssCode) ?? -1)) errors.push(`line ${r.line}: ${r.gssCode} already has a response in wave ${slug}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  return inTransaction(db, async (trx) => {
    let waveId = existingWave?.id;
    const version = existingWave?.instrument_version ?? 1;
    if (!waveId) {
      const instrument = getInstrument(1);
      await ensureInstrumentVersionStored(trx, { version: 1, title: instrument.title, definition: getInstrumentDefinition(1), createdAt: now });
      waveId = await createWave(trx, { slug, title: `${slug} survey (imported)`, instrumentVersion: 1, status: "closed", opensOn: null, closesOn: null });
    }
    const used = getInstrument(version);
    for (const row of rows) {
      const responseId = await startResponse(trx, { waveId, councilId: councilOf.get(row.gssCode) as number, instrumentVersion: version, userId: null, now });
      const stored: Record<string, string> = {};
      for (const item of allItems(used)) {
        const value = row.answers.get(item.id);
        if (value !== undefined) stored[item.id] = encodeAnswer(item, value);
      }
      await insertAnswers(trx, { responseId, answers: stored, userId: null, now });
      await insertSubmissionSnapshot(trx, { responseId, submissionNumber: 1, responseVersion: 2, instrumentVersion: version, answers: stored, userId: null, at: now });
      await markResponseSubmitted(trx, { responseId, version: 2, submissionCount: 1, userId: null, at: now });
      await saveResponseScores(trx, responseId);
    }
    return { ok: true as const, waveCreated: !existingWave, imported: rows.length };
  });
}

/** Who imports and from where, for the audit log (COMMAND_LINE_ACTOR and no address for the CLI). */
export interface ImportContext {
  actor: AuditActor | null;
  clientAddress: string | null;
}

/**
 * Imports a CSV of historical responses into the wave `slug` (created closed when missing), all or
 * nothing, with one audit record "responses.imported" in the same transaction. Refuses an invalid
 * slug and a published wave (a published wave is final).
 */
export async function importHistoricalResponses(db: Db, context: ImportContext, slug: string, text: string): Promise<ImportResult> {
  if (!isValidWaveSlug(slug)) return { ok: false, errors: [`"${slug.slice(0, 60)}" is not a wave slug: lowercase letters, digits and hyphens, like 2024`] };
  const existing = await getWaveBySlug(db, slug);
  if (existing?.status === "published") return { ok: false, errors: [`Wave ${slug} is published and cannot be changed: import into another wave`] };
  const parsed = parseResponsesCsv(text, getInstrument(existing?.instrument_version ?? 1));
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (trx) => {
    const result = await importResponses(trx, slug, parsed.rows);
    if (result.ok) {
      const wave = await getWaveBySlug(trx, slug);
      await recordAudit(trx, {
        actor: context.actor,
        clientAddress: context.clientAddress,
        action: "responses.imported",
        targetType: "wave",
        targetId: wave?.id,
        detail: { slug, imported: result.imported, waveCreated: result.waveCreated },
      });
    }
    return result;
  });
}
