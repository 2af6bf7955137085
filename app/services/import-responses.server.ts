import { parse } from "csv-parse/sync";
import { encodeAnswer, parseSectionForm, type AnswerValue } from "../domain/answers";
import { allItems, getItem, type Instrument } from "../domain/instrument";
import { getInstrument, getInstrumentDefinition } from "../domain/instruments";
import { isValidWaveSlug } from "../domain/wave-slug";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { findCouncilsByGssCode } from "../models/council.server";
import { inTransaction, nowIso, type Db } from "../models/db-types";
import { startResponse } from "../models/response.server";
import { saveResponseScores } from "../models/scores.server";
import { insertAnswers, insertSubmissionSnapshot, listCouncilsWithResponse, markResponseSubmitted } from "../models/stored-response.server";
import { createWave, ensureInstrumentVersionStored, getWaveBySlug, setMissingFieldworkDates } from "../models/wave.server";

// Import of historical responses, the one path for the admin upload page and `npm run
// import:responses`: columns gss_code and item ids; codes as stored, dk for Don't know, empty for
// missing, multi-choice as code;code. Every row is checked with the instrument's own section
// schemas, every council and every existing response in one pass, and every problem is reported
// at once (decision 055); any problem means nothing is imported. A new wave needs its fieldwork
// dates (decision 053); a published wave is final; every import is audited. A check ("dry run")
// runs the same validation and writes nothing.

/** The audit actor of the command-line tools: no user, the role "command line". */
export const COMMAND_LINE_ACTOR: AuditActor = { userId: null, email: null, role: "command line", councilId: null };

export interface ImportRow {
  line: number;
  gssCode: string;
  answers: Map<string, AnswerValue>;
}

/** A problem with the wave, its dates or the file: `field` says which (the upload page puts it beside that field). */
export interface ImportProblem {
  field: "wave" | "opensOn" | "closesOn" | "file";
  message: string;
}

/** The parsed rows and every problem found (rows with a problem are still returned, so later checks can run on them). */
export interface ImportParse {
  rows: ImportRow[];
  errors: string[];
}

interface LineError {
  line: number;
  message: string;
}

/** Parses and validates the CSV text; every problem of every row, naming the line (the header is line 1) and the column. */
export function parseResponsesCsv(text: string, instrument: Instrument): ImportParse {
  const lineErrors = parseRows(text, instrument);
  return { rows: lineErrors.rows, errors: lineErrors.errors.map((e) => e.message) };
}

