import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateInput } from "../components/date-input";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { formatDate, formatDateTime } from "../components/format";
import { SuccessBanner } from "../components/success-banner";
import { WaveStatusTag } from "../components/tag";
import { getDb } from "../db.server";
import { datePartsOf, parseDateParts, type DateParts } from "../domain/date-parts";
import { allowedActions, WAVE_ACTIONS, type WaveAction } from "../domain/wave-lifecycle";
import { auditActor, requireAdmin } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { latestSnapshots } from "../services/snapshots.server";
import { listPreviewCouncils } from "../services/benchmark-report.server";
import { changeWaveDeadline, changeWaveStatus } from "../services/wave-admin.server";
import { appSnapshotContext, cutSnapshotsNow } from "../services/wave-summary-thread.server";
import { loadWaveForAdmin, requireWave } from "../services/waves.server";
import { publishRelease } from "../services/open-data.server";
import { unfinishedPublishing } from "../services/publishing.server";
import { getConfig } from "../config.server";

const DONE = {
  created: "The wave was created as a draft.",
  open: "The wave is open: councils can answer it.",
  close: "The wave is closed: councils can no longer submit or amend.",
  reopen: "The wave is open again.",
  publish: "The wave is published.",
  deadline: "The deadline was changed.",
  revise: "A new open-data release was published with your revision note; earlier releases stay downloadable.",
  snapshot: "A new snapshot of the figures was cut: the dashboard, the summary JSON and the exports now show it.",
  fieldwork: "The fieldwork dates were saved: the wave now takes its place in time in lists and trends.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { wave, responses } = await loadWaveForAdmin(getDb(), params.slug);
  const done = new URL(request.url).searchParams.get("done");
  return json({
    wave: {
      slug: wave.slug,
      title: wave.title,
      status: wave.status,
      instrumentVersion: wave.instrument_version,
      opensOn: wave.opens_on,
      closesOn: wave.closes_on,
      publishedAt: wave.published_at,
    },
    responses,
    actions: allowedActions(wave.status),
    // Admins can preview any council's benchmark report once the wave is published.
    previewCouncils: wave.status === "published" ? await listPreviewCouncils(getDb(), wave.id) : [],
    // A published wave whose open data or benchmark figures failed (decision 070): offer to finish.
    unfinished: await unfinishedPublishing(getDb(), wave),
    snapshots: await latestSnapshots(getDb(), wave.id),
    done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
  });
}

const actionSchema = z.discriminatedUnion("_intent", [
  z.object({ _intent: z.enum(WAVE_ACTIONS) }),
  z.object({ _intent: z.literal("snapshot") }),
  z.object({ _intent: z.literal("revise"), note: z.string().max(2000).default("") }),
  z.object({
    _intent: z.literal("deadline"),
    "closesOn-day": z.string().max(10).default(""),
    "closesOn-month": z.string().max(10).default(""),
    "closesOn-year": z.string().max(10).default(""),
  }),
]);

type ActionData = { errors: FieldError[]; deadline: DateParts | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const slug = params.slug ?? "";
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json<ActionData>(
      { errors: [{ field: "status-actions", message: "That request could not be handled: use the buttons on this page" }], deadline: null },
      { status: 400 },
    );
  const db = getDb();
  await requireWave(db, slug);
  const context = { actor: auditActor(user), clientAddress: clientAddress(request) };
  const form = parsed.data;
  if (form._intent === "deadline") {
    const deadline = { day: form["closesOn-day"], month: form["closesOn-month"], year: form["closesOn-year"] };
    const date = parseDateParts(deadline, "the deadline");
    if (!date.ok) return json<ActionData>({ errors: [{ field: `closesOn-${date.part}`, message: date.message }], deadline }, { status: 400 });
    const changed = await changeWaveDeadline(db, context, slug, date.date);
    if (!changed.ok) return json<ActionData>({ errors: [{ field: changed.field, message: changed.message }], deadline }, { status: 400 });
    return localRedirect(`/admin/waves/${encodeURIComponent(slug)}?done=deadline`);
  }
  if (form._intent === "revise") {
    const config = getConfig();
    const released = await publishRelease(appSnapshotContext(), slug, {
      licenceId: config.OPEN_DATA_LICENCE,
      publisher: config.OPEN_DATA_PUBLISHER,
      revisionNote: form.note,
    });
    if (!released.ok) return json<ActionData>({ errors: [{ field: "revision-note", message: released.message }], deadline: null }, { status: 400 });
    return localRedirect(`/admin/waves/${encodeURIComponent(slug)}?done=revise`);
  }
  if (form._intent === "snapshot") {
    await cutSnapshotsNow(slug, "admin");
    return localRedirect(`/admin/waves/${encodeURIComponent(slug)}?done=snapshot`);
  }
  // Publishing is final: only its confirmation page publishes (decision 052).
  if (form._intent === "publish") return localRedirect(`/admin/waves/${encodeURIComponent(slug)}/publish`);
  const moved = await changeWaveStatus(db, context, slug, form._intent);
  if (!moved.ok) return json<ActionData>({ errors: [{ field: moved.field, message: moved.message }], deadline: null }, { status: 400 });
  // Closing cuts the closing snapshot of the figures (every audience).
  if (form._intent === "close") await cutSnapshotsNow(slug, "closed");
  return localRedirect(`/admin/waves/${encodeURIComponent(slug)}?done=${form._intent}`);
}

