import { formatCount } from "../format";
import { QuestionLabel } from "./question-label";
import { describedBy, type QuestionView } from "./types";

/** A free-text question: a textarea with GOV.UK's character count (the limit is enforced on the server). */
export function TextQuestion({ question: q, values, error }: { question: QuestionView; values: readonly string[]; error?: string }) {
  const max = q.maxLength ?? 2000;
  return (
    <div
      className={`govuk-form-group govuk-character-count${error ? " govuk-form-group--error" : ""}`}
      data-module="govuk-character-count"
      data-maxlength={max}
    >
      <QuestionLabel question={q} error={error} />
      <textarea
        className={`govuk-textarea govuk-js-character-count${error ? " govuk-textarea--error" : ""}`}
        id={q.id}
        name={q.id}
        rows={5}
        defaultValue={values[0] ?? ""}
        aria-describedby={describedBy(q.id, q.hint, error, `${q.id}-info`)}
      />
      <div id={`${q.id}-info`} className="govuk-hint govuk-character-count__message">
        You can enter up to {formatCount(max)} characters
      </div>
    </div>
  );
}
