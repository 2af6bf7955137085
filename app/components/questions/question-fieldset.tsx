import type { ReactNode } from "react";
import { ErrorMessage } from "../error-summary";
import { describedBy, type QuestionView } from "./types";

/** A radios or checkboxes question's GOV.UK form group: one fieldset, the question as legend, hint and error. */
export function QuestionFieldset({ question: q, error, children }: { question: QuestionView; error?: string; children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(q.id, q.hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{q.text}</legend>
        {q.hint ? (
          <div id={`${q.id}-hint`} className="govuk-hint">
            {q.hint}
          </div>
        ) : null}
        <ErrorMessage id={`${q.id}-error`} message={error} />
        {children}
      </fieldset>
    </div>
  );
}
