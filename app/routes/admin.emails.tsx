import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatDateTime } from "../components/format";
import { getDb } from "../db.server";
import { requireAdmin } from "../services/auth.server";
import { OUTBOX_STATUSES } from "../domain/tracker-status";
import { loadOutboxPage } from "../services/outbox-admin.server";
import { TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Emails – LocalTrust" }];

const PAGE_SIZE = 50;
const STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  sending: "Sending",
  retrying: "Retrying",
  sent: "Sent",
  failed: "Failed",
  unsent: "Not sent (no mail server)",
};
const filterSchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

// The outbox (decision 046): every email LocalTrust wrote, what became of it. GET only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = filter.page ?? 1;
  const status = filter.status ?? null;
  const result = await loadOutboxPage(getDb(), { page, pageSize: PAGE_SIZE, status });
  return json(
    { ...result, page, pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)), status: status ?? "" },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function Emails() {
  const { counts, total, rows, configured, page, pages, status } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(n) })}`;
  return (
    <>
      <h1 className="govuk-heading-l">Emails</h1>
      <p className="govuk-body">
        Every email LocalTrust writes is kept here with what became of it: invitations, password resets, reminders, receipts and team notices. A failed attempt
        is tried again later, waiting longer each time; after 8 attempts the email is marked failed.
      </p>
      {configured ? null : (
        <div className="govuk-inset-text">
          No mail server is configured (<code>SMTP_URL</code>), so nothing is sent: emails are recorded as not sent, and staff are shown the invitation links to
          copy.
        </div>
      )}
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        {OUTBOX_STATUSES.map((s) => (
          <div className="govuk-summary-list__row" key={s}>
            <dt className="govuk-summary-list__key">{STATUS_LABELS[s]}</dt>
            <dd className="govuk-summary-list__value" data-testid={`count-${s}`}>
              {counts[s] ?? 0}
            </dd>
          </div>
        ))}
      </dl>
      <Form method="get">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">
            Status
          </label>
          <select className="govuk-select" id="status" name="status" defaultValue={status}>
            <option value="">Any status</option>
            {OUTBOX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show
        </button>
      </Form>
      <div className="app-table-container" role="region" aria-label="Emails" tabIndex={0}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {total} {total === 1 ? "email" : "emails"}, newest first (page {page} of {pages})
          </caption>
          <TableHead columns={["Recipient", "Kind", "Status", { label: "Attempts", numeric: true }, "Last error", "Written (UK time)", "Sent or next try"]} />
          <tbody className="govuk-table__body">
            {rows.map((row) => (
              <tr key={row.id} className="govuk-table__row">
                <td className="govuk-table__cell lt-break-word">{row.recipient}</td>
                <td className="govuk-table__cell">{row.kind}</td>
                <td className="govuk-table__cell">{STATUS_LABELS[row.status] ?? row.status}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.attempts}</td>
                <td className="govuk-table__cell lt-break-word">{row.last_error ?? ""}</td>
                <td className="govuk-table__cell">
                  <time dateTime={row.created_at}>{formatDateTime(row.created_at)}</time>
                </td>
                <td className="govuk-table__cell">
                  {row.sent_at ? (
                    <time dateTime={row.sent_at}>{formatDateTime(row.sent_at)}</time>
                  ) : row.status === "queued" || row.status === "retrying" ? (
                    <time dateTime={row.next_attempt_at}>{formatDateTime(row.next_attempt_at)}</time>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="govuk-pagination" aria-label="Pages of emails">
          {page > 1 ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(page - 1)} rel="prev">
                <span className="govuk-pagination__link-title">Newer</span>
              </Link>
            </div>
          ) : null}
          {page < pages ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(page + 1)} rel="next">
                <span className="govuk-pagination__link-title">Older</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
