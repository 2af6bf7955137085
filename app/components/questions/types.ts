/** A question as a section page renders it: plain data from the loader, so the client bundle carries no instrument code. */
export interface QuestionView {
  id: string;
  scale: "L5" | "M5" | "T11" | "choice" | "multi" | "percent" | "integer" | "text";
  text: string;
  hint: string | null;
  required: boolean;
  options: { code: string; label: string }[];
  maxChoices: number | null;
  maxLength: number | null;
  showWhen: { itemId: string; equals: string } | null;
}

export const DONT_KNOW_CODE = "dk";

/** The describedby list GOV.UK uses: hint first, then the error message. */
export function describedBy(id: string, hint: string | null, error: string | undefined, extra?: string): string | undefined {
  return [extra, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}
