import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../components/format";
import { WaveStatusTag } from "../components/tag";
import { getDb } from "../db.server";
import { allowedActions } from "../domain/wave-lifecycle";
import { requireAdmin } from "../services/auth.server";
import { listWaves } from "../services/waves.server";
import { TableScroll } from "../components/table-scroll";
import { TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Manage waves – LocalTrust" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const waves = await listWaves(getDb());
  return json({
    waves: waves.map((w) => ({
      slug: w.slug,
      title: w.title,
      status: w.status,
      opensOn: w.opens_on,
      closesOn: w.closes_on,
      instrumentVersion: w.instrument_version,
      submitted: w.submitted,
      next: allowedActions(w.status),
    })),
  });
}

const ACTION_WORDS = { open: "Open", close: "Close", reopen: "Reopen", publish: "Publish" } as const;

export default function ManageWaves() {
  const { waves } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Manage waves</h1>
      <p className="govuk-body">Create a wave as a draft, open it to councils, close it at the deadline and publish it when the results are ready.</p>
      <Link className="govuk-button" data-module="govuk-button" to="/admin/waves/new">
        Create a wave
      </Link>
      <TableScroll label="All waves">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">All waves</caption>
          <TableHead columns={["Wave", "Status", "Opens", "Deadline", { label: "Submitted", numeric: true }, "Next steps"]} />
          <tbody className="govuk-table__body">
            {waves.map((wave) => {
              return (
                <tr key={wave.slug} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/admin/waves/${encodeURIComponent(wave.slug)}`}>
                      {wave.title}
                      <span className="govuk-visually-hidden">: manage</span>
                    </Link>
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{wave.slug}</span>
                  </th>
                  <td className="govuk-table__cell">
                    <WaveStatusTag status={wave.status} />
                  </td>
                  <td className="govuk-table__cell">{formatDate(wave.opensOn)}</td>
                  <td className="govuk-table__cell">{formatDate(wave.closesOn)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{wave.submitted}</td>
                  <td className="govuk-table__cell">
                    {wave.next.length > 0 ? wave.next.map((a) => ACTION_WORDS[a]).join(" or ") : "None: a published wave is final"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
