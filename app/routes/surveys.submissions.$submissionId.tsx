import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "../components/error-summary";
import { formatDateTime } from "../components/format";
import { AnswersOverview } from "../components/survey/answers-overview";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadSubmission } from "../services/survey.server";

export const handle = { hydrate: false };

// A submission exactly as it was sent: every earlier version stays readable after amending.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const submission = await loadSubmission(getDb(), request, user, Number(params.submissionId));
  return json({ councilName: user.councilName, submission });
}

export default function Submission() {
  const { councilName, submission } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle title={`Submission ${submission.number} – ${submission.wave.title}`} />
      <Link to={`/surveys/${submission.wave.slug}`} className="govuk-back-link">
        Back to {submission.wave.title}
      </Link>
      <span className="govuk-caption-l">{councilName}</span>
      <h1 className="govuk-heading-l">
        {submission.wave.title}: submission {submission.number}
      </h1>
      <p className="govuk-body">
        Submitted on {formatDateTime(submission.submittedAt)}
        {submission.submittedBy ? ` by ${submission.submittedBy}` : ""}. Reference: <strong>{submission.reference}</strong>.
      </p>
      <AnswersOverview sections={submission.sections} changeBase={null} />
    </>
  );
}
