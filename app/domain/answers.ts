import { allItems, getItem, getSection, isScoredScale, scaleCodes, type Instrument, type Item } from "./instrument";

// Answers as the app handles them, derived from the instrument so no question needs its own code.

/** Scale and choice codes ("1".."5", "dk", "lapsed"), multi code lists, numbers as canonical decimal strings, text. */
export type AnswerValue = string | string[];

/** Answers by item id, as a Map or a plain record; missing, null, "" and [] all mean "not answered". */
export type AnswerLookup = ReadonlyMap<string, AnswerValue | null | undefined> | Readonly<Record<string, AnswerValue | null | undefined>>;

export interface FieldError {
  /** null when the posted field is not a question of this section. */
  readonly itemId: string | null;
  /** The form field name, for the error summary's link. */
  readonly field: string;
  readonly message: string;
}

export type SectionFormResult = { ok: true; answers: Map<string, AnswerValue | null> } | { ok: false; errors: FieldError[]; values: Record<string, string[]> };

export interface SectionCompleteness {
  readonly complete: boolean;
  /** Visible items with an answer (dk included). */
  readonly answered: number;
  /** Visible items. */
  readonly total: number;
  readonly requiredMissing: string[];
}

export interface ResponseCompleteness extends SectionCompleteness {
  readonly sections: ReadonlyArray<SectionCompleteness & { readonly sectionId: string }>;
}

const MULTI_SEPARATOR = ";";

/** The answer to one item from a Map or a record of answers; undefined when absent. */
export function answerOf(answers: AnswerLookup, itemId: string): AnswerValue | null | undefined {
  if (answers instanceof Map) return answers.get(itemId);
  const record = answers as Readonly<Record<string, AnswerValue | null | undefined>>;
  return Object.hasOwn(record, itemId) ? record[itemId] : undefined;
}

/** answered = not null/undefined, not "" and not an empty list (dk is an answer). */
export function isAnswered(value: AnswerValue | null | undefined): value is AnswerValue {
  if (value === null || value === undefined) return false;
  return value.length > 0;
}

/** Database text for an answer: multi codes joined by ";" in option order, anything else as is; throws for an invalid or empty answer. */
export function encodeAnswer(item: Item, value: AnswerValue): string {
  if (Array.isArray(value) !== (item.scale === "multi")) {
    throw new Error(`Cannot store answer for ${item.id}: ${item.scale === "multi" ? "expected a list of codes" : "expected one value"}`);
  }
  const parsed = parseItemValues(item, Array.isArray(value) ? value : [value]);
  if ("error" in parsed) throw new Error(`Cannot store answer for ${item.id}: ${parsed.error}`);
  if (parsed.value === null) throw new Error(`Cannot store answer for ${item.id}: a blank answer is not stored`);
  return Array.isArray(parsed.value) ? parsed.value.join(MULTI_SEPARATOR) : parsed.value;
}

/** The answer value of stored database text: multi split on ";", anything else as is. */
export function decodeAnswer(item: Item, stored: string): AnswerValue {
  if (item.scale !== "multi") return stored;
  return stored === "" ? [] : stored.split(MULTI_SEPARATOR);
}

/** Stored answers (item id → database text) as answer values; ids the instrument does not know are left out. */
export function decodeStoredAnswers(instrument: Instrument, stored: Iterable<readonly [itemId: string, text: string]>): Map<string, AnswerValue> {
  const answers = new Map<string, AnswerValue>();
  for (const [itemId, text] of stored) {
    const item = getItem(instrument, itemId);
    if (item) answers.set(itemId, decodeAnswer(item, text));
  }
  return answers;
}

/** The posted form as field name → every value posted under it (files are ignored). */
export function fieldsFromFormData(form: FormData): Record<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return Object.fromEntries(fields);
}

/**
 * Validates one section's posted fields: every question of the section maps to its answer or
 * null (blank); "_"-prefixed control fields are ignored; any error rejects the whole post.
 */
