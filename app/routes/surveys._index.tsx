import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "../components/format";
import { Tag } from "../components/tag";
import { getDb } from "../db.server";
import { requireCouncilRespondent } from "../services/auth.server";
import { listCouncilSurveys } from "../services/survey.server";
import { waitingForMyApproval } from "../services/team.server";
import { TableScroll } from "../components/table-scroll";
import { TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Your surveys – LocalTrust" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const [waves, waitingForApproval] = await Promise.all([listCouncilSurveys(getDb(), user), waitingForMyApproval(user)]);
  return json({ councilName: user.councilName, waves, waitingForApproval });
}

function responseStatus(wave: {
  responseStatus: string | null;
  submissionCount: number | null;
  sectionsCompleted: number | null;
  sectionsTotal: number | null;
}) {
  if (wave.responseStatus === "submitted") return (wave.submissionCount ?? 0) > 1 ? <Tag colour="purple">Amended</Tag> : <Tag colour="green">Submitted</Tag>;
  if (wave.responseStatus === "in_progress") {
    return (
      <>
        <Tag colour="blue">{(wave.submissionCount ?? 0) > 0 ? "Being amended" : "In progress"}</Tag>{" "}
        {wave.sectionsTotal !== null ? `${wave.sectionsCompleted} of ${wave.sectionsTotal} sections completed` : null}
      </>
    );
  }
  return <Tag colour="grey">Not started</Tag>;
}

export default function YourSurveys() {
  const { councilName, waves, waitingForApproval } = useLoaderData<typeof loader>();
  const open = waves.filter((w) => w.status === "open");
  const past = waves.filter((w) => w.status !== "open");
  return (
    <>
      {waitingForApproval > 0 ? (
        <div
          className="govuk-notification-banner"
          role="region"
          aria-labelledby="team-waiting-title"
          data-module="govuk-notification-banner"
          data-testid="team-waiting"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="team-waiting-title">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {waitingForApproval === 1 ? "1 person is" : `${waitingForApproval} people are`} waiting for your approval to join your council&apos;s team.{" "}
              <Link className="govuk-notification-banner__link" to="/team">
                Approve or refuse them
              </Link>
              .
            </p>
          </div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{councilName}</span>
      <h1 className="govuk-heading-l">Your surveys</h1>
      <h2 className="govuk-heading-m">Open now</h2>
      {open.length === 0 ? <p className="govuk-body">There is no survey open for your council at the moment.</p> : null}
      {open.map((wave) => (
        <div key={wave.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              <Link className="govuk-link" to={`/surveys/${wave.slug}`}>
                {wave.title}
              </Link>
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Status</dt>
                <dd className="govuk-summary-list__value">{responseStatus(wave)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Deadline</dt>
                <dd className="govuk-summary-list__value">{wave.closesOn ? formatDate(wave.closesOn) : "No deadline set"}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Last edited</dt>
                <dd className="govuk-summary-list__value">
                  {wave.updatedAt ? `${formatDateTime(wave.updatedAt)}${wave.updatedByName ? ` by ${wave.updatedByName}` : ""}` : "Not started yet"}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
      <h2 className="govuk-heading-m">Past surveys</h2>
      {past.length === 0 ? (
        <p className="govuk-body">Your council has no past surveys.</p>
      ) : (
        <TableScroll label={`Past surveys for ${councilName}`}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Past surveys for {councilName}</caption>
            <TableHead columns={["Survey", "Closed", "Your council’s response"]} />
            <tbody className="govuk-table__body">
              {past.map((wave) => (
                <tr key={wave.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/surveys/${wave.slug}`}>
                      {wave.title}
                    </Link>
                  </td>
                  {/* When the wave actually closed (migration 013), not its planned deadline. */}
                  <td className="govuk-table__cell">{wave.closedAt ? formatDate(wave.closedAt) : "Not recorded"}</td>
                  <td className="govuk-table__cell">
                    {responseStatus(wave)}
                    {wave.status === "published" && wave.responseStatus === "submitted" ? (
                      <>
                        <br />
                        <Link className="govuk-link" to={`/surveys/${wave.slug}/report`} reloadDocument>
                          Benchmark report<span className="govuk-visually-hidden">: {wave.title}</span>
                        </Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
