import type { ReactNode } from "react";
import { TableScroll } from "../table-scroll";

// Every chart: a heading, an SVG with <title> and <desc> (role="img", aria-labelledby), a text
// summary and the data as a table inside a GOV.UK details component. Server-rendered; no script.

export function ChartFigure({
  id,
  title,
  summary,
  width,
  height,
  children,
  table,
  headingLevel = 3,
}: {
  id: string;
  title: string;
  summary: string;
  width: number;
  height: number;
  children: ReactNode;
  table: ReactNode;
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="govuk-!-margin-bottom-8" data-chart={id}>
      <Heading className="govuk-heading-s" id={`${id}-heading`}>
        {title}
      </Heading>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width}px`, height: "auto", display: "block" }}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {children}
      </svg>
      <p className="govuk-body govuk-!-margin-top-2">{summary}</p>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Show the data: {title.charAt(0).toLowerCase() + title.slice(1)}</span>
        </summary>
        {/* The table (a DataTable) scrolls in its own focusable box, never the page (WCAG 1.4.10). */}
        <div className="govuk-details__text">{table}</div>
      </details>
    </div>
  );
}

export function DataTable({ caption, head, rows, numericFrom = 1 }: { caption: string; head: string[]; rows: ReactNode[][]; numericFrom?: number }) {
  return (
    <TableScroll label={caption}>
      <table className="govuk-table lt-numeric">
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((h, i) => (
              <th key={h} scope="col" className={`govuk-table__header${i >= numericFrom ? " govuk-table__header--numeric" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row, r) => (
            <tr key={r} className="govuk-table__row">
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="govuk-table__header">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={`govuk-table__cell${i >= numericFrom ? " govuk-table__cell--numeric" : ""}`}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A question in a table: its short label, its id and, below, the full wording as the respondent read it. */
export function ItemName({ itemId, short, text }: { itemId: string; short: string; text: string }) {
  return (
    <>
      {short} ({itemId})<span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular govuk-!-margin-bottom-0">{text}</span>
    </>
  );
}

/** Fills for five ordered categories: hatched on the low side, plain in the middle, solid/dotted on the high side, so position and pattern carry the meaning without colour. */
export const FIVE_FILLS = ["low2", "low1", "mid", "high1", "high2"] as const;

export function FivePatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern id={`${prefix}-low2`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#942514" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="1.5" />
      </pattern>
      <pattern id={`${prefix}-low1`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f6d7d2" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#942514" strokeWidth="1" />
      </pattern>
      <pattern id={`${prefix}-mid`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#d9dadb" />
      </pattern>
      <pattern id={`${prefix}-high1`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#d2e2f1" />
        <circle cx="3" cy="3" r="1.2" fill="#0b4c8c" />
      </pattern>
      <pattern id={`${prefix}-high2`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#0b4c8c" />
      </pattern>
    </defs>
  );
}

/** Props for a label readable on any fill: black text with a white halo. */
export const HALO = { fill: "#0b0c0c", stroke: "#ffffff", strokeWidth: 3, paintOrder: "stroke" } as const;
