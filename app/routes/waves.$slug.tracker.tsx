import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { councilTypeLabel } from "../domain/council-types";
import { formatDateTime } from "../components/format";
import { Tag } from "../components/tag";
import {
  INVITATION_LABELS,
  NO_RESPONSE_HINT,
  NO_RESPONSE_STATUSES,
  REMIND_AGAIN_DAYS,
  RESPONSE_PROGRESS_LABELS,
  TRACKER_SORTS,
  TRACKER_STATUSES,
  TRACKER_STATUS_LABELS,
  type TrackerStatus,
} from "../domain/tracker-status";
import { TableScroll } from "../components/table-scroll";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { mailConfigured } from "../services/email.server";
import { emailResetToRespondent } from "../services/invitations.server";
import { loadChaseTracker, parseTrackerFilters, previewReminders, sendReminders } from "../services/reminders.server";
import { SelectField } from "../components/select-field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Response tracker${data ? `: ${data.wave.title}` : ""} – LocalTrust` }];

// Staff chase councils from here: statuses, each council's team, invitation state,
// sections done, last activity and last reminder; never an answer or a figure.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const filters = parseTrackerFilters(new URL(request.url).searchParams);
  const { wave, all, rows, types, regions } = await loadChaseTracker(getDb(), params.slug, filters);
  return json(
    {
      wave: { slug: wave.slug, title: wave.title, closesOn: wave.closes_on, open: wave.status === "open" },
      counts: Object.fromEntries(TRACKER_STATUSES.map((s) => [s, all.filter((r) => r.status === s).length])) as Record<TrackerStatus, number>,
      rows,
      types: types.map((t) => ({ value: t, label: councilTypeLabel(t) })),
      regions,
      filters,
      mail: mailConfigured(),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const idList = (values: FormDataEntryValue[]) => [...new Set(values.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))].slice(0, 1000);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const db = getDb();
  if (intent === "reset") {
    const result = await emailResetToRespondent(request, user, Number(form.get("userId")));
    return json({ kind: "reset" as const, ...result }, { status: result.ok ? 200 : 400 });
  }
  const councilIds = idList(form.getAll("council"));
  const force = form.get("force") === "yes";
  if (councilIds.length === 0) return json({ kind: "error" as const, message: "Select at least one council to remind" }, { status: 400 });
  if (intent === "send") {
    const result = await sendReminders(db, request, user, { slug: params.slug, councilIds, force });
    return json({ kind: "sent" as const, sent: result.sent, skipped: result.skipped });
  }
  const preview = await previewReminders(db, params.slug, councilIds, force);
  return json({
    kind: "preview" as const,
    force,
    remind: preview.plan.filter((p) => p.remindable).map((p) => ({ id: p.row.councilId, name: p.row.name, recipients: p.row.respondents.length })),
    skipped: preview.plan.filter((p) => !p.remindable).map((p) => ({ name: p.row.name, reason: p.reason ?? "" })),
    example: preview.example,
  });
}

const COLOURS: Record<TrackerStatus, "grey" | "blue" | "yellow" | "green" | "purple"> = {
  "not-invited": "grey",
  invited: "purple",
  "not-started": "yellow",
  "in-progress": "blue",
  submitted: "green",
};
const SORT_LABELS: Record<(typeof TRACKER_SORTS)[number], string> = {
  name: "Council name",
  status: "Status",
  "last-activity": "Last activity (oldest first)",
  "last-reminded": "Last reminded (longest ago first)",
  sections: "Sections done (fewest first)",
};

const peopleCount = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

