import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { formatCount } from "../components/format";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { PUBLIC_K } from "../domain/disclosure";
import { allowedActions } from "../domain/wave-lifecycle";
import { auditActor, requireAdmin } from "../services/auth.server";
import { publishWave, unfinishedPublishing } from "../services/publishing.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { appSnapshotContext } from "../services/wave-summary-thread.server";
import { loadWaveForAdmin } from "../services/waves.server";

// Publishing is final (decision 052): this page says what will happen, and only its button
// publishes (one service call, decision 070). A wave that cannot be published (not closed, or already
// published) goes back to its page — unless its publishing did not finish (its open data or its
// benchmark figures failed): then this page offers to finish it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = getDb();
  const { wave, responses } = await loadWaveForAdmin(db, params.slug);
  const unfinished = await unfinishedPublishing(db, wave);
  if (!unfinished && !allowedActions(wave.status).includes("publish")) throw localRedirect(`/admin/waves/${encodeURIComponent(wave.slug)}`);
  return json({ wave: { slug: wave.slug, title: wave.title }, submitted: responses.submitted, k: PUBLIC_K, unfinished });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const { wave } = await loadWaveForAdmin(getDb(), params.slug);
  // Only this page's button publishes: a post without its field (a stray or forged request) is refused.
  const form = await request.formData();
  if (form.get("confirm") !== "publish")
    return json<{ errors: FieldError[] }>(
      { errors: [{ field: "publish", message: "Use the Publish the wave button on this page to publish" }] },
      { status: 400 },
    );
  const config = getConfig();
  const published = await publishWave(appSnapshotContext(), { actor: auditActor(user), clientAddress: clientAddress(request) }, wave.slug, {
    licenceId: config.OPEN_DATA_LICENCE,
    publisher: config.OPEN_DATA_PUBLISHER,
  });
  if (!published.ok) return json<{ errors: FieldError[] }>({ errors: [{ field: "publish", message: published.message }] }, { status: 400 });
  return localRedirect(`/admin/waves/${encodeURIComponent(wave.slug)}?done=publish`);
}

export default function PublishWave() {
  const { wave, submitted, k, unfinished } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? [];
  const back = `/admin/waves/${encodeURIComponent(wave.slug)}`;
  if (unfinished) return <FinishPublishing wave={wave} unfinished={unfinished} errors={errors} back={back} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`Publish ${wave.title}?`} hasErrors={errors.length > 0} />
        <Link className="govuk-back-link" to={back}>
          Back to manage {wave.title}
        </Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{wave.title}</span>
        <h1 className="govuk-heading-l">Are you sure you want to publish this wave?</h1>
        <p className="govuk-body">When you publish {wave.title}:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            its figures are released as open data for anyone to download at{" "}
            <Link className="govuk-link" to={`/data/${encodeURIComponent(wave.slug)}`}>
              /data/{wave.slug}
            </Link>
            , showing only groups of at least {k} councils
            {submitted < k
              ? ` (${formatCount(submitted)} ${submitted === 1 ? "council has" : "councils have"} submitted, fewer than ${k}, so every figure will read [c])`
              : ""}
            ; a release is never withdrawn, only corrected by a later one
          </li>
          <li>
            {submitted === 0
              ? "no council submitted, so no benchmark report is prepared"
              : submitted === 1
                ? "the one council that submitted gets its benchmark report, which everyone in its team can open"
                : `each of the ${formatCount(submitted)} councils that submitted gets its benchmark report, which everyone in its team can open`}
          </li>
          <li>the answers are frozen: no council can submit or amend, and the wave cannot be reopened</li>
        </ul>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Publishing cannot be undone.
          </strong>
        </div>
        <PublishForm button="Publish the wave" warning back={back} />
      </div>
    </div>
  );
}

/** A published wave whose open data or benchmark figures are missing (a step of publishing failed). */
function FinishPublishing({
  wave,
  unfinished,
  errors,
  back,
}: {
  wave: { slug: string; title: string };
  unfinished: { release: boolean; figures: boolean };
  errors: FieldError[];
  back: string;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`Finish publishing ${wave.title}`} hasErrors={errors.length > 0} />
        <Link className="govuk-back-link" to={back}>
          Back to manage {wave.title}
        </Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{wave.title}</span>
        <h1 className="govuk-heading-l">Finish publishing this wave</h1>
        <p className="govuk-body">{wave.title} is published and its answers are final, but publishing did not finish. Still to do:</p>
        <ul className="govuk-list govuk-list--bullet">
          {unfinished.release ? <li>release its figures as open data at /data/{wave.slug}</li> : null}
          {unfinished.figures ? (
            <li>prepare the figures of the councils&apos; benchmark reports (until then, their reports say they are being prepared)</li>
          ) : null}
        </ul>
        <p className="govuk-body">This also happens by itself the next time LocalTrust starts.</p>
        <PublishForm button="Finish publishing" back={back} />
      </div>
    </div>
  );
}

/** The confirmed post that publishes (or finishes publishing), and the way back. */
function PublishForm({ button, warning = false, back }: { button: string; warning?: boolean; back: string }) {
  return (
    <Form method="post" id="publish" tabIndex={-1}>
      <input type="hidden" name="confirm" value="publish" />
      <div className="govuk-button-group">
        <button type="submit" className={warning ? "govuk-button govuk-button--warning" : "govuk-button"} data-module="govuk-button">
          {button}
        </button>
        <Link className="govuk-link" to={back}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
