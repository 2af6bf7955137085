import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "../components/error-summary";
import { formatDate, formatDateTime } from "../components/format";
import { AnswersOverview, SECTION_STATUS_TEXT } from "../components/survey/answers-overview";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadAnswersOverview, loadSurvey } from "../services/survey.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const db = getDb();
  const waveSlug = params.waveSlug ?? "";
  const survey = await loadSurvey(db, user, waveSlug);
  const overview = await loadAnswersOverview(db, user, waveSlug);
  return json({
    councilName: user.councilName,
    overview,
    previousWave: survey.previousWave,
    started: survey.response !== null,
    sections: survey.sections.map((s) => ({
      slug: s.slug,
      title: s.title,
      status: s.status,
      lastSaved: s.row ? { at: s.row.updatedAt, by: s.row.updatedByName } : null,
    })),
  });
}

const STATUS_TAG: Record<string, string | null> = {
  "not-started": "govuk-tag--blue",
  "in-progress": "govuk-tag--light-blue",
  check: "govuk-tag--yellow",
  completed: null,
};

export default function WaveTaskList() {
  const { councilName, overview, previousWave, started, sections } = useLoaderData<typeof loader>();
  const { wave, response } = overview;
  const base = `/surveys/${wave.slug}`;
  if (!overview.editable) {
    return (
      <>
        <PageTitle title={`${wave.title} – your council's answers`} />
        <Link to="/surveys" className="govuk-back-link">
          Your surveys
        </Link>
        <span className="govuk-caption-l">{councilName}</span>
        <h1 className="govuk-heading-l">{wave.title}</h1>
        {response?.status === "submitted" ? (
          <p className="govuk-body">
            Your council submitted its answers on {formatDateTime(response.submittedAt)}
            {response.submissions > 1 ? ` (submission ${response.submissions}; earlier submissions are kept)` : ""}. Reference:{" "}
            <strong>{response.reference}</strong>.
          </p>
        ) : (
          <p className="govuk-body">{response ? "Your council started this survey but did not submit it." : "Your council did not answer this survey."}</p>
        )}
        {overview.open && response?.status === "submitted" ? (
          <Form method="post" action={`${base}/amend`}>
            <p className="govuk-body">
              You can change your council&apos;s answers until the survey closes{wave.closesOn ? ` on ${formatDate(wave.closesOn)}` : ""}. You will need to
              submit them again.
            </p>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Amend answers
            </button>
          </Form>
        ) : !overview.open ? (
          <div className="govuk-inset-text">This survey has closed, so the answers can no longer be changed.</div>
        ) : null}
        {wave.status === "published" && response?.status === "submitted" ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-m">Your council&apos;s benchmark report</h2>
            <p className="govuk-body">See where your council stands among all councils, councils of its type and its region, in words and charts.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`${base}/report`} reloadDocument>
                Open the benchmark report
              </Link>
            </p>
          </div>
        ) : null}
        {response ? <AnswersOverview sections={overview.sections} changeBase={null} /> : null}
        {response && response.submissionList.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Submissions</h2>
            <ul className="govuk-list">
              {response.submissionList.map((s) => (
                <li key={s.id}>
                  <Link className="govuk-link" to={`/surveys/submissions/${s.id}`}>
                    Submission {s.number}
                  </Link>{" "}
                  – {formatDateTime(s.at)}
                  {s.by ? ` by ${s.by}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={wave.title} />
        <Link to="/surveys" className="govuk-back-link">
          Your surveys
        </Link>
        <span className="govuk-caption-l">{councilName}</span>
        <h1 className="govuk-heading-l">{wave.title}</h1>
        <p className="govuk-body">
          Answer for your council, thinking about the last 12 months.{wave.closesOn ? ` The deadline is ${formatDate(wave.closesOn)}.` : ""} Your answers are
          saved section by section, and colleagues from your council can answer sections too.
        </p>
        <p className="govuk-body">
          {overview.completed} of {sections.length} sections completed.
        </p>
        {!started && previousWave ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-s">Start from your council&apos;s answers to the {previousWave.title}</h2>
            <p className="govuk-body">We can copy your council&apos;s submitted answers from last time. You then check and confirm each section.</p>
            <Form method="post" action={`${base}/start`} className="govuk-button-group">
              <button type="submit" name="_intent" value="prefill" className="govuk-button" data-module="govuk-button">
                Start from last time&apos;s answers
              </button>
              <button type="submit" name="_intent" value="blank" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                Start with blank answers
              </button>
            </Form>
          </div>
        ) : null}
        <h2 className="govuk-heading-m">Sections</h2>
        <ul className="govuk-task-list">
          {sections.map((section) => (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={section.slug}>
              <div className="govuk-task-list__name-and-hint">
                <Link className="govuk-link govuk-task-list__link" to={`${base}/sections/${section.slug}`} aria-describedby={`${section.slug}-status`}>
                  {section.title}
                </Link>
                {section.lastSaved ? (
                  <div className="govuk-task-list__hint">
                    Last saved {formatDateTime(section.lastSaved.at)}
                    {section.lastSaved.by ? ` by ${section.lastSaved.by}` : ""}
                  </div>
                ) : null}
              </div>
              <div className="govuk-task-list__status" id={`${section.slug}-status`}>
                {STATUS_TAG[section.status] ? (
                  <strong className={`govuk-tag ${STATUS_TAG[section.status]}`}>{SECTION_STATUS_TEXT[section.status]}</strong>
                ) : (
                  SECTION_STATUS_TEXT[section.status]
                )}
              </div>
            </li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">Check and submit</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/check`}>
            Check your answers
          </Link>
          {overview.allComplete ? " and submit them." : " — you can submit once every section is completed."}
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = SurveyErrorBoundary;
export const handle = { hydrate: false };
