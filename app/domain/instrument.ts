import { z } from "zod";
import { DONT_KNOW } from "./answer-codes";

// The questionnaire as typed data (docs/instrument.md). Pages, exports and scoring read it from
// here, so a new instrument version changes data, not code.

export const SCALE_KINDS = ["L5", "M5", "T11", "choice", "multi", "percent", "integer", "text"] as const;
export type ScaleKind = (typeof SCALE_KINDS)[number];
export const SCORED_SCALES = ["L5", "M5", "T11"] as const;
export type ScoredScale = (typeof SCORED_SCALES)[number];
export const INDEX_CODES = ["PRESC", "BURDEN", "TECH", "LTC", "PCT"] as const;
export type IndexCode = (typeof INDEX_CODES)[number];

export { DONT_KNOW };
export const TEXT_MAX_LENGTH = 2000;
export const PERCENT_MIN = 0;
export const PERCENT_MAX = 100;
export const INTEGER_MIN = 0;
// No council contributes to anywhere near this many returns; the cap only stops typos such as
// an extra row of zeros from distorting the descriptive statistics.
export const INTEGER_MAX = 100_000;
/** Longest short label of an item (characters). */
export const SHORT_LABEL_MAX = 40;

const digits = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

const SCORED_SCALE_CODES: Record<ScoredScale, readonly string[]> = {
  L5: [...digits(1, 5), DONT_KNOW],
  M5: [...digits(0, 4), DONT_KNOW],
  T11: [...digits(0, 10), DONT_KNOW],
};

export interface AnswerOption {
  readonly code: string;
  readonly label: string;
}

export interface ShowWhen {
  readonly itemId: string;
  readonly equals: string;
}

export interface Item {
  readonly id: string;
  readonly sectionId: string;
  readonly scale: ScaleKind;
  /** The question as the respondent reads it. */
  readonly text: string;
  /** A few words naming the question for charts, tables and the codebook ("Centre keeps commitments"). */
  readonly short: string;
  readonly hint?: string;
  readonly reverse: boolean;
  readonly required: boolean;
  readonly headline: boolean;
  /** choice and multi only, in the order they are shown. */
  readonly options?: readonly AnswerOption[];
  /** multi only. */
  readonly maxChoices?: number;
  readonly showWhen?: ShowWhen;
  /** The item of the mirrored section this one pairs with (PCT2 mirrors LTC2). */
  readonly mirrors?: string;
  /** text only: most Unicode code points after trimming. */
  readonly maxLength?: number;
  /** percent and integer only: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
}

export interface Section {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  /** Lead-in shown above the questions, e.g. "How far has your council got with each of these?" */
  readonly stem?: string;
  readonly intro?: string;
  readonly items: readonly Item[];
}

export interface IndexDefinition {
  readonly code: IndexCode;
  readonly title: string;
  readonly itemIds: readonly string[];
  /** Fewest items answered with a code other than dk for the index to exist. */
  readonly minAnswered: number;
  /** "Higher means …" */
  readonly description: string;
}

export interface Instrument {
  readonly version: number;
  readonly title: string;
  readonly intro?: string;
  /** Labels shown for each code of the scored scales, "Don't know" included. */
  readonly scaleLabels: Readonly<Record<ScoredScale, readonly AnswerOption[]>>;
  readonly sections: readonly Section[];
  readonly indices: readonly IndexDefinition[];
}

const optionSchema = z
  .object({
    // Letters, digits, "-" and "+" only: codes are joined with ";" in storage and appear in exports.
    code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+-]*$/, "must be letters, digits, '-' or '+'"),
    label: z.string().trim().min(1),
  })
  .strict();

const itemSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9]*$/, "must be capital letters and digits, like PRESC1"),
    scale: z.enum(SCALE_KINDS),
    text: z.string().trim().min(1),
    // Short enough for a chart's row label and a table's first column.
    short: z.string().trim().min(1).max(SHORT_LABEL_MAX),
    hint: z.string().trim().min(1).optional(),
    reverse: z.boolean().default(false),
    required: z.boolean().default(false),
    headline: z.boolean().default(false),
    options: z.array(optionSchema).min(1).optional(),
    maxChoices: z.number().int().positive().optional(),
    showWhen: z.object({ itemId: z.string(), equals: z.string() }).strict().optional(),
    mirrors: z.string().optional(),
    maxLength: z.number().int().positive().optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  })
  .strict();