function parseRows(text: string, instrument: Instrument): { rows: ImportRow[]; errors: LineError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  const body = text.replace(/^\uFEFF/, "");
  try {
    records = parse(body, { columns: true, skip_empty_lines: true, info: true, trim: true, relax_column_count: false }) as typeof records;
  } catch (error) {
    return { rows: [], errors: [{ line: 0, message: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  const header =
    body
      .split(/\r?\n/, 1)[0]
      ?.split(",")
      .map((h) => h.trim().replace(/^"|"$/g, "")) ?? [];
  const errors: LineError[] = [];
  if (!header.includes("gss_code")) errors.push({ line: 1, message: "line 1: there is no gss_code column" });
  for (const column of header) {
    if (column !== "gss_code" && !getItem(instrument, column))
      errors.push({ line: 1, message: `line 1: column ${column} is not an item of instrument version ${instrument.version}` });
  }
  if (!header.includes("gss_code")) return { rows: [], errors };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const gssCode = (record.gss_code ?? "").trim();
    let usable = true;
    if (!/^[A-Z]\d{8}$/.test(gssCode)) {
      errors.push({ line, message: `line ${line}: gss_code "${gssCode.slice(0, 20)}" is not a GSS code like E08000035` });
      usable = false;
    } else if (seen.has(gssCode)) {
      errors.push({ line, message: `line ${line}: ${gssCode} already has a response on line ${seen.get(gssCode)}` });
      usable = false;
    } else seen.set(gssCode, line);
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
        for (const e of parsed.errors) errors.push({ line, message: `line ${line}: ${e.field}: ${e.message}` });
        continue;
      }
      for (const [id, value] of parsed.answers) if (value !== null) answers.set(id, value);
    }
    // A row with a bad or repeated GSS code cannot be checked against the register; its answers were checked above.
    if (usable) rows.push({ line, gssCode, answers });
  }
  if (records.length === 0 && errors.length === 0) errors.push({ line: 0, message: "The file has no responses" });
  return { rows, errors };
}

/** The fieldwork dates an import gives (YYYY-MM-DD), or nulls when none were given. */
export interface Fieldwork {
  opensOn: string | null;
  closesOn: string | null;
}

export interface ImportRequest {
  slug: string;
  fieldwork: Fieldwork;
  text: string;
  /** Check only: the same validation, nothing written, nothing audited. */
  dryRun?: boolean;
}

/** What an import did, or (for a dry run) would do. */
export interface ImportSummary {
  wave: { slug: string; title: string; created: boolean; opensOn: string | null; closesOn: string | null; datesAdded: boolean };
  imported: number;
  /** The councils, by name, in file order. */
  councils: string[];
  dryRun: boolean;
}

export type ImportResult = ({ ok: true } & ImportSummary) | { ok: false; errors: ImportProblem[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (date: string) => DATE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;

/** What is wrong with the wave and its fieldwork dates (empty when nothing). */
async function waveProblems(db: Db, slug: string, fieldwork: Fieldwork): Promise<ImportProblem[]> {
  if (!isValidWaveSlug(slug))
    return [{ field: "wave", message: `"${slug.slice(0, 60)}" is not a wave slug: lowercase letters, digits and hyphens, like 2024` }];
  const existing = await getWaveBySlug(db, slug);
  if (existing?.status === "published") return [{ field: "wave", message: `Wave ${slug} is published and cannot be changed: import into another wave` }];
  const problems: ImportProblem[] = [];
  const { opensOn, closesOn } = fieldwork;
  if (opensOn !== null && !isRealDate(opensOn))
    problems.push({ field: "opensOn", message: `The date fieldwork started must be a real date like 2019-10-01, not "${opensOn.slice(0, 20)}"` });
  if (closesOn !== null && !isRealDate(closesOn))
    problems.push({ field: "closesOn", message: `The date fieldwork ended must be a real date like 2019-12-01, not "${closesOn.slice(0, 20)}"` });
  if (problems.length > 0) return problems;
  const hasDates = existing && (existing.opens_on !== null || existing.closes_on !== null);
  if (!hasDates) {
    if (opensOn === null)
      problems.push({
        field: "opensOn",
        message: existing
          ? `Enter the date fieldwork started: wave ${slug} has no fieldwork dates yet`
          : `Enter the date fieldwork started: a new wave needs its dates to take its place in time`,
      });
    if (closesOn === null)
      problems.push({
        field: "closesOn",
        message: existing
          ? `Enter the date fieldwork ended: wave ${slug} has no fieldwork dates yet`
          : `Enter the date fieldwork ended: a new wave needs its dates to take its place in time`,
      });
  } else {
    if (opensOn !== null && opensOn !== existing.opens_on)
      problems.push({
        field: "opensOn",
        message: `Wave ${slug} started fieldwork on ${existing.opens_on ?? "no recorded date"}: leave the date empty or enter that date`,
      });
    if (closesOn !== null && closesOn !== existing.closes_on)
      problems.push({
        field: "closesOn",
        message: `Wave ${slug} ended fieldwork on ${existing.closes_on ?? "no recorded date"}: leave the date empty or enter that date`,
      });
  }
  if (opensOn !== null && closesOn !== null && closesOn < opensOn)
    problems.push({ field: "closesOn", message: "The date fieldwork ended must be the same as or after the date it started" });
  return problems;
}

/**
 * Checks the CSV against the wave, its dates, the instrument, the council register and the wave's
 * existing responses, reporting every problem at once; then (unless a dry run) imports it into the
 * wave (created closed, with its fieldwork dates, when missing) in one transaction with one audit
 * record "responses.imported". All or nothing.
 */
export async function importHistoricalResponses(db: Db, context: ImportContext, request: ImportRequest): Promise<ImportResult> {
  if (request.dryRun) {
    const checked = await checkImport(db, request);
    return checked.ok ? { ok: true, ...checked.summary } : checked;
  }
  // Checked again inside the transaction that writes, so two imports at once cannot both pass.
  return inTransaction(db, async (trx) => {
    const checked = await checkImport(trx, request);
    if (!checked.ok) return checked;
    const { summary, rows, councilIds } = checked;
    const waveId = await writeRows(trx, request.slug, summary.wave, rows, councilIds);
    await recordAudit(trx, {
      actor: context.actor,
      clientAddress: context.clientAddress,
      action: "responses.imported",
      targetType: "wave",
      targetId: waveId,
      detail: {
        slug: request.slug,
        imported: summary.imported,
        waveCreated: summary.wave.created,
        opensOn: summary.wave.opensOn,
        closesOn: summary.wave.closesOn,
        ...(summary.wave.datesAdded ? { datesAdded: true } : {}),
      },
    });
    return { ok: true as const, ...summary };
  });
}

type Checked = { ok: true; summary: ImportSummary; rows: ImportRow[]; councilIds: Map<string, number> } | { ok: false; errors: ImportProblem[] };

/** Every problem of the wave, its dates and the file, or what the import would do. */
async function checkImport(db: Db, request: ImportRequest): Promise<Checked> {
  const { slug, fieldwork, text } = request;
  const problems = await waveProblems(db, slug, fieldwork);
  if (problems.some((p) => p.field === "wave")) return { ok: false, errors: problems };
  const existing = await getWaveBySlug(db, slug);
  const instrument = getInstrument(existing?.instrument_version ?? 1);
  const parsed = parseRows(text, instrument);
  const errors = [...parsed.errors];
  const councils = await findCouncilsByGssCode(
    db,
    parsed.rows.map((r) => r.gssCode),
  );
  const taken = existing ? await listCouncilsWithResponse(db, existing.id) : new Set<number>();
  for (const r of parsed.rows) {
    const council = councils.get(r.gssCode);
    if (!council) errors.push({ line: r.line, message: `line ${r.line}: there is no council with GSS code ${r.gssCode}` });
    else if (taken.has(council.id))
      errors.push({ line: r.line, message: `line ${r.line}: ${r.gssCode} (${council.name}) already has a response in wave ${slug}` });
  }
  errors.sort((a, b) => a.line - b.line);
  problems.push(...errors.map((e) => ({ field: "file" as const, message: e.message })));
  if (problems.length > 0) return { ok: false, errors: problems };

  const summary: ImportSummary = {
    wave: {
      slug,
      title: existing?.title ?? `${slug} survey (imported)`,
      created: !existing,
      opensOn: existing?.opens_on ?? fieldwork.opensOn,
      closesOn: existing?.closes_on ?? fieldwork.closesOn,
      datesAdded: Boolean(existing && existing.opens_on === null && existing.closes_on === null),
    },
    imported: parsed.rows.length,
    councils: parsed.rows.map((r) => councils.get(r.gssCode)?.name ?? r.gssCode),
    dryRun: request.dryRun === true,
  };
  return { ok: true, summary, rows: parsed.rows, councilIds: new Map([...councils].map(([code, c]) => [code, c.id])) };
}

/** Writes the checked rows as submitted responses (the wave created closed when missing); returns the wave's id. */
async function writeRows(trx: Db, slug: string, wave: ImportSummary["wave"], rows: readonly ImportRow[], councilOf: Map<string, number>): Promise<number> {
  const now = nowIso();
  const existing = await getWaveBySlug(trx, slug);
  let waveId = existing?.id;
  const version = existing?.instrument_version ?? 1;
  if (!waveId) {
    const instrument = getInstrument(1);
    await ensureInstrumentVersionStored(trx, { version: 1, title: instrument.title, definition: getInstrumentDefinition(1), createdAt: now });
    // An imported wave closed when its fieldwork ended (decision 054).
    waveId = await createWave(trx, {
      slug,
      title: wave.title,
      instrumentVersion: 1,
      status: "closed",
      opensOn: wave.opensOn,
      closesOn: wave.closesOn,
      closedAt: wave.closesOn ? `${wave.closesOn}T00:00:00.000Z` : now,
    });
  } else if (wave.datesAdded && wave.opensOn && wave.closesOn) {
    await setMissingFieldworkDates(trx, { id: waveId, opensOn: wave.opensOn, closesOn: wave.closesOn });
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
    await insertSubmissionSnapshot(trx, {
      responseId,
      submissionNumber: 1,
      responseVersion: 2,
      instrumentVersion: version,
      answers: stored,
      userId: null,
      at: now,
    });
    await markResponseSubmitted(trx, { responseId, version: 2, submissionCount: 1, userId: null, at: now });
    await saveResponseScores(trx, responseId);
  }
  return waveId;
}

/** Who imports and from where, for the audit log (COMMAND_LINE_ACTOR and no address for the CLI). */
export interface ImportContext {
  actor: AuditActor | null;
  clientAddress: string | null;
}

/** The CSV template of an instrument: the header every import reads (gss_code, then every item id in order). */
export function responsesCsvTemplate(instrument: Instrument): string {
  return `${["gss_code", ...allItems(instrument).map((item) => item.id)].join(",")}\r\n`;
}

/** The template as a download (the instrument new imported waves use: version 1). */
export function responsesTemplateDownload(): Response {
  const instrument = getInstrument(1);
  return new Response(responsesCsvTemplate(instrument), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="localtrust-responses-template-v${instrument.version}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
