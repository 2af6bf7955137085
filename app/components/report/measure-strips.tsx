import { BAND_WORDS } from "../../domain/benchmark-figures";
import { formatValue, type MeasureView } from "../../domain/benchmark-report";
import { DataTable } from "../charts/chart-figure";

// One measure: a strip per comparator group showing the group's middle half (Q1–Q3), its median
// and the council's marker, with n and the band in words beside it, then the data as a table.
// Neutral colours: for these measures higher is neither good nor bad. Server-rendered SVG.

const WIDTH = 300;
const HEIGHT = 28;
const PAD = 8;

export const STRIP_COLOURS = { track: "#505a5f", band: "#b1b4b6", bandEdge: "#505a5f", median: "#0b0c0c", marker: "#1d70b8", markerEdge: "#0b0c0c" } as const;

export function scaleFor(min: number, max: number) {
  return (value: number) => PAD + ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * (WIDTH - 2 * PAD);
}

/** The council's marker: a diamond, so it does not rely on colour. */
export function Diamond({ x, y, size = 7 }: { x: number; y: number; size?: number }) {
  return (
    <path
      d={`M ${x} ${y - size} L ${x + size} ${y} L ${x} ${y + size} L ${x - size} ${y} Z`}
      fill={STRIP_COLOURS.marker}
      stroke={STRIP_COLOURS.markerEdge}
      strokeWidth={1.5}
    />
  );
}

function Strip({
  q1,
  median,
  q3,
  value,
  min,
  max,
  label,
}: {
  q1: number;
  median: number;
  q3: number;
  value: number | null;
  min: number;
  max: number;
  label: string;
}) {
  const x = scaleFor(min, max);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" className="lt-strip__svg" role="img" aria-label={label}>
      <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke={STRIP_COLOURS.track} strokeWidth={1} />
      <rect x={x(q1)} y={5} width={Math.max(1, x(q3) - x(q1))} height={HEIGHT - 10} fill={STRIP_COLOURS.band} stroke={STRIP_COLOURS.bandEdge} strokeWidth={1} />
      <line x1={x(median)} x2={x(median)} y1={3} y2={HEIGHT - 3} stroke={STRIP_COLOURS.median} strokeWidth={3} />
      {value === null ? null : <Diamond x={x(value)} y={HEIGHT / 2} />}
    </svg>
  );
}

export function MeasureStrips({ measure, k }: { measure: MeasureView; k: number }) {
  const { info, value, groups } = measure;
  const headingId = `measure-${measure.code}`;
  return (
    <div className="lt-measure" data-measure={measure.code}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={headingId}>
        {info.title}
      </h3>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        Your council: <strong>{value === null ? "no value" : formatValue(value)}</strong> ({formatValue(info.min)} to {formatValue(info.max)}; higher means{" "}
        {info.higherMeans})
      </p>
      <ul className="govuk-list lt-strips" aria-labelledby={headingId}>
        {groups.map((group) => (
          <li key={group.comparator} className="lt-strip">
            <span className="govuk-body-s lt-strip__label">
              <strong>{group.label}</strong>
              {group.cell.suppressed ? (
                <> – [c] fewer than {k} councils</>
              ) : (
                <>
                  {" "}
                  (n = {group.cell.n}){group.cell.band ? <> – your council: {BAND_WORDS[group.cell.band]}</> : null}
                </>
              )}
            </span>
            {group.cell.suppressed ? null : (
              <Strip
                q1={group.cell.q1}
                median={group.cell.median}
                q3={group.cell.q3}
                value={value}
                min={info.min}
                max={info.max}
                label={`${group.label}: middle half ${formatValue(group.cell.q1)} to ${formatValue(group.cell.q3)}, median ${formatValue(group.cell.median)}${value === null ? "" : `; your council ${formatValue(value)}`}`}
              />
            )}
          </li>
        ))}
      </ul>
      <div className="lt-strip__axis govuk-body-s" aria-hidden="true">
        <span>{formatValue(info.min)}</span>
        <span>{formatValue((info.min + info.max) / 2)}</span>
        <span>{formatValue(info.max)}</span>
      </div>
      <p className="govuk-body-s lt-measure__reading">{measure.reading}</p>
      <details className="govuk-details lt-no-print">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Show the data: {info.title.charAt(0).toLowerCase() + info.title.slice(1)}</span>
        </summary>
        <div className="govuk-details__text">
          <DataTable
            caption={`${info.title}: your council ${value === null ? "has no value" : formatValue(value)}`}
            head={["Group", "n", "Q1", "Median", "Q3", "Your council"]}
            rows={groups.map((g) =>
              g.cell.suppressed
                ? [g.label, "[c]", "[c]", "[c]", "[c]", `fewer than ${k} councils`]
                : [
                    g.label,
                    String(g.cell.n),
                    formatValue(g.cell.q1),
                    formatValue(g.cell.median),
                    formatValue(g.cell.q3),
                    g.cell.band ? BAND_WORDS[g.cell.band] : "no value",
                  ],
            )}
          />
        </div>
      </details>
    </div>
  );
}

export function StripLegend() {
  return (
    <p className="govuk-body-s lt-strip-legend">
      <svg width="34" height="16" viewBox="0 0 34 16" aria-hidden="true" focusable="false">
        <rect x="1" y="3" width="32" height="10" fill={STRIP_COLOURS.band} stroke={STRIP_COLOURS.bandEdge} />
      </svg>{" "}
      middle half of the group (Q1 to Q3){" "}
      <svg width="10" height="16" viewBox="0 0 10 16" aria-hidden="true" focusable="false">
        <line x1="5" x2="5" y1="1" y2="15" stroke={STRIP_COLOURS.median} strokeWidth="3" />
      </svg>{" "}
      median{" "}
      <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true" focusable="false">
        <Diamond x={9} y={8} size={6} />
      </svg>{" "}
      your council
    </p>
  );
}
