import { QuestionLabel } from "./question-label";
import { describedBy, type QuestionView } from "./types";

/** A percent (with a "%" suffix) or whole-number question: one text input with a numeric keyboard, labelled by the question. */
export function NumberQuestion({ question: q, values, error }: { question: QuestionView; values: readonly string[]; error?: string }) {
  const percent = q.scale === "percent";
  const input = (
    <input
      className={`govuk-input ${percent ? "govuk-input--width-3" : "govuk-input--width-5"}${error ? " govuk-input--error" : ""}`}
      id={q.id}
      name={q.id}
      type="text"
      inputMode="numeric"
      spellCheck={false}
      autoComplete="off"
      defaultValue={values[0] ?? ""}
      aria-describedby={describedBy(q.id, q.hint, error)}
    />
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <QuestionLabel question={q} error={error} />
      {percent ? (
        <div className="govuk-input__wrapper">
          {input}
          <div className="govuk-input__suffix" aria-hidden="true">
            %
          </div>
        </div>
      ) : (
        input
      )}
    </div>
  );
}
