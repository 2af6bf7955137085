/**
 * Parses and validates a council register CSV, before anything touches the database.
 *
 * Two formats are accepted, told apart by the header:
 * - mySociety's "UK local authority names and codes" CSV (`uk_local_authorities_current.csv`):
 *   only rows whose `current-authority` is True are imported; combined authorities (COMB) and the
 *   GLA (SRA) are not councils that answer the survey, so they are skipped like non-current rows.
 * - a plain CSV whose header is exactly `gss_code,name,type,region,nation`.
 *
 * Every row that would be imported is checked with `councilRowSchema`; all problems in the file are
 * reported at once as `line N, column C: reason`, where N is the physical line of the file on
 * which the row starts (the header is line 1; quoted values may span lines) and C is the column
 * name as written in the header. Problems with the file as a whole name only a line (`line 1:`
 * for the header) or nothing (an empty file).
 */
import { CsvError, parse, type Info } from "csv-parse/sync";
import { z } from "zod";

import { COUNCIL_TYPES, NATIONS, type CouncilType, type Nation } from "./council-types";

export { COUNCIL_TYPES, NATIONS, type CouncilType, type Nation };

/** The first letter of a GSS code says which nation the area is in. */
export const NATION_BY_GSS_PREFIX: Readonly<Record<string, Nation>> = {
  E: "England",
  S: "Scotland",
  W: "Wales",
  N: "Northern Ireland",
};

export const GSS_CODE_PATTERN = /^[ENSW]\d{8}$/;
export const MAX_COUNCIL_NAME_LENGTH = 200;

export const councilRowSchema = z
  .object({
    gssCode: z.string().regex(GSS_CODE_PATTERN, "must look like E06000001"),
    name: z.string().min(1, "must not be empty").max(MAX_COUNCIL_NAME_LENGTH, `must be ${MAX_COUNCIL_NAME_LENGTH} characters or fewer`),
    type: z.enum(COUNCIL_TYPES, {
      errorMap: () => ({ message: `must be one of ${COUNCIL_TYPES.join(", ")}` }),
    }),
    region: z.string().min(1, "must not be empty"),
    nation: z.enum(NATIONS, {
      errorMap: () => ({ message: `must be one of ${NATIONS.join(", ")}` }),
    }),
  })
  .strict()
  .superRefine((row, ctx) => {
    const expected = NATION_BY_GSS_PREFIX[row.gssCode.charAt(0)];
    if (expected !== undefined && expected !== row.nation) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["nation"],
        message: `must be ${expected} for GSS code ${row.gssCode}`,
      });
    }
  });

export type CouncilRow = z.infer<typeof councilRowSchema>;
type CouncilField = keyof CouncilRow;

export type RegisterFormat = "mysociety" | "plain";

export type RegisterParseResult =
  | {
      ok: true;
      format: RegisterFormat;
      /** The councils to import, in file order. */
      rows: CouncilRow[];
      /** Data rows in the file (blank rows not counted). */
      inFile: number;
      /** Rows read but deliberately not imported: not current, or a COMB/SRA authority. */
      skipped: number;
      /**
       * Whether the file is the whole register, so that councils missing from it are retired by
       * the importer. Both formats are full registers by default (the mySociety file lists every
       * current authority, and the association keeps its plain list complete); a caller that
       * imports a partial list (the CLI's `--partial` flag) passes `{ partial: true }` instead.
       */
      isFullRegister: boolean;
    }
  | { ok: false; errors: string[] };

export interface ParseCouncilRegisterOptions {
  /** The file adds or updates some councils only; councils missing from it are left alone. */
  partial?: boolean;
}

export const PLAIN_HEADER = ["gss_code", "name", "type", "region", "nation"] as const;

const MYSOCIETY_COLUMNS = {
  current: "current-authority",
  gssCode: "gss-code",
  officialName: "official-name",
  niceName: "nice-name",
  type: "local-authority-type",
  region: "region",
  nation: "nation",
} as const;

/** mySociety rows of these types are authorities but not councils that answer the survey. */
const NOT_COUNCIL_TYPES = new Set(["COMB", "SRA"]);

interface CsvRecord {
  record: string[];
  info: Info;
}

/** Where each field of a CouncilRow is read from: index in the record, and the header's name. */
interface Column {
  index: number;
  name: string;
}
type ColumnMap = Record<CouncilField, Column>;

