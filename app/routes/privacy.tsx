import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy notice – LocalTrust" }];

export default function PrivacyNotice() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          LocalTrust is run by the association of council IT managers. This notice explains what we hold about you when you use it, why, and for how long.
        </p>
        <h2 className="govuk-heading-m">What we hold</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name, work email address, your role and the council you answer for</li>
          <li>a secure hash of your password (never the password itself)</li>
          <li>your council&apos;s answers to the survey, who saved them and when</li>
          <li>a record of sign-ins, changes and exports, with the network address they came from, to keep the service secure</li>
        </ul>
        <h2 className="govuk-heading-m">How answers are used</h2>
        <p className="govuk-body">
          The council is the unit of confidentiality. Your council&apos;s answers are seen only by people from your council and by the association staff who run
          the survey. Everyone else sees only figures for groups of at least 5 councils (association staff) or at least 10 councils (benchmark reports and
          anything published). Free-text answers are never shown in aggregate results.
        </p>
        <h2 className="govuk-heading-m">Cookies</h2>
        <p className="govuk-body">
          LocalTrust sets one cookie, which keeps you signed in. It is essential, so we do not ask for consent. It expires when you sign out, after 30 minutes
          without activity, or after 12 hours at most. We do not use analytics or advertising cookies.
        </p>
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Survey answers are kept for as long as the association runs the survey, so that waves can be compared over time. Accounts that are disabled keep their
          name in the audit record of what they changed. The security record is kept for 2 years.
        </p>
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can ask to see the information we hold about you, to correct it, or to have it deleted where the law allows, by contacting the association. You
          can complain to the Information Commissioner&apos;s Office.
        </p>
      </div>
    </div>
  );
}
