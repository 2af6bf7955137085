import type { ReactNode } from "react";
import { QuestionHintAndError } from "./question-label";
import { describedBy, type QuestionView } from "./types";

/** A radios or checkboxes question's GOV.UK form group: one fieldset, the question as legend, hint and error. */
export function QuestionFieldset({ question: q, error, children }: { question: QuestionView; error?: string; children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(q.id, q.hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{q.text}</legend>
        <QuestionHintAndError question={q} error={error} />
        {children}
      </fieldset>
    </div>
  );
}
