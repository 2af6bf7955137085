// One value out of a JSON text without parsing the rest (decision 069). A snapshot's trend needs
// only `summary.indices` of each view of the 20 earlier waves' snapshots, which come near the start
// of documents of ~13 KB each (the items, breakdowns and charts follow): the text is scanned up to
// that value, and only the value is parsed.

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;

class NotPlain extends Error {}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== NEWLINE && c !== RETURN) return i;
    i += 1;
  }
}

/** The index just after the string that opens at i. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j += 1;
    else if (c === QUOTE) return j + 1;
  }
  throw new NotPlain();
}

/** The index just after the value that starts at i. */
function endOfValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return endOfString(text, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < text.length; j += 1) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) j = endOfString(text, j) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    throw new NotPlain();
  }
  // A number, true, false or null: up to the next delimiter (inside an object there always is one,
  // so the end of the text means it was cut short).
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === TAB || c === NEWLINE || c === RETURN) break;
    j += 1;
  }
  if (j === i || j === text.length) throw new NotPlain();
  return j;
}

function scan(text: string, i: number, path: readonly string[], depth: number): unknown {
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new NotPlain();
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new NotPlain();
    const keyEnd = endOfString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes("\\") ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new NotPlain();
    i = skipSpace(text, i + 1);
    if (key === path[depth]) {
      if (depth === path.length - 1) return JSON.parse(text.slice(i, endOfValue(text, i)));
      if (i >= text.length) throw new NotPlain();
      if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
      return scan(text, i, path, depth + 1);
    }
    i = skipSpace(text, endOfValue(text, i));
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return undefined;
    if (c !== COMMA) throw new NotPlain();
    i = skipSpace(text, i + 1);
  }
}

/**
 * The value at `path` in a JSON text of which `head` is the beginning (a document read only up to
 * some length), as jsonValueAt would give from the whole text; null when the head ends before the
 * value does (or is not what the scan expects): then read the whole text.
 */
export function jsonValueInHead(head: string, path: readonly string[]): { value: unknown } | null {
  if (path.length === 0) return null;
  try {
    return { value: scan(head, skipSpace(head, 0), path, 0) };
  } catch (error) {
    if (error instanceof NotPlain || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * The value at `path` (a key at each level) in the JSON text, parsed, as `JSON.parse(text)[path[0]]
 * [path[1]]…` gives it; undefined when a key is missing or a level is not an object. The text is read only up to the end of that
 * value, so it must be one JSON.stringify wrote (no key twice in an object, where JSON.parse takes
 * the last); anything the scan does not expect is left to JSON.parse of the whole text, which
 * throws on a text that is not JSON.
 */
export function jsonValueAt(text: string, path: readonly string[]): unknown {
  if (path.length === 0) return JSON.parse(text);
  try {
    return scan(text, skipSpace(text, 0), path, 0);
  } catch (error) {
    if (!(error instanceof NotPlain) && !(error instanceof SyntaxError)) throw error;
    let value: unknown = JSON.parse(text);
    for (const key of path) {
      if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }
}
