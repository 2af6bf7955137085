import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formatTime } from "../components/format";
import { CheckAnswersPage } from "../components/survey/check-answers-page";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { loadAnswersOverview, submitSurvey, readFormFields } from "../services/survey.server";
import { noteResponseChange } from "../services/wave-summary-thread.server";

// The submit form posts here; a refused submit re-shows the check page with its errors (this
// route's loader supplies the same data), anything else redirects (post/redirect/get).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const overview = await loadAnswersOverview(getDb(), user, params.waveSlug ?? "");
  if (!overview.editable) throw localRedirect(`/surveys/${overview.wave.slug}`);
  return json(overview);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const waveSlug = params.waveSlug ?? "";
  const fields = await readFormFields(request);
  const result = await submitSurvey(getDb(), user, { waveSlug, fields, clientAddress: clientAddress(request) });
  switch (result.kind) {
    case "submitted":
      noteResponseChange(waveSlug);
      throw localRedirect(`/surveys/${waveSlug}/confirmation`);
    case "not-started":
      throw localRedirect(`/surveys/${waveSlug}`);
    case "invalid":
      return json({ errors: result.errors }, { status: 400 });
    case "stale": {
      const who = result.changedBy ?? "a colleague";
      const when = result.changedAt ? ` at ${formatTime(result.changedAt)}` : "";
      return json(
        { errors: [{ field: "declaration", message: `Your council's answers were changed by ${who}${when} — check the latest answers and submit again` }] },
        { status: 409 },
      );
    }
  }
}

export default function SubmitAnswers() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <CheckAnswersPage data={data} errors={actionData?.errors ?? []} />;
}

export const ErrorBoundary = SurveyErrorBoundary;
export const handle = { hydrate: false };
