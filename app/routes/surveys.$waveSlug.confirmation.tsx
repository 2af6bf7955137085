import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "../components/error-summary";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadConfirmation } from "../services/survey.server";
import { localRedirect } from "../services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const confirmation = await loadConfirmation(getDb(), user, params.waveSlug ?? "");
  if (!confirmation) throw localRedirect(`/surveys/${params.waveSlug ?? ""}`);
  return json(confirmation);
}

export default function Confirmation() {
  const { wave, reference, submissions } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`Answers submitted – ${wave.title}`} />
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Answers submitted</h1>
          <div className="govuk-panel__body">
            Your reference number
            <br />
            <strong>{reference}</strong>
          </div>
        </div>
        <p className="govuk-body" data-testid="submission-count">
          {submissions === 1
            ? "This is your council's first submission for this survey."
            : `This is submission ${submissions} of your council's answers; earlier submissions are kept.`}
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          The association will publish the results after the survey closes, and send your council a benchmark report. You can amend your council&apos;s answers
          until the survey closes.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/surveys/${wave.slug}`}>
            See your council&apos;s answers
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = SurveyErrorBoundary;
export const handle = { hydrate: false };
