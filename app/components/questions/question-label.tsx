import { ErrorMessage } from "../error-summary";
import type { QuestionView } from "./types";

/** A single-input question's label (the question), hint and error message, as GOV.UK orders them. */
export function QuestionLabel({ question: q, error }: { question: QuestionView; error?: string }) {
  return (
    <>
      <label className="govuk-label govuk-label--s" htmlFor={q.id}>
        {q.text}
      </label>
      {q.hint ? (
        <div id={`${q.id}-hint`} className="govuk-hint">
          {q.hint}
        </div>
      ) : null}
      <ErrorMessage id={`${q.id}-error`} message={error} />
    </>
  );
}