const sectionSchema = z
  .object({
    id: z.string().regex(/^[A-Z]$/, "must be one capital letter"),
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case"),
    title: z.string().trim().min(1),
    stem: z.string().trim().min(1).optional(),
    intro: z.string().trim().min(1).optional(),
    items: z.array(itemSchema).min(1),
  })
  .strict();

const indexSchema = z
  .object({
    code: z.enum(INDEX_CODES),
    title: z.string().trim().min(1),
    itemIds: z.array(z.string()).min(1),
    minAnswered: z.number().int().positive(),
    description: z.string().trim().min(1),
  })
  .strict();

const instrumentSchema = z
  .object({
    version: z.number().int().positive(),
    title: z.string().trim().min(1),
    intro: z.string().trim().min(1).optional(),
    scaleLabels: z.object({ L5: z.array(optionSchema), M5: z.array(optionSchema), T11: z.array(optionSchema) }).strict(),
    sections: z.array(sectionSchema).min(1),
    indices: z.array(indexSchema),
  })
  .strict();

/** The shape of an instrument as written in data files, before defaults are filled in. */
export type InstrumentData = z.input<typeof instrumentSchema>;
type ParsedItem = z.output<typeof itemSchema>;

/** Validates raw instrument data (schema plus cross-references) and fills in per-scale defaults; throws listing every problem. */
export function loadInstrument(data: unknown): Instrument {
  const parsed = instrumentSchema.safeParse(data);
  if (!parsed.success) {
    throw new InvalidInstrumentError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`));
  }
  const raw = parsed.data;
  const problems = [...checkScaleLabels(raw.scaleLabels), ...checkSectionsAndItems(raw.sections)];
  const itemsById = new Map(raw.sections.flatMap((s) => s.items.map((item) => [item.id, item] as const)));
  problems.push(...checkIndices(raw.indices, itemsById));
  if (problems.length > 0) throw new InvalidInstrumentError(problems);

  return {
    version: raw.version,
    title: raw.title,
    ...(raw.intro === undefined ? {} : { intro: raw.intro }),
    scaleLabels: raw.scaleLabels,
    sections: raw.sections.map(({ items, ...section }) => ({
      ...section,
      items: items.map((item) => withDefaults(item, section.id)),
    })),
    indices: raw.indices,
  };
}

export class InvalidInstrumentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid instrument:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "InvalidInstrumentError";
  }
}

function withDefaults(item: ParsedItem, sectionId: string): Item {
  const base = { ...item, sectionId };
  switch (item.scale) {
    case "text":
      return { ...base, maxLength: item.maxLength ?? TEXT_MAX_LENGTH };
    case "percent":
      return { ...base, min: item.min ?? PERCENT_MIN, max: item.max ?? PERCENT_MAX };
    case "integer":
      return { ...base, min: item.min ?? INTEGER_MIN, max: item.max ?? INTEGER_MAX };
    case "multi":
      return { ...base, maxChoices: item.maxChoices ?? item.options?.length ?? 1 };
    default:
      return base;
  }
}

function checkScaleLabels(labels: Record<ScoredScale, readonly AnswerOption[]>): string[] {
  return SCORED_SCALES.flatMap((scale) => {
    const codes = labels[scale].map((o) => o.code).join(",");
    const expected = SCORED_SCALE_CODES[scale].join(",");
    return codes === expected ? [] : [`scaleLabels.${scale}: codes must be ${expected} in that order, not ${codes}`];
  });
}

function checkSectionsAndItems(sections: readonly z.output<typeof sectionSchema>[]): string[] {
  const problems: string[] = [];
  const all = sections.flatMap((s) => s.items.map((item) => ({ item, sectionId: s.id })));
  problems.push(...duplicates(sections.map((s) => s.id)).map((id) => `section id ${id} is used more than once`));
  problems.push(...duplicates(sections.map((s) => s.slug)).map((slug) => `section slug ${slug} is used more than once`));
  problems.push(...duplicates(all.map((a) => a.item.id)).map((id) => `item id ${id} is used more than once`));
  const byId = new Map(all.map((a) => [a.item.id, a] as const));

  for (const section of sections) {
    const earlier = new Set<string>();
    for (const item of section.items) {
      problems.push(...checkItem(item).map((p) => `${item.id}: ${p}`));
      if (item.showWhen) {
        const { itemId, equals } = item.showWhen;
        const target = byId.get(itemId);
        if (!target) problems.push(`${item.id}: showWhen refers to ${itemId}, which does not exist`);
        else if (target.sectionId !== section.id || !earlier.has(itemId))
          problems.push(`${item.id}: showWhen must refer to an earlier item of section ${section.id}, not ${itemId}`);
        else if (target.item.scale !== "choice") problems.push(`${item.id}: showWhen must refer to a choice item`);
        else if (!target.item.options?.some((o) => o.code === equals)) problems.push(`${item.id}: showWhen value "${equals}" is not an option of ${itemId}`);
      }
      if (item.mirrors !== undefined) {
        const target = byId.get(item.mirrors)?.item;
        if (!target) problems.push(`${item.id}: mirrors ${item.mirrors}, which does not exist`);
        else if (target.id === item.id) problems.push(`${item.id}: cannot mirror itself`);
        else if (target.scale !== item.scale) problems.push(`${item.id}: mirrors ${target.id}, which has a different scale (${target.scale})`);
      }
      earlier.add(item.id);
    }
  }
  return problems;
}

function checkItem(item: ParsedItem): string[] {
  const problems: string[] = [];
  const hasOptions = item.scale === "choice" || item.scale === "multi";
  if (hasOptions && !item.options) problems.push(`${item.scale} items need options`);
  if (!hasOptions && item.options) problems.push(`only choice and multi items have options`);
  for (const code of duplicates((item.options ?? []).map((o) => o.code))) problems.push(`option code ${code} is used more than once`);
  if (item.maxChoices !== undefined) {
    if (item.scale !== "multi") problems.push(`only multi items have maxChoices`);
    else if (item.options && item.maxChoices > item.options.length) problems.push(`maxChoices is more than the number of options`);
  }
  if (item.reverse && !isScoredScale(item.scale)) problems.push(`only L5, M5 and T11 items can be reverse-coded`);
  if (item.maxLength !== undefined && item.scale !== "text") problems.push(`only text items have maxLength`);
  const numeric = item.scale === "percent" || item.scale === "integer";
  if ((item.min !== undefined || item.max !== undefined) && !numeric) problems.push(`only percent and integer items have min and max`);
  if (item.min !== undefined && item.max !== undefined && item.min > item.max) problems.push(`min is more than max`);
  return problems;
}

function checkIndices(indices: readonly IndexDefinition[], itemsById: ReadonlyMap<string, ParsedItem>): string[] {
  const problems = duplicates(indices.map((i) => i.code)).map((code) => `index ${code} is defined more than once`);
  for (const index of indices) {
    for (const id of duplicates(index.itemIds)) problems.push(`index ${index.code}: ${id} is listed more than once`);
    for (const id of index.itemIds) {
      const item = itemsById.get(id);
      if (!item) problems.push(`index ${index.code}: item ${id} does not exist`);
      else if (!isScoredScale(item.scale)) problems.push(`index ${index.code}: item ${id} is ${item.scale}, not a scored scale (L5, M5, T11)`);
    }
    if (index.minAnswered > index.itemIds.length) problems.push(`index ${index.code}: minAnswered is more than its number of items`);
  }
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

export function isScoredScale(scale: ScaleKind): scale is ScoredScale {
  return (SCORED_SCALES as readonly string[]).includes(scale);
}

// Instruments are immutable once loaded, so their item list and id lookup are built once each
// (getItem sits on the hot path of every save, submission and score).
const itemLists = new WeakMap<Instrument, readonly Item[]>();
const itemIndexes = new WeakMap<Instrument, ReadonlyMap<string, Item>>();

/** Every item in questionnaire order. */
export function allItems(instrument: Instrument): readonly Item[] {
  let items = itemLists.get(instrument);
  if (!items) {
    items = instrument.sections.flatMap((s) => s.items);
    itemLists.set(instrument, items);
  }
  return items;
}

/** The item with this id, or null. */
export function getItem(instrument: Instrument, id: string): Item | null {
  let index = itemIndexes.get(instrument);
  if (!index) {
    index = new Map(allItems(instrument).map((item) => [item.id, item]));
    itemIndexes.set(instrument, index);
  }
  return index.get(id) ?? null;
}

/** The section with this id ("A") or slug ("central-prescription"), or null. */
export function getSection(instrument: Instrument, idOrSlug: string): Section | null {
  return instrument.sections.find((s) => s.id === idOrSlug || s.slug === idOrSlug) ?? null;
}

/** Valid stored codes: L5 "1".."5", M5 "0".."4", T11 "0".."10" (each plus "dk"); choice and multi their option codes; none otherwise. */
export function scaleCodes(item: Item): readonly string[] {
  if (isScoredScale(item.scale)) return SCORED_SCALE_CODES[item.scale];
  return (item.options ?? []).map((o) => o.code);
}
