import { scaleLinear } from "d3-scale";
import { ChartFigure, DataTable } from "./chart-figure";
import { formatCount } from "../format";
import { formatStat } from "./format-stat";
import type { MergedBin, SnapshotGapChart, SnapshotTechGap } from "../../domain/chart-data";

// The trust-gap charts draw bins of councils, never a council: each bin holds none or at least k
// councils (smaller bins are merged with a neighbour on the server, app/domain/chart-data.ts).

export const binLabel = (b: MergedBin, last: boolean) => `${b.lo} to ${last ? `${b.hi} (incl.)` : `under ${b.hi}`}`;

/** How many councils' gaps (LTC − PCT) fall in each band, as a histogram from −100 to 100. */
export function GapChart({ id, data }: { id: string; data: SnapshotGapChart }) {
  const width = 720;
  const height = 260;
  const top = 20;
  const bottom = 220;
  const left = 50;
  const right = width - 10;
  const x = scaleLinear().domain([-100, 100]).range([left, right]);
  // Bars are drawn as density (councils per 10 points), so a wide merged band is not drawn taller than it is.
  const density = (b: MergedBin) => (b.councils * 10) / Math.max(1, b.hi - b.lo);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...data.bands.map(density))])
    .range([bottom, top]);
  const split =
    data.positive === null || data.negative === null || data.even === null
      ? " How many are above, below and at zero is withheld: one of those groups is too small to show."
      : ` ${formatCount(data.positive)} trust the centre more than they feel trusted, ${formatCount(data.negative)} the other way round, ${formatCount(data.even)} exactly even.`;
  const summary = `${formatCount(data.councils)} councils by the size of their trust gap, in bands.${split}`;
  return (
    <ChartFigure
      id={id}
      title="Councils by trust gap (LTC − PCT)"
      summary={summary}
      width={width}
      height={height}
      table={
        <DataTable
          caption="Councils by size of trust gap"
          head={["Gap (points)", "Councils"]}
          rows={data.bands.map((b, i) => [binLabel(b, i === data.bands.length - 1), formatCount(b.councils)])}
        />
      }
    >
      {[-100, -50, 0, 50, 100].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={bottom} stroke={t === 0 ? "#0b0c0c" : "#dddddd"} />
          <text x={x(t)} y={bottom + 16} fontSize={11} textAnchor="middle" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      {data.bands.map((b) => (
        <rect
          key={b.lo}
          x={x(b.lo) + 1}
          width={Math.max(1, x(b.hi) - x(b.lo) - 2)}
          y={y(density(b))}
          height={bottom - y(density(b))}
          fill={b.hi <= 0 ? "#942514" : "#0b4c8c"}
        />
      ))}
      <text x={(left + right) / 2} y={height - 4} fontSize={12} textAnchor="middle" fill="#0b0c0c">
        GAP: LTC − PCT (bar height: councils per 10 points)
      </text>
    </ChartFigure>
  );
}

/** Mean trust gap in each band of technology readiness (bands of at least k councils). */
export function TechGapBands({ id, data }: { id: string; data: SnapshotTechGap }) {
  const width = 720;
  const height = 240;
  const left = 56;
  const right = width - 20;
  const top = 16;
  const bottom = height - 44;
  const x = scaleLinear().domain([0, 100]).range([left, right]);
  const y = scaleLinear().domain([-50, 50]).range([bottom, top]).clamp(true);
  const { r } = data;
  const summary = `${formatCount(data.councils)} councils. Correlation between technology readiness and the trust gap: r = ${formatStat(r, 2)}${r === null ? "" : Math.abs(r) < 0.2 ? " (little or no linear relation)" : r > 0 ? " (councils further on with technology tend to have a larger gap)" : " (councils further on with technology tend to have a smaller gap)"}.`;
  const rows = data.bands.map((b, i) => [
    binLabel(b, i === data.bands.length - 1),
    formatCount(b.councils),
    b.meanGap === null ? "[c]" : formatStat(b.meanGap),
  ]);
  return (
    <ChartFigure
      id={id}
      title="Mean trust gap (GAP) by technology readiness (TECH)"
      summary={summary}
      width={width}
      height={height}
      table={<DataTable caption="Mean trust gap by technology readiness" head={["TECH score", "Councils", "Mean GAP"]} rows={rows} />}
    >
      {[0, 25, 50, 75, 100].map((t) => (
        <text key={`x${t}`} x={x(t)} y={bottom + 16} fontSize={11} textAnchor="middle" fill="#505a5f">
          {t}
        </text>
      ))}
      {[-50, 0, 50].map((t) => (
        <g key={`y${t}`}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#0b0c0c" : "#dddddd"} />
          <text x={left - 6} y={y(t) + 4} fontSize={11} textAnchor="end" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      {data.bands.map((b) =>
        b.meanGap === null ? null : (
          <rect
            key={b.lo}
            x={x(b.lo) + 2}
            width={Math.max(1, x(b.hi) - x(b.lo) - 4)}
            y={Math.min(y(b.meanGap), y(0))}
            height={Math.max(1, Math.abs(y(b.meanGap) - y(0)))}
            fill="#1d70b8"
          />
        ),
      )}
      <text x={(left + right) / 2} y={height - 6} fontSize={12} textAnchor="middle" fill="#0b0c0c">
        TECH: technology readiness (0–100); bar: mean GAP of the band
      </text>
    </ChartFigure>
  );
}