export function parseSectionForm(instrument: Instrument, sectionId: string, fields: Readonly<Record<string, readonly string[]>>): SectionFormResult {
  const section = getSection(instrument, sectionId);
  if (!section) throw new Error(`There is no section ${sectionId}`);
  const itemIds = new Set(section.items.map((item) => item.id));
  const errors: FieldError[] = [];
  const answers = new Map<string, AnswerValue | null>();
  const values: Record<string, string[]> = {};
  const failed = new Set<string>();

  for (const item of section.items) {
    const posted = Object.hasOwn(fields, item.id) ? (fields[item.id] ?? []) : [];
    if (posted.length > 0) values[item.id] = [...posted];
    const parsed = parseItemValues(item, posted);
    if ("error" in parsed) {
      errors.push({ itemId: item.id, field: item.id, message: parsed.error });
      failed.add(item.id);
      answers.set(item.id, null);
      continue;
    }
    const controller = item.showWhen?.itemId;
    const controllerKnown = controller === undefined || !failed.has(controller);
    if (parsed.value !== null && controllerKnown && !isItemVisible(item, answers)) {
      errors.push({ itemId: item.id, field: item.id, message: hiddenAnswerMessage(instrument, item) });
      answers.set(item.id, null);
      continue;
    }
    answers.set(item.id, parsed.value);
  }

  for (const key of Object.keys(fields)) {
    if (key.startsWith("_") || itemIds.has(key)) continue;
    // The message never repeats the posted name: it is request text.
    errors.push({ itemId: null, field: key, message: "This question is not part of this section. Reload the page and try again" });
  }

  return errors.length > 0 ? { ok: false, errors, values } : { ok: true, answers };
}

type ItemParse = { value: AnswerValue | null } | { error: string };

function parseItemValues(item: Item, posted: readonly string[]): ItemParse {
  if (item.scale === "multi") return parseMulti(item, posted);
  const given = posted.map((v) => (item.scale === "text" ? normaliseText(v) : v.trim())).filter((v) => v !== "");
  const [value] = given;
  if (value === undefined) return { value: null };
  if (given.length > 1) {
    return { error: item.scale === "text" || item.scale === "percent" || item.scale === "integer" ? "Enter only one answer" : "Select only one option" };
  }
  switch (item.scale) {
    case "text":
      return [...value].length > (item.maxLength ?? Infinity)
        ? { error: `Answer must be ${formatWholeNumber(item.maxLength ?? 0)} characters or fewer` }
        : { value };
    case "percent":
      return parseWholeNumber(value.replace(/\s*%$/, ""), item, {
        notWhole: "Enter a whole number percentage, like 45",
        outOfRange: `Enter a percentage between ${item.min ?? 0} and ${item.max ?? 100}`,
      });
    case "integer":
      return parseWholeNumber(/^-?\d{1,3}(,\d{3})+$/.test(value) ? value.replaceAll(",", "") : value, item, {
        notWhole: "Enter a whole number, like 12",
        outOfRange: `Enter a whole number between ${formatWholeNumber(item.min ?? 0)} and ${formatWholeNumber(item.max ?? 0)}`,
      });
    default:
      if (scaleCodes(item).includes(value)) return { value };
      return { error: item.scale === "T11" ? "Select a number from 0 to 10, or Don't know" : "Select one of the options" };
  }
}

function parseWholeNumber(text: string, item: Item, messages: { notWhole: string; outOfRange: string }): ItemParse {
  if (!/^-?\d+$/.test(text)) return { error: messages.notWhole };
  const n = Number(text);
  if (n < (item.min ?? -Infinity) || n > (item.max ?? Infinity)) return { error: messages.outOfRange };
  return { value: String(n === 0 ? 0 : n) };
}

