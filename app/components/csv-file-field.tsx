import { plural } from "./format";
import { ErrorMessage, type FieldError } from "./error-summary";

/**
 * The CSV upload of an import page: its label and hint, the error that says how many problems the
 * file has and what did not happen (`outcome`, "nothing changed") and what to do (`nextStep`,
 * "check the file again"), and the file input.
 */
export function CsvFileField({ error, problems, outcome, nextStep }: { error: FieldError | undefined; problems: number; outcome: string; nextStep: string }) {
  const message =
    problems > 0
      ? `The file has ${plural(problems, "problem", "problems")}: ${outcome}. Fix ${problems === 1 ? "it" : "them"} and ${nextStep}.`
      : error?.message;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor="file">
        CSV file
      </label>
      <div id="file-hint" className="govuk-hint">
        UTF-8, smaller than 5 MB
      </div>
      <ErrorMessage id="file-error" message={message} />
      <input
        className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
        id="file"
        name="file"
        type="file"
        accept=".csv,text/csv"
        aria-describedby={error ? "file-hint file-error" : "file-hint"}
      />
    </div>
  );
}

/** The error summary of an import: the problems listed, then how many more were not (`after`: what to do about them). */
export function importProblemSummary(errors: FieldError[], hidden: number, after = ""): FieldError[] {
  if (!hidden) return errors;
  return [...errors, { field: "file", message: `And ${plural(hidden, "more problem", "more problems")} not listed${after}` }];
}
