import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { amendSurvey } from "../services/survey.server";
import { noteResponseChange } from "../services/wave-summary-thread.server";

export async function loader({ params }: LoaderFunctionArgs) {
  throw localRedirect(`/surveys/${params.waveSlug ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const waveSlug = params.waveSlug ?? "";
  await amendSurvey(getDb(), user, { waveSlug, clientAddress: clientAddress(request) });
  // Reopening withdraws the council's figures until it submits again: a change for the snapshots.
  noteResponseChange(waveSlug);
  throw localRedirect(`/surveys/${waveSlug}`);
}

export default function AmendSurvey() {
  return null;
}

export const ErrorBoundary = SurveyErrorBoundary;
