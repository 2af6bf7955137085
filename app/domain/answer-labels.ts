// Words for stored answer codes, for tables and exports that a reader opens without the codebook.

import { COLLAPSED_CODES } from "./distributions";
import { isScoredScale, type Instrument, type Item } from "./instrument";

// The codes each collapsed category stands for (decision 034's three categories).
const COLLAPSED_MEMBERS: Record<"L5" | "M5", Record<(typeof COLLAPSED_CODES)[number], string[]>> = {
  L5: { lower: ["1", "2"], middle: ["3"], upper: ["4", "5"] },
  M5: { lower: ["0", "1"], middle: ["2"], upper: ["3", "4"] },
};

/** The label of an answer code as the respondent read it ("4" → "Agree"); a collapsed category joins its codes' labels ("Agree or strongly agree"); unknown codes are returned as they are. */
export function answerLabel(instrument: Instrument, item: Item, code: string): string {
  const options = isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? []);
  const labelOf = (c: string) => options.find((o) => o.code === c)?.label ?? c;
  if ((item.scale === "L5" || item.scale === "M5") && (COLLAPSED_CODES as readonly string[]).includes(code)) {
    const labels = COLLAPSED_MEMBERS[item.scale][code as (typeof COLLAPSED_CODES)[number]].map(labelOf);
    return labels.map((l, i) => (i === 0 ? l : l.charAt(0).toLowerCase() + l.slice(1))).join(" or ");
  }
  return labelOf(code);
}
