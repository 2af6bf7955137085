import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatDateTime } from "../components/format";
import { getDb } from "../db.server";
import { loadAuditLogPage } from "../services/audit-log.server";
import { requireAdmin } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "Audit log – LocalTrust" }];

const PAGE_SIZE = 50;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const filterSchema = z.object({
  actor: z.string().trim().max(254).optional().catch(undefined),
  council: z.string().regex(/^\d+$/).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

// GET only: filters live in the URL so a view can be shared; nothing here changes anything.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = filterSchema.parse(params);
  const page = filter.page ?? 1;
  const result = await loadAuditLogPage(
    getDb(),
    { actor: filter.actor || undefined, councilId: filter.council ? Number(filter.council) : undefined, action: filter.action || undefined, from: filter.from, to: filter.to },
    { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
  );
  return json({
    filter: { actor: filter.actor ?? "", council: filter.council ?? "", action: filter.action ?? "", from: filter.from ?? "", to: filter.to ?? "" },
    page,
    pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    total: result.total,
    rows: result.rows,
    actions: result.actions,
    councils: result.councils,
  });
}

export default function AuditLog() {
  const { filter, page, pages, total, rows, actions, councils } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(n) })}`;
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <Form method="get" className="lt-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="actor">Who (email contains)</label>
              <input className="govuk-input" id="actor" name="actor" type="text" defaultValue={filter.actor} spellCheck={false} />
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="action">Action</label>
              <select className="govuk-select" id="action" name="action" defaultValue={filter.action}>
                <option value="">Any action</option>
                {actions.map((a) => (
                  <option key={a} value={a}>{a}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="council">Council</label>
              <select className="govuk-select" id="council" name="council" defaultValue={filter.council}>
                <option value="">Any council</option>
                {councils.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="from">From (date)</label>
              <input className="govuk-input govuk-input--width-10" id="from" name="from" type="date" defaultValue={filter.from} />
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="to">To (date)</label>
              <input className="govuk-input govuk-input--width-10" id="to" name="to" type="date" defaultValue={filter.to} />
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button>
      </Form>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {total} {total === 1 ? "entry" : "entries"}, newest first (page {page} of {pages})
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When (UK time)</th>
            <th scope="col" className="govuk-table__header">Who</th>
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">Target</th>
            <th scope="col" className="govuk-table__header">Address</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr key={row.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <time dateTime={row.at}>{formatDateTime(row.at)}</time>
              </td>
              <td className="govuk-table__cell">
                {row.actorEmail ?? "Signed out"}
                {row.actorRole ? <span className="govuk-hint govuk-!-margin-bottom-0">{row.councilName ?? row.actorRole}</span> : null}
              </td>
              <td className="govuk-table__cell">{row.action}</td>
              <td className="govuk-table__cell">{row.targetType ? `${row.targetType} ${row.targetId ?? ""}` : ""}</td>
              <td className="govuk-table__cell">{row.clientAddress ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav className="govuk-pagination" aria-label="Pages of the audit log">
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