function ActionResult() {
  const result = useActionData<typeof action>();
  if (!result) return null;
  if (result.kind === "error" || (result.kind === "reset" && !result.ok)) {
    const message = result.message;
    return (
      <div className="govuk-error-summary" data-module="govuk-error-summary">
        <div role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{message}</p>
          </div>
        </div>
      </div>
    );
  }
  if (result.kind === "reset" || result.kind === "sent") {
    return (
      <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="tracker-done">
        <div className="govuk-notification-banner__header">
          <h2 className="govuk-notification-banner__title" id="tracker-done">
            Success
          </h2>
        </div>
        <div className="govuk-notification-banner__content">
          {result.kind === "reset" ? (
            <p className="govuk-notification-banner__heading lt-break-word">{result.message}</p>
          ) : (
            <>
              <p className="govuk-notification-banner__heading">
                {result.sent.length === 0
                  ? "No council was reminded."
                  : `Reminders are on their way to the teams of ${result.sent.length} ${result.sent.length === 1 ? "council" : "councils"}.`}
              </p>
              {result.sent.length > 0 ? (
                <ul className="govuk-list govuk-list--bullet" data-testid="reminded">
                  {result.sent.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              ) : null}
              <NotReminded skipped={result.skipped} />
            </>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-inset-text" id="preview">
      <h2 className="govuk-heading-m">Preview the reminder</h2>
      {result.remind.length === 0 ? (
        <p className="govuk-body">None of the councils you chose can be reminded now.</p>
      ) : (
        <p className="govuk-body">
          Each member of the team of {result.remind.length} {result.remind.length === 1 ? "council" : "councils"} (
          {peopleCount(result.remind.reduce((n, r) => n + r.recipients, 0))}) will get this email, with their own council&apos;s name and progress:
        </p>
      )}
      {result.example ? (
        <div className="lt-email-preview">
          <p className="govuk-body govuk-!-font-weight-bold lt-break-word">Subject: {result.example.subject}</p>
          <p className="govuk-body lt-pre-wrap lt-break-word" data-testid="reminder-preview">
            {result.example.text}
          </p>
        </div>
      ) : null}
      <NotReminded skipped={result.skipped} />
      {result.remind.length > 0 ? (
        <Form method="post">
          {result.remind.map((r) => (
            <input key={r.id} type="hidden" name="council" value={r.id} />
          ))}
          {result.force ? <input type="hidden" name="force" value="yes" /> : null}
          <button type="submit" name="intent" value="send" className="govuk-button" data-module="govuk-button">
            Send {result.remind.length === 1 ? "the reminder" : `${result.remind.length} reminders`}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export default function Tracker() {
  const { wave, counts, rows, types, regions, filters, mail } = useLoaderData<typeof loader>();
  const base = `/waves/${encodeURIComponent(wave.slug)}`;
  const query = new URLSearchParams(
    Object.entries({ status: filters.status ?? "", type: filters.type ?? "", region: filters.region ?? "", sort: filters.sort }).filter(
      ([, v]) => v && v !== "name",
    ),
  );
  const remindable = (r: (typeof rows)[number]) => wave.open && r.status !== "submitted" && r.respondents.length > 0;
  return (
    <>
      <Link to={base} className="govuk-back-link">
        Wave results
      </Link>
      <span className="govuk-caption-l">{wave.title}</span>
      <h1 className="govuk-heading-l">Response tracker</h1>
      <ActionResult />
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/tracker.csv${query.size ? `?${query}` : ""}`} download>
          Download the chase list (CSV): {filters.status ? "the councils shown" : "councils that have not submitted"}, with their teams
        </a>
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Councils by status</caption>
        <tbody className="govuk-table__body">
          {TRACKER_STATUSES.map((s) => (
            <tr className="govuk-table__row" key={s}>
              <th scope="row" className="govuk-table__header">
                {TRACKER_STATUS_LABELS[s]}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{counts[s]}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              {RESPONSE_PROGRESS_LABELS.noResponse} ({NO_RESPONSE_HINT.toLowerCase()})
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{NO_RESPONSE_STATUSES.reduce((sum, s) => sum + counts[s], 0)}</td>
          </tr>
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Find councils</h2>
      <Form method="get" className="lt-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <SelectField
              name="status"
              label="Status"
              any="Any status"
              fullWidth
              options={[{ value: "unsubmitted", label: "Not submitted" }, ...TRACKER_STATUSES.map((v) => ({ value: v, label: TRACKER_STATUS_LABELS[v] }))]}
              defaultValue={filters.status}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <SelectField name="type" label="Type" any="Any type" fullWidth options={types} defaultValue={filters.type} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <SelectField
              name="region"
              label="Region"
              any="Any region"
              fullWidth
              options={regions.map((r) => ({ value: r, label: r }))}
              defaultValue={filters.region}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <SelectField
              name="sort"
              label="Sort by"
              fullWidth
              options={TRACKER_SORTS.map((v) => ({ value: v, label: SORT_LABELS[v] }))}
              defaultValue={filters.sort}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show councils
        </button>
      </Form>
      {/* The reset buttons in the table belong to this form (a form cannot sit inside the reminder form). */}
      <Form method="post" id="reset-form">
        <input type="hidden" name="intent" value="reset" />
      </Form>
      <Form method="post">
        <h2 className="govuk-heading-m">Remind councils</h2>
        <p className="govuk-body">
          Tick the councils to remind (only councils that have not submitted and have someone on their team), then preview the email. Each member of a
          council&apos;s team gets one email with the deadline, the council&apos;s progress and a link.
          {mail ? "" : " No mail server is configured (SMTP_URL): reminders are recorded, but not sent."}
          {wave.open ? "" : " This wave is not open, so no council can be reminded."}
        </p>
        <TableScroll label="Councils">
          <table className="govuk-table lt-tracker-table">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {rows.length} {rows.length === 1 ? "council" : "councils"}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Remind
                </th>
                <th scope="col" className="govuk-table__header">
                  Council
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header lt-team">
                  Team
                </th>
                <th scope="col" className="govuk-table__header">
                  Invitation
                </th>
                <th scope="col" className="govuk-table__header">
                  Sections done
                </th>
                <th scope="col" className="govuk-table__header">
                  Last activity
                </th>
                <th scope="col" className="govuk-table__header">
                  Last reminded
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((r) => (
                <tr className="govuk-table__row" key={r.councilId} data-council={r.name}>
                  <td className="govuk-table__cell">
                    {remindable(r) ? (
                      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id={`council-${r.councilId}`} name="council" type="checkbox" value={r.councilId} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`council-${r.councilId}`}>
                            <span className="govuk-visually-hidden">Remind {r.name}</span>
                          </label>
                        </div>
                      </div>
                    ) : null}
                  </td>
                  <th scope="row" className="govuk-table__header">
                    {r.name}
                    <span className="govuk-hint govuk-!-margin-bottom-0 govuk-!-font-weight-regular lt-block">
                      {councilTypeLabel(r.type)}, {r.region}
                    </span>
                  </th>
                  <td className="govuk-table__cell">
                    <Tag colour={COLOURS[r.status]}>{TRACKER_STATUS_LABELS[r.status]}</Tag>
                  </td>
                  <td className="govuk-table__cell lt-team">
                    {r.respondents.length === 0 ? (
                      "Nobody yet"
                    ) : (
                      <ul className="govuk-list govuk-!-margin-bottom-0">
                        {r.respondents.map((m) => (
                          <li key={m.id} className="lt-break-word">
                            {m.name}
                            {m.isLead ? " (lead)" : ""}
                            <br />
                            <a className="govuk-link" href={`mailto:${m.email}`}>
                              {m.email}
                            </a>
                            {mail ? (
                              <>
                                <br />
                                <button type="submit" form="reset-form" name="userId" value={m.id} className="lt-link-button govuk-link">
                                  Email a password reset link<span className="govuk-visually-hidden"> to {m.name}</span>
                                </button>
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="govuk-table__cell">{r.invitation ? INVITATION_LABELS[r.invitation] : "None"}</td>
                  <td className="govuk-table__cell">
                    {r.sectionsDone} of {r.sectionsTotal}
                  </td>
                  <td className="govuk-table__cell">{r.lastActivity ? formatDateTime(r.lastActivity) : "None"}</td>
                  <td className="govuk-table__cell" data-testid="last-reminded">
                    {r.lastReminded ? formatDateTime(r.lastReminded) : "Never"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="force" name="force" type="checkbox" value="yes" />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="force">
                Remind again anyway: councils reminded in the last {REMIND_AGAIN_DAYS} days are otherwise left out
              </label>
            </div>
          </div>
        </div>
        <button type="submit" name="intent" value="preview" className="govuk-button" data-module="govuk-button">
          Preview the reminder
        </button>
      </Form>
    </>
  );
}

/** The councils a reminder was not sent to, each with why; nothing when there is none. */
function NotReminded({ skipped }: { skipped: readonly { name: string; reason: string }[] }) {
  if (skipped.length === 0) return null;
  return (
    <>
      <p className="govuk-body">Not reminded:</p>
      <ul className="govuk-list govuk-list--bullet">
        {skipped.map((s) => (
          <li key={s.name}>
            {s.name} {s.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
