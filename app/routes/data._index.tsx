import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { listPublishedData } from "../services/open-data.server";

export const meta: MetaFunction = () => [{ title: "Open data – LocalTrust" }];

export async function loader() {
  const waves = await listPublishedData(getDb());
  return json({
    waves: waves.map((w) => ({
      slug: w.slug,
      title: w.meta.wave.title,
      opensOn: w.meta.wave.opensOn,
      closesOn: w.meta.wave.closesOn,
      councils: w.meta.councils,
      responses: w.meta.responses,
      publishedAt: w.meta.release.publishedAt,
      release: w.meta.release.seq,
      licence: w.meta.licence.title,
      licencePath: w.meta.licence.path,
    })),
  });
}

const dateOf = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : "not recorded";

export default function OpenData() {
  const { waves } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Open data</h1>
        <p className="govuk-body">
          The figures of every published wave of the survey, free to use and to check. Each council answers in confidence: only figures for groups of at least
          10 councils are published, never a council&apos;s own answers or anything written in its own words.
        </p>
        {waves.length === 0 ? (
          <p className="govuk-body">No wave has been published yet.</p>
        ) : (
          waves.map((w) => (
            <section key={w.slug} aria-labelledby={`wave-${w.slug}`}>
              <h2 className="govuk-heading-m" id={`wave-${w.slug}`}>
                <Link className="govuk-link" to={`/data/${encodeURIComponent(w.slug)}`}>
                  {w.title}
                </Link>
              </h2>
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Fieldwork</dt>
                  <dd className="govuk-summary-list__value">
                    {dateOf(w.opensOn)} to {dateOf(w.closesOn)}
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Councils</dt>
                  <dd className="govuk-summary-list__value">
                    {w.councils} asked{w.responses === null ? "" : `, ${w.responses} responded`}
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Released</dt>
                  <dd className="govuk-summary-list__value">
                    {dateOf(w.publishedAt)}
                    {w.release > 1 ? ` (revised: release ${w.release})` : ""}
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Licence</dt>
                  <dd className="govuk-summary-list__value">
                    <a className="govuk-link" href={w.licencePath} rel="license">
                      {w.licence}
                    </a>
                  </dd>
                </div>
              </dl>
            </section>
          ))
        )}
      </div>
    </div>
  );
}
