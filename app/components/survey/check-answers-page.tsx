import { Form, Link } from "@remix-run/react";
import { ErrorSummary, ErrorMessage, PageTitle, type FieldError } from "../error-summary";
import { AnswersOverview, type OverviewSection } from "./answers-overview";

export interface CheckAnswersData {
  wave: { slug: string; title: string };
  response: { version: number } | null;
  allComplete: boolean;
  sections: OverviewSection[];
}

/** Check your answers, with the declaration and submit button once every section is completed. */
export function CheckAnswersPage({ data, errors }: { data: CheckAnswersData; errors: readonly FieldError[] }) {
  const base = `/surveys/${data.wave.slug}`;
  const unfinished = data.sections.filter((s) => s.status !== "completed");
  const declarationError = errors.find((e) => e.field === "declaration")?.message;
  return (
    <>
      <PageTitle title={`Check your answers – ${data.wave.title}`} hasErrors={errors.length > 0} />
      <Link to={base} className="govuk-back-link">
        Back to the task list
      </Link>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{data.wave.title}</span>
      <h1 className="govuk-heading-l">Check your answers before submitting</h1>
      {unfinished.length > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You can submit once every section is completed. Still to do:
            <ul className="govuk-list govuk-list--bullet">
              {unfinished.map((s) => (
                <li key={s.slug}>
                  <Link className="govuk-link" to={`${base}/sections/${s.slug}`}>
                    {s.title}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <AnswersOverview sections={data.sections} changeBase={base} />
      {data.allComplete && data.response ? (
        <Form method="post" action={`${base}/submit`} noValidate>
          <input type="hidden" name="_version" value={data.response.version} />
          <h2 className="govuk-heading-m">Now send your council&apos;s answers</h2>
          <p className="govuk-body">You can change them after submitting until the survey closes; every submitted version is kept.</p>
          <div className={`govuk-form-group${declarationError ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={declarationError ? "declaration-error" : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Declaration</legend>
              <ErrorMessage id="declaration-error" message={declarationError} />
              <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="declaration" name="declaration" type="checkbox" value="yes" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="declaration">
                    These answers represent my council&apos;s position
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Submit answers
          </button>
        </Form>
      ) : null}
    </>
  );
}
