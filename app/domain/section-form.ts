import { decodeAnswer, type AnswerValue } from "./answers";
import { CONDITIONAL_MARKER } from "./form-markers";
import { getSection, type Instrument } from "./instrument";

// Conditional questions on a rendered section form (docs/decisions/010-conditional-questions.md).

export { CONDITIONAL_MARKER };

/**
 * Drops posted answers to conditional questions the rendered form offered (named in `_conditional`)
 * when their condition is not met in the same post: the respondent revealed the question, answered
 * it, then chose another answer that hides it again, and the browser still sends the hidden field.
 * A post without the marker keeps the field, so parseSectionForm refuses it as a hidden answer.
 */
export function dropUnmetConditionalFields(
  instrument: Instrument,
  sectionId: string,
  fields: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const section = getSection(instrument, sectionId);
  if (!section) throw new Error(`There is no section ${sectionId}`);
  const offered = new Set(fields[CONDITIONAL_MARKER] ?? []);
  const result: Record<string, string[]> = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [...v]]));
  for (const item of section.items) {
    if (!item.showWhen || !offered.has(item.id)) continue;
    const controller = (fields[item.showWhen.itemId] ?? []).map((v) => v.trim()).filter((v) => v !== "");
    const met = controller.length === 1 && controller[0] === item.showWhen.equals;
    if (!met) delete result[item.id];
  }
  return result;
}

/** Stored answers as form field values (item id → posted strings), the shape a re-shown form uses. */
export function answersAsFieldValues(instrument: Instrument, stored: ReadonlyMap<string, string>): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const section of instrument.sections) {
    for (const item of section.items) {
      const text = stored.get(item.id);
      if (text === undefined) continue;
      const value: AnswerValue = decodeAnswer(item, text);
      values[item.id] = Array.isArray(value) ? value : [value];
    }
  }
  return values;
}
