import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, PageTitle } from "../components/error-summary";
import { formatTime } from "../components/format";
import { useGovukFrontend } from "../components/govuk-init";
import { QuestionField } from "../components/questions/question-field";
import { SurveyErrorBoundary } from "../components/survey/survey-error-boundary";
import { getDb } from "../db.server";
import { CONDITIONAL_MARKER } from "../domain/form-markers";
import { requireCouncilRespondent } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { loadSectionPage, saveSection, readFormFields } from "../services/survey.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const page = await loadSectionPage(getDb(), user, params.waveSlug ?? "", params.sectionSlug ?? "");
  const wavePath = `/surveys/${page.survey.wave.slug}`;
  // Submitted or closed: the answers are read-only on the wave page.
  if (!page.survey.editable) throw localRedirect(wavePath);
  const followUp = new URL(request.url).searchParams.get("followUp");
  return json({
    wave: { slug: page.survey.wave.slug, title: page.survey.wave.title },
    section: page.section,
    version: page.version,
    values: page.values,
    latest: page.latest,
    status: page.status,
    followUp: page.section.questions.some((q) => q.id === followUp && q.showWhen) ? followUp : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const fields = await readFormFields(request);
  const waveSlug = params.waveSlug ?? "";
  const sectionSlug = params.sectionSlug ?? "";
  const result = await saveSection(getDb(), user, { waveSlug, sectionSlug, fields, clientAddress: clientAddress(request) });
  switch (result.kind) {
    case "saved": {
      const later = fields._intent?.[0] === "later";
      if (later) throw localRedirect(`/surveys/${waveSlug}`);
      if (result.followUp) throw localRedirect(`/surveys/${waveSlug}/sections/${sectionSlug}?followUp=${result.followUp}#${result.followUp}`);
      throw localRedirect(`/surveys/${waveSlug}/${result.next}`);
    }
    case "invalid":
      return json({ kind: "invalid" as const, errors: result.errors, values: result.values, changedBy: null, changedAt: null }, { status: 400 });
    case "stale":
      return json({ kind: "stale" as const, errors: [], values: result.values, changedBy: result.changedBy, changedAt: result.changedAt }, { status: 409 });
  }
}

export default function SectionPage() {
  const { wave, section, version, values: stored, latest, followUp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  useGovukFrontend(actionData);
  const values = actionData?.values ?? stored;
  const stale = actionData?.kind === "stale";
  const staleMessage = stale
    ? `This section was changed by ${actionData.changedBy ?? "a colleague"} at ${formatTime(actionData.changedAt ?? new Date().toISOString())} — review the latest answers and save again`
    : null;
  const errors = stale ? [{ field: "latest-answers", message: staleMessage! }] : (actionData?.errors ?? []);
  const errorFor = (id: string) => errors.find((e) => e.field === id)?.message;
  const conditionalQuestions = section.questions.filter((q) => q.showWhen);
  const topLevel = section.questions.filter((q) => !q.showWhen);
  const saving = navigation.state === "submitting";

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`${section.title} – ${wave.title}`} hasErrors={errors.length > 0} />
        <Link to={`/surveys/${wave.slug}`} className="govuk-back-link">
          Back to the task list
        </Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">
          {wave.title} · section {section.number} of {section.of}
        </span>
        <h1 className="govuk-heading-l">{section.title}</h1>
        {stale ? (
          <div id="latest-answers" className="govuk-inset-text" tabIndex={-1}>
            <h2 className="govuk-heading-s">The latest saved answers</h2>
            <dl className="govuk-summary-list govuk-summary-list--no-border lt-summary-list--question-first">
              {latest.map((row) => (
                <div className="govuk-summary-list__row" key={row.itemId}>
                  <dt className="govuk-summary-list__key">{row.question}</dt>
                  <dd className="govuk-summary-list__value">{row.answer}</dd>
                </div>
              ))}
            </dl>
            <p className="govuk-body">The form below still holds the answers you tried to save. Change them if you need to, then save again.</p>
          </div>
        ) : null}
        {followUp && !actionData ? (
          <div className="govuk-inset-text">Your answer was saved. Because of your answer, there is another question to answer below.</div>
        ) : null}
        <p className="govuk-body">
          Answer for your council, thinking about the last 12 months. You can leave any question you cannot answer, unless it says it is required.
        </p>
        {section.stem ? <p className="govuk-body-l">{section.stem}</p> : null}
        <Form method="post" noValidate key={`${section.id}-${version}-${actionData ? "posted" : "stored"}`}>
          <input type="hidden" name="_version" value={version} />
          {conditionalQuestions.map((q) => (
            <input key={q.id} type="hidden" name={CONDITIONAL_MARKER} value={q.id} />
          ))}
          {topLevel.map((question) => {
            const revealed = conditionalQuestions.filter((c) => c.showWhen?.itemId === question.id);
            const conditionals = Object.fromEntries(
              revealed.map((c) => [
                c.showWhen!.equals,
                <QuestionField
                  key={c.id}
                  question={{ ...c, text: c.required ? `${c.text} (required)` : c.text }}
                  values={values[c.id] ?? []}
                  error={errorFor(c.id)}
                />,
              ]),
            );
            return (
              <QuestionField
                key={question.id}
                question={{ ...question, text: question.required ? `${question.text} (required)` : question.text }}
                values={values[question.id] ?? []}
                error={errorFor(question.id)}
                conditionals={conditionals}
              />
            );
          })}
          <div className="govuk-button-group">
            <button type="submit" name="_intent" value="continue" className="govuk-button" data-module="govuk-button" disabled={saving}>
              Save and continue
            </button>
            <button type="submit" name="_intent" value="later" className="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={saving}>
              Save and come back later
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = SurveyErrorBoundary;

// Plain HTML plus GOV.UK Frontend's own JavaScript: the page works the same with and without React.
export const handle = { hydrate: false };
