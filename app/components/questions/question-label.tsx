import { ErrorMessage } from "../error-summary";
import type { QuestionView } from "./types";

/** A question's hint and error message, under its label or legend, as GOV.UK orders them. */
export function QuestionHintAndError({ question: q, error }: { question: QuestionView; error?: string }) {
  return (
    <>
      {q.hint ? (
        <div id={`${q.id}-hint`} className="govuk-hint">
          {q.hint}
        </div>
      ) : null}
      <ErrorMessage id={`${q.id}-error`} message={error} />
    </>
  );
}

/** A single-input question's label (the question), hint and error message. */
export function QuestionLabel({ question: q, error }: { question: QuestionView; error?: string }) {
  return (
    <>
      <label className="govuk-label govuk-label--s" htmlFor={q.id}>
        {q.text}
      </label>
      <QuestionHintAndError question={q} error={error} />
    </>
  );
}
