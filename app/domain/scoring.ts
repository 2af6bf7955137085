import { answerOf, dropHiddenAnswers, type AnswerLookup } from "./answers";
import {
  DONT_KNOW,
  INDEX_CODES,
  getItem,
  isScoredScale,
  scaleCodes,
  type IndexCode,
  type IndexDefinition,
  type Instrument,
  type Item,
  type ScoredScale,
} from "./instrument";

// Per-response indices exactly as docs/instrument.md defines them. Numbers are left unrounded:
// rounding is for display, and statistics need the full values.

export const PAIR_KEYS = ["2", "3", "4", "5", "6"] as const;
export type PairKey = (typeof PAIR_KEYS)[number];

export type ResponseScores = Record<IndexCode, number | null> & {
  GAP: number | null;
  HEADLINE_GAP: number | null;
  pairGaps: Record<PairKey, number | null>;
};

// Lowest and highest code of each scored scale; rescaled = (x − low) × 100 / (high − low).
const RANGE: Record<ScoredScale, { low: number; high: number }> = {
  L5: { low: 1, high: 5 },
  M5: { low: 0, high: 4 },
  T11: { low: 0, high: 10 },
};

/** 0–100 value of a code: x' = reverse ? low + high − x : x, then L5 (x'−1)×25, M5 x'×25, T11 x'×10; null for dk or no answer. */
export function rescaledItemValue(item: Item, code: string | null | undefined): number | null {
  if (!isScoredScale(item.scale)) throw new Error(`${item.id} is ${item.scale}, which is not scored`);
  if (code === null || code === undefined || code === "" || code === DONT_KNOW) return null;
  if (!scaleCodes(item).includes(code)) throw new Error(`${item.id} has an invalid ${item.scale} code`);
  const { low, high } = RANGE[item.scale];
  const x = Number(code);
  const coded = item.reverse ? low + high - x : x;
  return ((coded - low) * 100) / (high - low);
}

/** mean of the rescaled items when at least minAnswered are answered other than dk, else null. */
export function indexScore(instrument: Instrument, index: IndexDefinition, answers: AnswerLookup): number | null {
  const values = index.itemIds.map((id) => scoredValue(instrument, id, answers)).filter((v): v is number => v !== null);
  if (values.length < index.minAnswered || values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Indices of one response; GAP = LTC − PCT; HEADLINE_GAP = LTC1 − PCT1 (raw 0–10);
 * pairGaps[k] = rescaled LTCk − rescaled PCTk (after reverse coding). null whenever a part is missing or dk.
 */
export function scoreResponse(instrument: Instrument, answers: AnswerLookup): ResponseScores {
  // An answer to a question the respondent could not see never counts.
  const visible = dropHiddenAnswers(instrument, answers);
  const index = (code: IndexCode): number | null => {
    const definition = instrument.indices.find((i) => i.code === code);
    return definition ? indexScore(instrument, definition, visible) : null;
  };
  const scores = Object.fromEntries(INDEX_CODES.map((code) => [code, index(code)])) as Record<IndexCode, number | null>;

  const ltc1 = rawValue(instrument, "LTC1", visible);
  const pct1 = rawValue(instrument, "PCT1", visible);
  const pairGap = (k: PairKey) => difference(scoredValue(instrument, `LTC${k}`, visible), scoredValue(instrument, `PCT${k}`, visible));

  return {
    ...scores,
    GAP: difference(scores.LTC, scores.PCT),
    HEADLINE_GAP: difference(ltc1, pct1),
    pairGaps: Object.fromEntries(PAIR_KEYS.map((k) => [k, pairGap(k)])) as Record<PairKey, number | null>,
  };
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

function scoredValue(instrument: Instrument, itemId: string, answers: AnswerLookup): number | null {
  const item = getItem(instrument, itemId);
  return item ? rescaledItemValue(item, singleCode(item, answers)) : null;
}

// The headline T11 items are compared on their own 0–10 scale, as the OECD reports them.
function rawValue(instrument: Instrument, itemId: string, answers: AnswerLookup): number | null {
  const item = getItem(instrument, itemId);
  if (!item) return null;
  const code = singleCode(item, answers);
  // rescaledItemValue rejects dk and invalid codes; the raw value is the code itself.
  return rescaledItemValue(item, code) === null ? null : Number(code);
}

function singleCode(item: Item, answers: AnswerLookup): string | null {
  const value = answerOf(answers, item.id);
  if (Array.isArray(value)) throw new Error(`${item.id} has a list of answers, but takes one`);
  return value ?? null;
}
