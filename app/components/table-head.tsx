import type { ReactNode } from "react";

/** A column heading: its text, or its text and whether it holds numbers (right-aligned, as GOV.UK numeric columns are). */
export type Column = string | { label: ReactNode; numeric?: boolean; key?: string };

const labelOf = (column: Column) => (typeof column === "string" ? column : column.label);
const keyOf = (column: Column, i: number) => (typeof column === "string" ? column : (column.key ?? String(i)));

/** The head of a GOV.UK table: one row of column headings. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column, i) => (
          <th
            key={keyOf(column, i)}
            scope="col"
            className={typeof column !== "string" && column.numeric ? "govuk-table__header govuk-table__header--numeric" : "govuk-table__header"}
          >
            {labelOf(column)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The one row of a filtered table that matched nothing: says so across every column. */
export function NoRowsRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr className="govuk-table__row">
      <td className="govuk-table__cell" colSpan={columns}>
        {children}
      </td>
    </tr>
  );
}