function parseMulti(item: Item, posted: readonly string[]): ItemParse {
  const codes = posted.map((v) => v.trim()).filter((v) => v !== "");
  if (codes.length === 0) return { value: null };
  const options = scaleCodes(item);
  if (codes.some((code) => !options.includes(code))) return { error: "Select options from the list" };
  if (new Set(codes).size !== codes.length) return { error: "Select each option only once" };
  const most = item.maxChoices ?? options.length;
  if (codes.length > most) return { error: `Select no more than ${most} ${most === 1 ? "option" : "options"}` };
  return { value: options.filter((code) => codes.includes(code)) };
}

// CRLF (and a lone CR) become LF so a browser's line endings do not count twice; NUL cannot be stored.
function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replaceAll("\u0000", "").trim();
}

function hiddenAnswerMessage(instrument: Instrument, item: Item): string {
  const rule = item.showWhen;
  const controller = rule ? allItems(instrument).find((i) => i.id === rule.itemId) : undefined;
  const label = controller?.options?.find((o) => o.code === rule?.equals)?.label ?? rule?.equals ?? "";
  return `Only answer this question if you selected ‘${label}’`;
}

/** visible = no showWhen, or the answer to showWhen.itemId equals showWhen.equals. */
export function isItemVisible(item: Item, answers: AnswerLookup): boolean {
  if (!item.showWhen) return true;
  return answerOf(answers, item.showWhen.itemId) === item.showWhen.equals;
}

/** The answered, visible answers only: an item whose condition is not met (directly or through its controller) is dropped. */
export function dropHiddenAnswers(instrument: Instrument, answers: AnswerLookup): Map<string, AnswerValue> {
  const kept = new Map<string, AnswerValue>();
  // Questionnaire order: a controller always comes before the items it shows.
  for (const item of allItems(instrument)) {
    const value = answerOf(answers, item.id);
    if (isAnswered(value) && isItemVisible(item, kept)) kept.set(item.id, value);
  }
  return kept;
}

/** complete = every visible required item of the section is answered (dk counts); hidden items are ignored. */
export function sectionCompleteness(instrument: Instrument, sectionId: string, answers: AnswerLookup): SectionCompleteness {
  const section = getSection(instrument, sectionId);
  if (!section) throw new Error(`There is no section ${sectionId}`);
  const visibleAnswers = dropHiddenAnswers(instrument, answers);
  const visible = section.items.filter((item) => isItemVisible(item, visibleAnswers));
  const requiredMissing = visible.filter((item) => item.required && !visibleAnswers.has(item.id)).map((item) => item.id);
  return {
    complete: requiredMissing.length === 0,
    answered: visible.filter((item) => visibleAnswers.has(item.id)).length,
    total: visible.length,
    requiredMissing,
  };
}

/** complete = every section complete; counts summed over sections. */
export function responseCompleteness(instrument: Instrument, answers: AnswerLookup): ResponseCompleteness {
  const sections = instrument.sections.map((s) => ({ sectionId: s.id, ...sectionCompleteness(instrument, s.id, answers) }));
  return {
    complete: sections.every((s) => s.complete),
    answered: sections.reduce((sum, s) => sum + s.answered, 0),
    total: sections.reduce((sum, s) => sum + s.total, 0),
    requiredMissing: sections.flatMap((s) => s.requiredMissing),
    sections,
  };
}

/** The answer as "check your answers" shows it: scale or option labels, "45%", "1,200", text; "Not answered" when blank. */
export function formatAnswer(instrument: Instrument, item: Item, value: AnswerValue | null | undefined): string {
  if (!isAnswered(value)) return "Not answered";
  const labels = isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? []);
  const labelOf = (code: string) => labels.find((o) => o.code === code)?.label ?? code;
  if (Array.isArray(value)) {
    const order = labels.map((o) => o.code);
    const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
    return [...value]
      .sort((a, b) => rank(a) - rank(b))
      .map(labelOf)
      .join(", ");
  }
  switch (item.scale) {
    case "percent":
      return `${value}%`;
    case "integer":
      return /^\d+$/.test(value) ? formatWholeNumber(Number(value)) : value;
    case "text":
      return value;
    default:
      return labelOf(value);
  }
}

function formatWholeNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
