// CSV cells that are safe to open in a spreadsheet. A cell starting with =, +, -, @, tab or
// carriage return can be read as a formula (CSV injection), so it gets a leading single quote;
// then the cell is quoted when it holds a comma, quote or line break (RFC 4180).

const FORMULA_START = /^[=+\-@\t\r]/;

/** text starting with = + - @ tab or CR → "'" + text; anything else unchanged. Numbers are left as numbers. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: null/undefined → empty; numbers as they are (a negative number is data, not a formula); text neutralised, then quoted if needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV line ending in CRLF. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
