import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – LocalTrust" }];

export default function AccessibilityStatement() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for LocalTrust</h1>
        <p className="govuk-body">
          This statement applies to LocalTrust, the survey service on which council IT managers answer the association&apos;s survey and association staff see
          its results. We want as many people as possible to be able to use it. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>navigate the whole service using speech recognition software</li>
          <li>listen to the whole service using a screen reader</li>
          <li>use the whole service with JavaScript switched off</li>
        </ul>
        <h2 className="govuk-heading-m">How we make it accessible</h2>
        <p className="govuk-body">
          Pages are built with GOV.UK Frontend components. Every question is its own group of options with a label; the 0 to 10 trust questions are 11 separate
          options rather than a slider, so they do not need dragging. Every chart has a text summary and a data table, and does not rely on colour alone. Every
          page is checked automatically against the Web Content Accessibility Guidelines (WCAG) version 2.2 A and AA rules each time the service is changed.
        </p>
        <h2 className="govuk-heading-m">Compliance status</h2>
        <p className="govuk-body">
          We aim for this service to be fully compliant with the{" "}
          <a className="govuk-link" href="https://www.w3.org/TR/WCAG22/">
            Web Content Accessibility Guidelines version 2.2
          </a>{" "}
          AA standard. Automated checks do not find every problem; we have not yet had an independent audit.
        </p>
        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem that is not listed here, or you need information in a different format, contact the association&apos;s survey team. We will
          reply within 5 working days.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
          Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Back to LocalTrust
          </Link>
        </p>
      </div>
    </div>
  );
}
