/** "Print or save as PDF": a button once JavaScript runs (public/init.js), otherwise how to print from the browser. */
export function PrintActions({ jsonHref }: { jsonHref: string | null }) {
  return (
    <div className="lt-no-print govuk-!-margin-bottom-6">
      <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" data-lt-print="print-hint" hidden>
        Print or save as PDF
      </button>
      <p className="govuk-body-s" id="print-hint">
        To print this report or save it as a PDF, use your browser&apos;s Print command (Ctrl+P, or ⌘P on a Mac); it prints on at most four A4 pages.
      </p>
      {jsonHref ? (
        <p className="govuk-body-s">
          <a className="govuk-link" href={jsonHref}>
            Download the figures as JSON
          </a>
        </p>
      ) : null}
    </div>
  );
}
