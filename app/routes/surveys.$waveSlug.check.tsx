import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckAnswersPage } from "../components/survey/check-answers-page";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { loadAnswersOverview } from "../services/survey.server";
import { localRedirect } from "../services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const overview = await loadAnswersOverview(getDb(), user, params.waveSlug ?? "");
  if (!overview.editable) throw localRedirect(`/surveys/${overview.wave.slug}`);
  return json(overview);
}

export default function CheckAnswers() {
  const data = useLoaderData<typeof loader>();
  return <CheckAnswersPage data={data} errors={[]} />;
}

export const ErrorBoundary = SurveyErrorBoundary;
export const handle = { hydrate: false };
