import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatPercent } from "../components/format";
import { WaveStatusTag } from "../components/tag";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { listWaves } from "../services/waves.server";
import { TableScroll } from "../components/table-scroll";
import { TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Survey waves – LocalTrust" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return json({ waves: await listWaves(getDb()) });
}

export default function Waves() {
  const { waves } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Survey waves</h1>
      <p className="govuk-body">Each wave is one round of the survey sent to every member council.</p>
      <TableScroll label="All waves">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">All waves</caption>
          <TableHead
            columns={[
              "Wave",
              "Status",
              "Opens",
              "Closes",
              { label: "Submitted", numeric: true },
              { label: "In progress", numeric: true },
              { label: "Response rate", numeric: true },
            ]}
          />
          <tbody className="govuk-table__body">
            {waves.map((wave) => {
              return (
                <tr key={wave.id} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/waves/${encodeURIComponent(wave.slug)}`}>
                      {wave.title}
                    </Link>
                  </th>
                  <td className="govuk-table__cell">
                    <WaveStatusTag status={wave.status} />
                  </td>
                  <td className="govuk-table__cell">{formatDate(wave.opens_on)}</td>
                  <td className="govuk-table__cell">{formatDate(wave.closes_on)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{wave.submitted}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{wave.inProgress}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPercent(wave.submitted, wave.population)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
