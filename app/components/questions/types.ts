export type { QuestionView } from "../../domain/survey-view";

/** The describedby list GOV.UK uses: hint first, then the error message. */
export function describedBy(id: string, hint: string | null, error: string | undefined, extra?: string): string | undefined {
  return [extra, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}
