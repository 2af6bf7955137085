import { Link } from "@remix-run/react";
import type { SectionStatus } from "../../domain/survey-view";

export interface OverviewSection {
  slug: string;
  title: string;
  status: SectionStatus;
  rows: { itemId: string; question: string; answer: string; answered: boolean }[];
}

export const SECTION_STATUS_TEXT: Record<SectionStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  check: "Check and confirm",
  completed: "Completed",
};

/** One GOV.UK summary card per section; with `changeBase`, each answer has a "Change" link to its question. */
export function AnswersOverview({ sections, changeBase }: { sections: readonly OverviewSection[]; changeBase: string | null }) {
  return (
    <>
      {sections.map((section) => (
        <div className="govuk-summary-card" key={section.slug} id={`section-${section.slug}`}>
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              {section.title}
              {changeBase && section.status !== "completed" ? (
                <>
                  {" "}
                  <strong className="govuk-tag govuk-tag--yellow">{SECTION_STATUS_TEXT[section.status]}</strong>
                </>
              ) : null}
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              {section.rows.map((row) => (
                <div className={`govuk-summary-list__row${changeBase ? "" : " govuk-summary-list__row--no-actions"}`} key={row.itemId}>
                  <dt className="govuk-summary-list__key">{row.question}</dt>
                  <dd className="govuk-summary-list__value lt-preserve-lines">{row.answer}</dd>
                  {changeBase ? (
                    <dd className="govuk-summary-list__actions">
                      <Link className="govuk-link" to={`${changeBase}/sections/${section.slug}#${row.itemId}`}>
                        Change<span className="govuk-visually-hidden"> answer to: {row.question}</span>
                      </Link>
                    </dd>
                  ) : null}
                </div>
              ))}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
