import { ErrorMessage } from "../error-summary";
import { describedBy, type QuestionView } from "./types";

/** A multi question as GOV.UK checkboxes; the "up to three" limit is checked on the server. */
export function CheckboxesQuestion({ question: q, values, error }: { question: QuestionView; values: readonly string[]; error?: string }) {
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
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          {q.options.map((option, index) => {
            const id = index === 0 ? q.id : `${q.id}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={option.code}>
                <input className="govuk-checkboxes__input" id={id} name={q.id} type="checkbox" value={option.code} defaultChecked={values.includes(option.code)} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
