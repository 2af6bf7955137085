import { categoryLabel, type Comparator } from "../../domain/benchmark-figures";
import { formatValue, type BenchmarkReport, type ItemView } from "../../domain/benchmark-report";
import { DataTable } from "../charts/chart-figure";
import { Diamond, STRIP_COLOURS, scaleFor } from "./measure-strips";
import { TableScroll } from "../table-scroll";
import { TableHead } from "../table-head";

// The trust dumbbell, the item-by-item table and the trend of a council's benchmark report.

const value = (v: number | null) => (v === null ? "no value" : formatValue(v));

/** LTC against PCT for the council and for all councils' medians: a circle for trust in the centre, a square for feeling trusted. */
export function TrustDumbbell({ dumbbell, k }: { dumbbell: BenchmarkReport["dumbbell"]; k: number }) {
  const x = scaleFor(0, 100);
  // Wrapped in the caller's measure box (heading and sentence there).
  const rows = [
    { label: "Your council", ltc: dumbbell.own.LTC, pct: dumbbell.own.PCT },
    { label: "All councils (medians)", ltc: dumbbell.allMedians.LTC, pct: dumbbell.allMedians.PCT },
  ];
  return (
    <>
      <p className="govuk-body-s lt-strip-legend">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="6" fill={STRIP_COLOURS.median} />
        </svg>{" "}
        trusts central government (LTC){" "}
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="2" y="2" width="12" height="12" fill="#ffffff" stroke={STRIP_COLOURS.median} strokeWidth="2.5" />
        </svg>{" "}
        feels trusted by central government (PCT), both 0 to 100
      </p>
      <ul className="govuk-list lt-strips">
        {rows.map((row) => (
          <li key={row.label} className="lt-strip">
            <span className="govuk-body-s lt-strip__label">
              <strong>{row.label}</strong>: trusts {value(row.ltc)}, feels trusted {value(row.pct)}
              {row.ltc === null && row.label !== "Your council" ? <> – [c] fewer than {k} councils</> : null}
            </span>
            {row.ltc === null && row.pct === null ? null : (
              <svg
                viewBox="0 0 300 28"
                width="100%"
                className="lt-strip__svg"
                role="img"
                aria-label={`${row.label}: trusts central government ${value(row.ltc)}, feels trusted by it ${value(row.pct)}`}
              >
                <line x1={8} x2={292} y1={14} y2={14} stroke={STRIP_COLOURS.band} strokeWidth={1} />
                {row.ltc !== null && row.pct !== null ? (
                  <line x1={x(row.ltc)} x2={x(row.pct)} y1={14} y2={14} stroke={STRIP_COLOURS.track} strokeWidth={4} />
                ) : null}
                {row.pct !== null ? (
                  <rect x={x(row.pct) - 6} y={8} width={12} height={12} fill="#ffffff" stroke={STRIP_COLOURS.median} strokeWidth={2.5} />
                ) : null}
                {row.ltc !== null ? <circle cx={x(row.ltc)} cy={14} r={6.5} fill={STRIP_COLOURS.median} /> : null}
              </svg>
            )}
          </li>
        ))}
      </ul>
      <div className="lt-strip__axis govuk-body-s" aria-hidden="true">
        <span>0</span>
        <span>50</span>
        <span>100</span>
      </div>
      <details className="govuk-details lt-no-print">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Show the data: trust in both directions</span>
        </summary>
        <div className="govuk-details__text">
          <DataTable
            caption="Trust in both directions (0 to 100)"
            head={["", "Trusts central government (LTC)", "Feels trusted by it (PCT)"]}
            rows={rows.map((r) => [r.label, value(r.ltc), value(r.pct)])}
          />
        </div>
      </details>
    </>
  );
}

function Distribution({ item, k }: { item: ItemView; k: number }) {
  const d = item.distribution;
  if (d.suppressed) return <>[c] fewer than {k} councils</>;
  return (
    <>
      {d.shares.map((share, index) => (
        <span key={share.category} className="lt-share">
          {index > 0 ? " · " : null}
          {share.category === item.ownCategory ? (
            <strong>{`${categoryLabel(share.category)} ${share.percent}%`}</strong>
          ) : (
            `${categoryLabel(share.category)} ${share.percent}%`
          )}
        </span>
      ))}
    </>
  );
}

/** Each L5 question: the council's answer beside all councils' percentages (bold: where its answer falls). */
export function ItemTable({ items, k }: { items: readonly ItemView[]; k: number }) {
  return (
    <TableScroll label="Answers question by question">
      <table className="govuk-table lt-report-items">
        <caption className="govuk-table__caption govuk-table__caption--s">
          Your council&apos;s answer and all councils&apos; answers, as percentages of those who did not answer &quot;Don&apos;t know&quot;
        </caption>
        <TableHead columns={["Question", "Your council", "All councils"]} />
        <tbody className="govuk-table__body">
          {items.map((item) => (
            <tr key={item.id} className="govuk-table__row">
              <th scope="row" className="govuk-table__header lt-report-items__question">
                <span className="lt-item-id">{item.id}</span> {item.text}
              </th>
              <td className="govuk-table__cell">{item.ownAnswer}</td>
              <td className="govuk-table__cell">
                <Distribution item={item} k={k} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const COMPARATOR_HEAD: Record<Comparator, string> = { all: "All councils", type: "Same type", region: "Same region or nation" };

/** The council's values across the published waves it answered, with each group's median. */
export function TrendTables({ report }: { report: BenchmarkReport }) {
  return (
    <>
      {report.trend.map((point) => (
        <div key={point.wave.slug} className="lt-trend-wave">
          <DataTable
            caption={`${point.wave.title}${point.questionsChanged ? " – the questions changed in this survey, so compare with earlier surveys with care" : ""}`}
            head={["Measure", "Your council", ...(["all", "type", "region"] as const).map((c) => `${COMPARATOR_HEAD[c]} median`)]}
            rows={report.measures.map((m) => {
              const cell = point.measures[m.code];
              return [
                m.info.title,
                value(cell.value),
                ...(["all", "type", "region"] as const).map((c) => (cell.medians[c] === null ? "[c]" : formatValue(cell.medians[c]!))),
              ];
            })}
          />
        </div>
      ))}
    </>
  );
}

export function MarkerDiamond() {
  return (
    <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true" focusable="false">
      <Diamond x={9} y={8} size={6} />
    </svg>
  );
}