const BUTTONS: Record<WaveAction, { text: string; secondary: boolean }> = {
  open: { text: "Open the wave", secondary: false },
  close: { text: "Close the wave", secondary: false },
  reopen: { text: "Reopen the wave", secondary: true },
  publish: { text: "Publish the wave", secondary: false },
};

export default function ManageWave() {
  const { wave, responses, actions, done, snapshots, previewCouncils, unfinished } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const deadlineError = errors.find((e) => e.field.startsWith("closesOn-"));
  const deadlineEditable = wave.status === "draft" || wave.status === "open";
  const rows: [string, React.ReactNode][] = [
    ["Status", <WaveStatusTag key="status" status={wave.status} />],
    ["Slug", wave.slug],
    ["Questionnaire version", String(wave.instrumentVersion)],
    [
      "Opens",
      wave.opensOn || wave.closesOn ? (
        formatDate(wave.opensOn) || "Not set"
      ) : (
        // A wave imported before migration 013 has no dates (decision 053).
        <Link key="fieldwork" className="govuk-link" to={`/admin/waves/${encodeURIComponent(wave.slug)}/fieldwork`}>
          Not recorded: add the fieldwork dates
        </Link>
      ),
    ],
    ["Deadline", formatDate(wave.closesOn) || "Not set"],
    ["Responses", `${responses.submitted} submitted, ${responses.inProgress} in progress`],
    ...(wave.publishedAt ? [["Published", formatDateTime(wave.publishedAt)] as [string, React.ReactNode]] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`Manage ${wave.title}`} hasErrors={errors.length > 0} />
        <Link className="govuk-back-link" to="/admin/waves">
          Back to manage waves
        </Link>
        {done && errors.length === 0 ? <SuccessBanner>{done}</SuccessBanner> : null}
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Manage wave</span>
        <h1 className="govuk-heading-l">{wave.title}</h1>
        <dl className="govuk-summary-list" data-testid="wave-summary">
          {rows.map(([key, value]) => (
            <div className="govuk-summary-list__row" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value">{value}</dd>
            </div>
          ))}
        </dl>

        <h2 className="govuk-heading-m">Status</h2>
        <div
          id="status-actions"
          tabIndex={-1}
          className={errors.some((e) => e.field === "status-actions") ? "govuk-form-group govuk-form-group--error" : undefined}
        >
          {errors
            .filter((e) => e.field === "status-actions")
            .map((e) => (
              <p className="govuk-error-message" key={e.message}>
                <span className="govuk-visually-hidden">Error:</span> {e.message}
              </p>
            ))}
          {actions.length === 0 ? (
            <>
              {unfinished ? (
                <div className="govuk-warning-text">
                  <span className="govuk-warning-text__icon" aria-hidden="true">
                    !
                  </span>
                  <strong className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    Publishing did not finish: {unfinished.release ? "its open data is not released" : null}
                    {unfinished.release && unfinished.figures ? " and " : null}
                    {unfinished.figures ? "councils' benchmark reports are not ready" : null}.{" "}
                    <Link className="govuk-link" to={`/admin/waves/${encodeURIComponent(wave.slug)}/publish`}>
                      Finish publishing
                    </Link>
                  </strong>
                </div>
              ) : null}
              <p className="govuk-body">
                A published wave is final: its status and deadline cannot be changed. Its open data is at{" "}
                <Link className="govuk-link" to={`/data/${encodeURIComponent(wave.slug)}`}>
                  /data/{wave.slug}
                </Link>
                .
              </p>
              <Form method="post" noValidate>
                <div className={`govuk-form-group${errors.some((e) => e.field === "revision-note") ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label govuk-label--s" htmlFor="revision-note">
                    Revision note for a corrected open-data release
                  </label>
                  <div id="revision-note-hint" className="govuk-hint">
                    Say what was corrected. The new release is audited against every earlier one, which stays downloadable.
                  </div>
                  {errors
                    .filter((e) => e.field === "revision-note")
                    .map((e) => (
                      <p className="govuk-error-message" key={e.message}>
                        <span className="govuk-visually-hidden">Error:</span> {e.message}
                      </p>
                    ))}
                  <textarea className="govuk-textarea" id="revision-note" name="note" rows={3} aria-describedby="revision-note-hint" />
                </div>
                <button type="submit" name="_intent" value="revise" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                  Publish a revised release
                </button>
              </Form>
            </>
          ) : (
            <>
              {actions.includes("publish") ? (
                <div className="govuk-warning-text">
                  <span className="govuk-warning-text__icon" aria-hidden="true">
                    !
                  </span>
                  <strong className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    Publishing is final: the figures become open data, councils see their benchmark reports and the wave cannot be reopened. The next page says
                    what will happen before anything does.
                  </strong>
                </div>
              ) : null}
              <Form method="post" className="govuk-button-group">
                {actions.map((a) =>
                  a === "publish" ? (
                    // Publishing is final: it starts on a page that says what will happen.
                    <Link
                      key={a}
                      to={`/admin/waves/${encodeURIComponent(wave.slug)}/publish`}
                      role="button"
                      draggable={false}
                      className="govuk-button"
                      data-module="govuk-button"
                    >
                      {BUTTONS[a].text}
                    </Link>
                  ) : (
                    <button
                      key={a}
                      type="submit"
                      name="_intent"
                      value={a}
                      className={`govuk-button${BUTTONS[a].secondary ? " govuk-button--secondary" : ""}`}
                      data-module="govuk-button"
                    >
                      {BUTTONS[a].text}
                    </button>
                  ),
                )}
              </Form>
            </>
          )}
        </div>

        {deadlineEditable ? (
          <>
            <h2 className="govuk-heading-m">Deadline</h2>
            <Form method="post" noValidate>
              <DateInput
                name="closesOn"
                legend="New deadline"
                hint={`The last day councils can submit, not before the wave opens${wave.opensOn ? ` (${formatDate(wave.opensOn)})` : ""}`}
                values={result?.deadline ?? datePartsOf(wave.closesOn)}
                error={deadlineError?.message}
                errorPart={deadlineError?.field === "closesOn-month" ? "month" : deadlineError?.field === "closesOn-year" ? "year" : "day"}
              />
              <button type="submit" name="_intent" value="deadline" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                Change deadline
              </button>
            </Form>
          </>
        ) : null}
        {wave.status === "published" ? (
          <>
            <h2 className="govuk-heading-m">Benchmark reports</h2>
            {previewCouncils.length === 0 ? (
              <p className="govuk-body">No council submitted to this wave, so there are no benchmark reports.</p>
            ) : (
              // A plain form: the report is a page without React in the browser, so it loads as a document.
              <form method="get" action={`/admin/waves/${encodeURIComponent(wave.slug)}/report`}>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="preview-council">
                    Preview a council&apos;s report
                  </label>
                  <div className="govuk-hint" id="preview-council-hint">
                    {previewCouncils.length} councils submitted and can open their report. Opening one is recorded in the audit log.
                  </div>
                  <select className="govuk-select" id="preview-council" name="council" aria-describedby="preview-council-hint">
                    {previewCouncils.map((c) => (
                      <option key={c.gssCode} value={c.gssCode}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                  Preview report
                </button>
              </form>
            )}
          </>
        ) : null}
        <h2 className="govuk-heading-m">Figures</h2>
        <p className="govuk-body">
          Staff, councils and the public see figures from stored snapshots, cut when the wave closes, when you ask, and automatically while the wave is open
          once enough responses have changed.
        </p>
        <dl className="govuk-summary-list" data-testid="snapshots">
          {(["staff", "public"] as const).map((audience) => {
            const s = snapshots[audience];
            return (
              <div className="govuk-summary-list__row" key={audience}>
                <dt className="govuk-summary-list__key">
                  {audience === "staff" ? "Staff (groups of 5 or more)" : "Councils and public (groups of 10 or more)"}
                </dt>
                <dd className="govuk-summary-list__value">
                  {s ? `Snapshot ${s.seq}, cut ${formatDateTime(s.cutAt)} from ${s.responses} submitted responses` : "No snapshot yet"}
                </dd>
              </div>
            );
          })}
        </dl>
        <Form method="post">
          <button type="submit" name="_intent" value="snapshot" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Cut a snapshot of the figures now
          </button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/waves/${encodeURIComponent(wave.slug)}`}>
            See the wave’s dashboard
          </Link>
        </p>
      </div>
    </div>
  );
}
