import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";
import { PageTitle } from "../error-summary";

/**
 * Refusals of the survey pages (404 unknown wave, 409 closed wave or submitted answers) with their
 * own message and a way back, inside the normal layout. Anything else is re-thrown to the root.
 */
export function SurveyErrorBoundary() {
  const error = useRouteError();
  const { waveSlug } = useParams();
  if (!isRouteErrorResponse(error) || error.status >= 500) throw error;
  const notFound = error.status === 404;
  const title = notFound ? "Page not found" : "Your council's answers cannot be changed";
  const message = typeof error.data === "string" && error.data.length < 300 ? error.data : "Go back and try again.";
  return (
    <>
      <PageTitle title={title} />
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{message}</p>
      <p className="govuk-body">
        {notFound || !waveSlug ? (
          <Link className="govuk-link" to="/surveys">
            Go to your surveys
          </Link>
        ) : (
          <Link className="govuk-link" to={`/surveys/${waveSlug}`}>
            See your council&apos;s answers
          </Link>
        )}
      </p>
    </>
  );
}
