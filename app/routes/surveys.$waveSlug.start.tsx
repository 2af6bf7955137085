import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { startSurvey } from "../services/survey.server";

// Starting changes state, so it happens only on POST; a GET goes back to the task list.
export async function loader({ params }: LoaderFunctionArgs) {
  throw localRedirect(`/surveys/${params.waveSlug ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const form = await request.formData();
  const waveSlug = params.waveSlug ?? "";
  await startSurvey(getDb(), user, { waveSlug, prefill: form.get("_intent") === "prefill", clientAddress: clientAddress(request) });
  throw localRedirect(`/surveys/${waveSlug}`);
}

export default function StartSurvey() {
  return null;
}

export const ErrorBoundary = SurveyErrorBoundary;