export function parseCouncilRegister(text: string, options: ParseCouncilRegisterOptions = {}): RegisterParseResult {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === "") return { ok: false, errors: ["the file is empty"] };

  // One "\n" per physical line break keeps line numbers exact: csv-parse counts a CRLF inside a
  // quoted value as two lines, and takes its record delimiter from the first line alone.
  const normalised = withoutBom.replace(/\r\n?/g, "\n");

  let records: CsvRecord[];
  try {
    records = parse(normalised, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true, // also allows spaces around a quoted value: , "Durham County Council" ,
    }) as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? error.lines : 1;
      return { ok: false, errors: [`line ${line}: not valid CSV (${error.message})`] };
    }
    throw error;
  }

  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) return { ok: false, errors: ["the file is empty"] };
  const header = headerRecord.record.map((name) => name.trim());

  const layout = readHeader(header);
  if (!layout.ok) return { ok: false, errors: layout.errors };
  const { format, columns, current, fallbackName } = layout;

  const errors: string[] = [];
  const rows: CouncilRow[] = [];
  const firstLineOfCode = new Map<string, number>();
  let inFile = 0;
  let skipped = 0;

  for (const { record, info } of dataRecords) {
    if (record.every((value) => value.trim() === "")) continue; // e.g. ",,,," left by a spreadsheet
    inFile += 1;
    const line = startLine(record, info);

    const extra = record.slice(header.length);
    if (extra.some((value) => value.trim() !== "")) {
      errors.push(`line ${line}: the row has ${record.length} fields but the header has ${header.length}`);
      continue;
    }

    const needed = [...Object.values(columns), ...(current === undefined ? [] : [current])];
    const firstMissing = needed.filter((column) => column.index >= record.length).sort((a, b) => a.index - b.index)[0];
    if (firstMissing !== undefined) {
      errors.push(`line ${line}, column ${firstMissing.name}: missing, the row has ${record.length} fields but the header has ${header.length}`);
      continue;
    }

    if (current !== undefined) {
      const isCurrent = (record[current.index] ?? "").trim().toLowerCase();
      if (isCurrent === "false") {
        skipped += 1;
        continue;
      }
      if (isCurrent !== "true") {
        errors.push(`line ${line}, column ${current.name}: must be True or False`);
        continue;
      }
    }

    const value = (field: CouncilField): string => record[columns[field].index] ?? "";
    const type = value("type").trim().toUpperCase();
    if (format === "mysociety" && NOT_COUNCIL_TYPES.has(type)) {
      skipped += 1;
      continue;
    }

    const rowColumns = { ...columns };
    let name = value("name");
    if (name.trim() === "" && fallbackName !== undefined) {
      name = record[fallbackName.index] ?? "";
      rowColumns.name = fallbackName;
    }

    const candidate = {
      gssCode: value("gssCode").trim().toUpperCase(),
      // A line break or run of spaces inside a quoted name would show as-is to respondents.
      name: name.replace(/\s+/g, " ").trim(),
      type,
      region: value("region").trim(),
      nation: canonicalNation(value("nation").trim()),
    };

    if (GSS_CODE_PATTERN.test(candidate.gssCode)) {
      const firstLine = firstLineOfCode.get(candidate.gssCode);
      if (firstLine !== undefined) {
        errors.push(`line ${line}, column ${rowColumns.gssCode.name}: ${candidate.gssCode} is already on line ${firstLine}`);
      } else {
        firstLineOfCode.set(candidate.gssCode, line);
      }
    }

    const result = councilRowSchema.safeParse(candidate);
    if (result.success) {
      rows.push(result.data);
    } else {
      for (const issue of result.error.issues) {
        const field = issue.path[0] as CouncilField;
        errors.push(`line ${line}, column ${rowColumns[field].name}: ${issue.message}`);
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [inFile === 0 ? "the file has a header but no rows" : `the file has no councils to import (all ${inFile} rows were skipped)`],
    };
  }
  return { ok: true, format, rows, inFile, skipped, isFullRegister: options.partial !== true };
}

type HeaderLayout =
  | {
      ok: true;
      format: RegisterFormat;
      columns: ColumnMap;
      /** mySociety's `current-authority` column. */
      current: Column | undefined;
      /** mySociety's `nice-name`, read when a row's `official-name` is empty. */
      fallbackName: Column | undefined;
    }
  | { ok: false; errors: string[] };

