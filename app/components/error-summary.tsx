import { useEffect, useRef } from "react";

export interface FieldError {
  field: string;
  message: string;
}

/** GOV.UK error summary: "There is a problem", takes focus, links to each field. */
export function ErrorSummary({ errors }: { errors: readonly FieldError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.field + error.message}>
                <a href={`#${error.field}`}>{error.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

export function pageTitle(title: string, hasErrors: boolean): string {
  return `${hasErrors ? "Error: " : ""}${title} – LocalTrust`;
}

/**
 * The page's <title>, rendered by the page itself because Remix's meta function cannot see action
 * data: a page whose form has errors is titled "Error: …" (GOV.UK error summary pattern).
 */
export function PageTitle({ title, hasErrors = false }: { title: string; hasErrors?: boolean }) {
  return <title>{pageTitle(title, hasErrors)}</title>;
}
