import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { DateInput } from "../components/date-input";
import { ErrorSummary } from "../components/error-summary";
import { formatDate, formatTime } from "../components/format";
import { Pagination } from "../components/pagination";
import { TableScroll } from "../components/table-scroll";
import { pageHref, parseAuditFilters } from "../domain/list-filters";
import { getDb } from "../db.server";
import { loadAuditLogPage } from "../services/audit-log.server";
import { requireAdmin } from "../services/auth.server";
import { SelectField } from "../components/select-field";
import { NoRowsRow, TableHead } from "../components/table-head";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data && data.errors.length > 0 ? "Error: " : ""}Audit log – LocalTrust` }];

// GET only: filters live in the URL so a view can be shared; nothing here changes anything.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const { values, filter, errors, page } = parseAuditFilters(params);
  const result = await loadAuditLogPage(getDb(), filter, page);
  const query = new URLSearchParams([...params].filter(([k, v]) => k !== "page" && v !== "")).toString();
  return json({ ...result, values, errors, query, filtered: Object.keys(filter).length > 0 });
}

export default function AuditLog() {
  const { values, errors, query, filtered, page, pages, total, rows, actions, councils } = useLoaderData<typeof loader>();
  const errorFor = (name: string) => errors.find((e) => e.field.startsWith(`${name}-`));
  const params = new URLSearchParams(query);
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Who did what, and when: sign-ins, answers, submissions, invitations, roles, waves and downloads. Newest first.</p>
      <Form method="get" className="lt-filters" aria-label="Filter the audit log">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="actor">
                Who (name or email address contains)
              </label>
              <input className="govuk-input" id="actor" name="actor" type="text" defaultValue={values.actor} spellCheck={false} />
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <SelectField
              name="action"
              label="Event"
              any="Any event"
              options={actions.map((a) => ({ value: a.code, label: a.name }))}
              defaultValue={values.action}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <SelectField
              name="council"
              label="Council of the person"
              any="Any council"
              options={councils.map((c) => ({ value: c.id, label: c.name }))}
              defaultValue={values.council}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="from"
              legend="From"
              hint="For example, 1 11 2026"
              values={values.from}
              error={errorFor("from")?.message}
              errorPart={partOf(errorFor("from")?.field)}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="to"
              legend="To (the whole day is included)"
              hint="For example, 30 11 2026"
              values={values.to}
              error={errorFor("to")?.message}
              errorPart={partOf(errorFor("to")?.field)}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered || errors.length > 0 ? (
            <Link className="govuk-link" to="/admin/audit">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="govuk-body">
        <a className="govuk-link" href={`/admin/audit.csv${query ? `?${query}` : ""}`} download>
          {filtered
            ? `Download the ${total} matching ${total === 1 ? "entry" : "entries"} (CSV)`
            : `Download all ${total} ${total === 1 ? "entry" : "entries"} (CSV)`}
        </a>
      </p>
      <TableScroll label="Audit log entries">
        <table className="govuk-table lt-audit-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {total} {total === 1 ? "entry" : "entries"}
            {pages > 1 ? ` (page ${page} of ${pages})` : ""}
          </caption>
          <TableHead columns={["When (UK time)", "Event", "Name", "Email", "Role", "About", "What changed", "Address"]} />
          <tbody className="govuk-table__body">
            {rows.length === 0 ? <NoRowsRow columns={8}>No entry matches these filters.</NoRowsRow> : null}
            {rows.map((row) => (
              <tr key={row.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <time dateTime={row.at}>
                    {formatDate(row.at)}
                    <br />
                    {formatTime(row.at)}
                  </time>
                </td>
                <td className="govuk-table__cell" data-event={row.code}>
                  {row.event}
                </td>
                <td className="govuk-table__cell">{row.actorName ?? (row.actorEmail ? "" : "Nobody signed in")}</td>
                <td className="govuk-table__cell">{row.actorEmail ? <BreakableEmail email={row.actorEmail} /> : ""}</td>
                <td className="govuk-table__cell">
                  {row.actorRole}
                  {row.actorCouncil ? <div className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{row.actorCouncil}</div> : null}
                </td>
                <td className="govuk-table__cell">
                  {row.target ? (
                    <>
                      {row.target.kind}:{" "}
                      {row.target.href ? (
                        <Link className="govuk-link" to={row.target.href}>
                          <BreakableEmail email={row.target.name} />
                        </Link>
                      ) : (
                        <BreakableEmail email={row.target.name} />
                      )}
                    </>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{row.change ?? ""}</td>
                <td className="govuk-table__cell">{row.clientAddress ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pagination page={page} pages={pages} hrefFor={(n) => pageHref(params, n)} label="Pages of the audit log" />
    </>
  );
}

/** Text with email addresses that may wrap after their "@" (and nowhere else) in a narrow column. */
function BreakableEmail({ email }: { email: string }) {
  const parts = email.split("@");
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? (
            <>
              @<wbr />
            </>
          ) : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

function partOf(field: string | undefined): "day" | "month" | "year" | undefined {
  const part = field?.split("-").pop();
  return part === "day" || part === "month" || part === "year" ? part : undefined;
}
