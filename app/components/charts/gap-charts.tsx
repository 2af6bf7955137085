import { scaleBand, scaleLinear } from "d3-scale";
import { ChartFigure, DataTable } from "./chart-figure";
import { formatCount } from "../format";
import { formatStat } from "./format-stat";
import { SCATTER_GAP_STEP, SCATTER_TECH_STEP, type GapChartData, type TechGapData } from "../../domain/chart-data";

/** Every council's gap (LTC − PCT) as a bar from zero, sorted; councils are not named and the order is by size only. */
export function GapChart({ id, data }: { id: string; data: GapChartData }) {
  const width = 720;
  const height = 280;
  const top = 20;
  const bottom = 250;
  const left = 50;
  const { bars } = data;
  const x = scaleBand<number>().domain(bars.map((_, i) => i)).range([left, width - 10]).padding(bars.length > 100 ? 0 : 0.15);
  const y = scaleLinear().domain([-100, 100]).range([bottom, top]);
  const runs = data.councilsPerBar === 1 ? "" : ` Each bar is the median gap of a run of about ${formatCount(data.councilsPerBar)} councils in that order.`;
  const summary = `${formatCount(data.councils)} councils, sorted from the most negative to the most positive gap: ${formatCount(data.positive)} trust the centre more than they feel trusted (bars above the line, solid), ${formatCount(data.negative)} the other way round (below the line, hatched), ${formatCount(data.even)} exactly even.${runs}`;
  return (
    <ChartFigure
      id={id}
      title="Trust gap of each council (LTC − PCT)"
      summary={summary}
      width={width}
      height={height}
      table={<DataTable caption="Councils by size of trust gap" head={["Gap (points)", "Councils"]} rows={data.bands.map((b) => [b.label, formatCount(b.councils)])} />}
    >
      <defs>
        <pattern id={`${id}-neg`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" fill="#f6d7d2" />
          <line x1="0" y1="0" x2="0" y2="5" stroke="#942514" strokeWidth="1.5" />
        </pattern>
      </defs>
      {[-100, -50, 0, 50, 100].map((t) => (
        <g key={t}>
          <line x1={left} x2={width - 10} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#0b0c0c" : "#b1b4b6"} strokeDasharray={t === 0 ? undefined : "2 3"} />
          <text x={left - 6} y={y(t) + 4} fontSize={11} textAnchor="end" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      {bars.map((g, i) => (
        <rect key={i} x={x(i)} width={Math.max(1, x.bandwidth())} y={g >= 0 ? y(g) : y(0)} height={Math.max(g === 0 ? 1 : 0, Math.abs(y(g) - y(0)))} fill={g >= 0 ? "#0b4c8c" : `url(#${id}-neg)`} stroke={g < 0 ? "#942514" : "none"} strokeWidth={0.3} />
      ))}
    </ChartFigure>
  );
}

/** TECH (x) against GAP (y): one unnamed point per council, or counted grid cells for a large wave. */
export function TechGapScatter({ id, data }: { id: string; data: TechGapData }) {
  const width = 720;
  const height = 360;
  const left = 56;
  const right = width - 20;
  const top = 16;
  const bottom = height - 44;
  const x = scaleLinear().domain([0, 100]).range([left, right]);
  const y = scaleLinear().domain([-100, 100]).range([bottom, top]);
  const { r, marks } = data;
  const binned = marks.kind === "cells" ? ` Too many councils to draw one by one: each square covers ${SCATTER_TECH_STEP} TECH points by ${SCATTER_GAP_STEP} GAP points and is darker the more councils it holds (up to ${formatCount(marks.maxCouncils)}).` : "";
  const summary = `${formatCount(data.councils)} councils. Correlation between technology readiness and the trust gap: r = ${formatStat(r, 2)}${r === null ? "" : Math.abs(r) < 0.2 ? " (little or no linear relation)" : r > 0 ? " (councils further on with technology tend to have a larger gap)" : " (councils further on with technology tend to have a smaller gap)"}.${binned}`;
  const quarters = data.quarters.map((q) => [q.label, formatCount(q.councils), q.meanGap === null ? "[c]" : formatStat(q.meanGap)]);
  return (
    <ChartFigure
      id={id}
      title="Technology readiness (TECH) against the trust gap (GAP)"
      summary={summary}
      width={width}
      height={height}
      table={<DataTable caption="Mean trust gap by technology readiness" head={["TECH score", "Councils", "Mean GAP"]} rows={quarters} />}
    >
      {[0, 25, 50, 75, 100].map((t) => (
        <g key={`x${t}`}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={bottom} stroke="#dddddd" />
          <text x={x(t)} y={bottom + 16} fontSize={11} textAnchor="middle" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      {[-100, -50, 0, 50, 100].map((t) => (
        <g key={`y${t}`}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#0b0c0c" : "#dddddd"} />
          <text x={left - 6} y={y(t) + 4} fontSize={11} textAnchor="end" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      <text x={(left + right) / 2} y={height - 6} fontSize={12} textAnchor="middle" fill="#0b0c0c">
        TECH: technology readiness (0–100)
      </text>
      <text x={14} y={(top + bottom) / 2} fontSize={12} textAnchor="middle" fill="#0b0c0c" transform={`rotate(-90 14 ${(top + bottom) / 2})`}>
        GAP: LTC − PCT
      </text>
      {marks.kind === "points"
        ? marks.points.map(([t, g], i) => <circle key={i} cx={x(t)} cy={y(g)} r={4} fill="#1d70b8" fillOpacity={0.55} stroke="#0b0c0c" strokeWidth={0.6} />)
        : marks.cells.map((c) => (
            <rect
              key={`${c.tech}:${c.gap}`}
              x={x(c.tech)}
              y={y(c.gap + SCATTER_GAP_STEP)}
              width={x(c.tech + SCATTER_TECH_STEP) - x(c.tech)}
              height={y(c.gap) - y(c.gap + SCATTER_GAP_STEP)}
              fill="#1d70b8"
              fillOpacity={0.15 + 0.85 * Math.sqrt(c.councils / marks.maxCouncils)}
              stroke="#0b0c0c"
              strokeWidth={0.3}
            />
          ))}
    </ChartFigure>
  );
}
