import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { councilTypeLabel } from "../domain/council-types";
import { formatDateTime } from "../components/format";
import { Tag } from "../components/tag";
import { NO_RESPONSE_HINT, NO_RESPONSE_STATUSES, RESPONSE_PROGRESS_LABELS, TRACKER_STATUSES, TRACKER_STATUS_LABELS, type TrackerStatus } from "../domain/tracker-status";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { loadTracker } from "../services/waves.server";
import { TableScroll } from "../components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Response tracker${data ? `: ${data.wave.title}` : ""} – LocalTrust` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { wave, rows } = await loadTracker(getDb(), params.slug);
  return json({ wave: { slug: wave.slug, title: wave.title }, rows }, { headers: { "Cache-Control": "private, no-store" } });
}

const COLOURS: Record<TrackerStatus, "grey" | "blue" | "yellow" | "green" | "purple"> = {
  "not-invited": "grey",
  invited: "purple",
  "not-started": "yellow",
  "in-progress": "blue",
  submitted: "green",
};

export default function Tracker() {
  const { wave, rows } = useLoaderData<typeof loader>();
  const base = `/waves/${encodeURIComponent(wave.slug)}`;
  return (
    <>
      <Link to={base} className="govuk-back-link">
        Wave results
      </Link>
      <span className="govuk-caption-l">{wave.title}</span>
      <h1 className="govuk-heading-l">Response tracker</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/tracker.csv`} download>
          Download the chase list (CSV): councils that have not submitted
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
              <td className="govuk-table__cell govuk-table__cell--numeric">{rows.filter((r) => r.status === s).length}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              {RESPONSE_PROGRESS_LABELS.noResponse} ({NO_RESPONSE_HINT.toLowerCase()})
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{rows.filter((r) => NO_RESPONSE_STATUSES.includes(r.status)).length}</td>
          </tr>
        </tbody>
      </table>
      <TableScroll label="Every active council">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Every active council</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Council</th>
              <th scope="col" className="govuk-table__header">Type</th>
              <th scope="col" className="govuk-table__header">Region</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Last activity</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.councilId}>
                <th scope="row" className="govuk-table__header">{r.name}</th>
                <td className="govuk-table__cell">{councilTypeLabel(r.type)}</td>
                <td className="govuk-table__cell">{r.region}</td>
                <td className="govuk-table__cell">
                  <Tag colour={COLOURS[r.status]}>{TRACKER_STATUS_LABELS[r.status]}</Tag>
                </td>
                <td className="govuk-table__cell">{r.lastActivity ? formatDateTime(r.lastActivity) : "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
