import { encodeAnswer, type AnswerValue } from "../domain/answers";
import { allItems, type Instrument, type Item } from "../domain/instrument";

// Shared by the snapshot audit tests that build a wave of their own on the demo register.

/** Everyone gives the same answer to every item, so no answer count is small and decision 062 shows every cell of n ≥ k. */
export function sameAnswers(instrument: Instrument): Record<string, string> {
  const answers: Record<string, string> = {};
  const valueFor = (item: Item): AnswerValue | null => {
    if (item.showWhen) return null;
    switch (item.scale) {
      case "L5":
        return "4";
      case "M5":
        return "2";
      case "T11":
        return "7";
      case "percent":
        return "20";
      case "integer":
        return "9";
      case "choice":
        return item.options![0]!.code;
      case "multi":
        return [item.options![0]!.code];
      default:
        return null;
    }
  };
  for (const item of allItems(instrument)) {
    const value = valueFor(item);
    if (value !== null) answers[item.id] = encodeAnswer(item, value);
  }
  return answers;
}

/** A council of the register with its groups. */
export interface Council {
  id: number;
  type: string;
  region: string;
  nation: string;
}
