/** The link just made: emailed, or to copy by hand when there is no mail server. */
export function IssuedLinkPanel({ issued, what }: { issued: { link: string; emailed: boolean; email: string; expiresIn?: string }; what: string }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="issued-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="issued-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading lt-break-word">
          {issued.emailed ? `The ${what} will be emailed to ${issued.email}.` : `Copy this ${what} link and send it to ${issued.email}:`}
        </p>
        {issued.emailed ? null : (
          <p className="govuk-body">
            <code className="lt-issued-link" data-testid="issued-link">
              {issued.link}
            </code>
          </p>
        )}
        <p className="govuk-body">
          It works once and expires in {issued.expiresIn ?? "14 days"}.{issued.emailed ? "" : " It is not shown again."}
        </p>
      </div>
    </div>
  );
}
