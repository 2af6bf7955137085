import { QuestionFieldset } from "./question-fieldset";
import { type QuestionView } from "./types";

/** A multi question as GOV.UK checkboxes; the "up to three" limit is checked on the server. */
export function CheckboxesQuestion({ question: q, values, error }: { question: QuestionView; values: readonly string[]; error?: string }) {
  return (
    <QuestionFieldset question={q} error={error}>
      <div className="govuk-checkboxes" data-module="govuk-checkboxes">
        {q.options.map((option, index) => {
          const id = index === 0 ? q.id : `${q.id}-${index + 1}`;
          return (
            <div className="govuk-checkboxes__item" key={option.code}>
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={q.id}
                type="checkbox"
                value={option.code}
                defaultChecked={values.includes(option.code)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {option.label}
              </label>
            </div>
          );
        })}
      </div>
    </QuestionFieldset>
  );
}