function readHeader(header: string[]): HeaderLayout {
  const lower = header.map((name) => name.toLowerCase());
  const mySocietyNames: readonly string[] = Object.values(MYSOCIETY_COLUMNS);
  const plainNames: readonly string[] = PLAIN_HEADER;

  const duplicated = lower.filter((name, i) => (mySocietyNames.includes(name) || plainNames.includes(name)) && lower.indexOf(name) !== i);
  if (duplicated.length > 0) {
    return { ok: false, errors: [`line 1: columns appear more than once: ${[...new Set(duplicated)].join(", ")}`] };
  }

  const at = (name: string): Column => {
    const index = lower.indexOf(name);
    return { index, name: header[index] ?? name };
  };

  if (lower.some((name) => name !== "region" && name !== "nation" && mySocietyNames.includes(name))) {
    // The name column: official names ("Aberdeenshire Council", "London Borough of Camden") name
    // the organisation whose position a respondent declares, and are what council staff call their
    // employer; nice names ("Aberdeenshire", "Camden") name the place. nice-name is only a
    // fallback, row by row, for an empty official-name.
    const required = [MYSOCIETY_COLUMNS.current, MYSOCIETY_COLUMNS.gssCode, MYSOCIETY_COLUMNS.type, MYSOCIETY_COLUMNS.region, MYSOCIETY_COLUMNS.nation];
    const missing: string[] = required.filter((name) => !lower.includes(name));
    const hasOfficial = lower.includes(MYSOCIETY_COLUMNS.officialName);
    if (!hasOfficial && !lower.includes(MYSOCIETY_COLUMNS.niceName)) {
      missing.push(`${MYSOCIETY_COLUMNS.officialName} (or ${MYSOCIETY_COLUMNS.niceName})`);
    }
    if (missing.length > 0) {
      return { ok: false, errors: [`line 1: missing required columns: ${missing.join(", ")}`] };
    }
    return {
      ok: true,
      format: "mysociety",
      current: at(MYSOCIETY_COLUMNS.current),
      fallbackName: hasOfficial && lower.includes(MYSOCIETY_COLUMNS.niceName) ? at(MYSOCIETY_COLUMNS.niceName) : undefined,
      columns: {
        gssCode: at(MYSOCIETY_COLUMNS.gssCode),
        name: at(hasOfficial ? MYSOCIETY_COLUMNS.officialName : MYSOCIETY_COLUMNS.niceName),
        type: at(MYSOCIETY_COLUMNS.type),
        region: at(MYSOCIETY_COLUMNS.region),
        nation: at(MYSOCIETY_COLUMNS.nation),
      },
    };
  }

  if (lower.some((name) => plainNames.includes(name))) {
    const missing = PLAIN_HEADER.filter((name) => !lower.includes(name));
    if (missing.length > 0) {
      return { ok: false, errors: [`line 1: missing required columns: ${missing.join(", ")}`] };
    }
    if (lower.length !== PLAIN_HEADER.length || PLAIN_HEADER.some((name, i) => lower[i] !== name)) {
      return { ok: false, errors: [`line 1: the header must be exactly ${PLAIN_HEADER.join(",")}`] };
    }
    return {
      ok: true,
      format: "plain",
      current: undefined,
      fallbackName: undefined,
      columns: {
        gssCode: at("gss_code"),
        name: at("name"),
        type: at("type"),
        region: at("region"),
        nation: at("nation"),
      },
    };
  }

  return {
    ok: false,
    errors: [
      `line 1: the header is neither ${PLAIN_HEADER.join(",")} nor mySociety's (current-authority, gss-code, official-name, local-authority-type, region, nation)`,
    ],
  };
}

/** The physical line a record starts on: csv-parse reports the line it ends on. */
function startLine(record: string[], info: Info): number {
  const breaksInside = record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
  return info.lines - breaksInside;
}

/** "northern ireland" → "Northern Ireland"; anything else is left for the schema to reject. */
function canonicalNation(value: string): string {
  return NATIONS.find((nation) => nation.toLowerCase() === value.toLowerCase()) ?? value;
}

// ---------------------------------------------------------------------------------------------
// What an import changes (decision 056): the preview an admin confirms and the changes the model
// writes come from this one function, so the preview cannot differ from what is done.

/** A council as the register holds it. */
export interface RegisteredCouncil {
  gss_code: string;
  name: string;
  type: string;
  region: string;
  nation: string;
  active: number;
}

export interface RegisterChange {
  gssCode: string;
  name: string;
  /** What changes, field by field ("active" when a retired council comes back). */
  changes: { field: "name" | "type" | "region" | "nation" | "active"; from: string; to: string }[];
}

/** A row to import: a CouncilRow, or any record of the same fields (tests and the demo seed). */
export interface RegisterRow {
  gssCode: string;
  name: string;
  type: string;
  region: string;
  nation: string;
}

export interface RegisterPlan<R extends RegisterRow = CouncilRow> {
  added: R[];
  updated: (RegisterChange & { row: R })[];
  retired: { gssCode: string; name: string }[];
  unchanged: number;
}

/** Upsert by GSS code; with a full register, active councils missing from the file are retired (never deleted). */
export function planRegisterChanges<R extends RegisterRow>(
  existing: readonly RegisteredCouncil[],
  rows: readonly R[],
  options: { fullRegister: boolean },
): RegisterPlan<R> {
  const byCode = new Map(existing.map((c) => [c.gss_code, c]));
  const plan: RegisterPlan<R> = { added: [], updated: [], retired: [], unchanged: 0 };
  for (const row of rows) {
    const current = byCode.get(row.gssCode);
    if (!current) {
      plan.added.push(row);
      continue;
    }
    const changes: RegisterChange["changes"] = [];
    for (const field of ["name", "type", "region", "nation"] as const)
      if (current[field] !== row[field]) changes.push({ field, from: current[field], to: row[field] });
    if (current.active !== 1) changes.push({ field: "active", from: "retired", to: "active" });
    if (changes.length === 0) plan.unchanged += 1;
    else plan.updated.push({ gssCode: row.gssCode, name: row.name, changes, row });
  }
  if (options.fullRegister) {
    const inFile = new Set(rows.map((r) => r.gssCode));
    for (const c of existing) if (c.active === 1 && !inFile.has(c.gss_code)) plan.retired.push({ gssCode: c.gss_code, name: c.name });
  }
  return plan;
}
