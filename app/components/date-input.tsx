import type { DateParts } from "../domain/date-parts";
import { ErrorMessage } from "./error-summary";

/**
 * GOV.UK date input: a fieldset with day, month and year boxes named `${name}-day` etc. The error
 * summary links to `#${name}-${errorPart}`, the box to fix.
 */
export function DateInput({
  name,
  legend,
  hint,
  values,
  error,
  errorPart = "day",
}: {
  name: string;
  legend: string;
  hint?: string;
  values?: DateParts;
  error?: string;
  errorPart?: keyof DateParts;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const parts: { part: keyof DateParts; label: string; width: string; autoComplete?: string }[] = [
    { part: "day", label: "Day", width: "govuk-input--width-2" },
    { part: "month", label: "Month", width: "govuk-input--width-2" },
    { part: "year", label: "Year", width: "govuk-input--width-4" },
  ];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={`${name}-error`} message={error} />
        <div className="govuk-date-input" id={name}>
          {parts.map(({ part, label, width }) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${name}-${part}`}>
                  {label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input ${width}${error && (errorPart === part || !values?.[part]) ? " govuk-input--error" : ""}`}
                  id={`${name}-${part}`}
                  name={`${name}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={values?.[part] ?? ""}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
