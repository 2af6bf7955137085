import { scaleBand, scaleLinear } from "d3-scale";
import { ChartFigure, DataTable } from "./chart-figure";
import { formatStat } from "./format-stat";

const BANDS = [-100, -50, -25, -10, 0, 10, 25, 50, 100.0001];

function bandLabel(i: number) {
  const lo = BANDS[i] as number;
  const hi = Math.round(BANDS[i + 1] as number);
  return `${lo} to under ${hi === 100 ? "100 (incl.)" : hi}`;
}

function bandCounts(values: readonly number[]) {
  return BANDS.slice(0, -1).map((lo, i) => values.filter((v) => v >= lo && v < (BANDS[i + 1] as number)).length);
}

/** Every council's gap (LTC − PCT) as a bar from zero, sorted; councils are not named and the order is by size only. */
export function GapChart({ id, gaps }: { id: string; gaps: number[] }) {
  const width = 720;
  const height = 280;
  const top = 20;
  const bottom = 250;
  const left = 50;
  const x = scaleBand<number>().domain(gaps.map((_, i) => i)).range([left, width - 10]).padding(gaps.length > 100 ? 0 : 0.15);
  const y = scaleLinear().domain([-100, 100]).range([bottom, top]);
  const positive = gaps.filter((g) => g > 0).length;
  const negative = gaps.filter((g) => g < 0).length;
  const summary = `${gaps.length} councils, sorted from the most negative to the most positive gap: ${positive} trust the centre more than they feel trusted (bars above the line, solid), ${negative} the other way round (below the line, hatched), ${gaps.length - positive - negative} exactly even.`;
  return (
    <ChartFigure
      id={id}
      title="Trust gap of each council (LTC − PCT)"
      summary={summary}
      width={width}
      height={height}
      table={<DataTable caption="Councils by size of trust gap" head={["Gap (points)", "Councils"]} rows={bandCounts(gaps).map((n, i) => [bandLabel(i), String(n)])} />}
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
      {gaps.map((g, i) => (
        <rect key={i} x={x(i)} width={Math.max(1, x.bandwidth())} y={g >= 0 ? y(g) : y(0)} height={Math.max(g === 0 ? 1 : 0, Math.abs(y(g) - y(0)))} fill={g >= 0 ? "#0b4c8c" : `url(#${id}-neg)`} stroke={g < 0 ? "#942514" : "none"} strokeWidth={0.3} />
      ))}
    </ChartFigure>
  );
}

/** Pearson's r; null when undefined. */
function pearson(points: readonly [number, number][]): number | null {
  const n = points.length;
  if (n < 3) return null;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [a, b] of points) {
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** TECH (x) against GAP (y), one unnamed point per council. */
export function TechGapScatter({ id, points }: { id: string; points: [number, number][] }) {
  const width = 720;
  const height = 360;
  const left = 56;
  const right = width - 20;
  const top = 16;
  const bottom = height - 44;
  const x = scaleLinear().domain([0, 100]).range([left, right]);
  const y = scaleLinear().domain([-100, 100]).range([bottom, top]);
  const r = pearson(points);
  const summary = `${points.length} councils. Correlation between technology readiness and the trust gap: r = ${formatStat(r, 2)}${r === null ? "" : Math.abs(r) < 0.2 ? " (little or no linear relation)" : r > 0 ? " (councils further on with technology tend to have a larger gap)" : " (councils further on with technology tend to have a smaller gap)"}.`;
  const quarters = [0, 25, 50, 75].map((lo) => {
    const inBand = points.filter(([t]) => t >= lo && (lo === 75 ? t <= 100 : t < lo + 25));
    return [`${lo} to ${lo === 75 ? "100" : `under ${lo + 25}`}`, String(inBand.length), inBand.length >= 5 ? formatStat(inBand.reduce((s, p) => s + p[1], 0) / inBand.length) : "[c]"];
  });
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
      {points.map(([t, g], i) => (
        <circle key={i} cx={x(t)} cy={y(g)} r={4} fill="#1d70b8" fillOpacity={0.55} stroke="#0b0c0c" strokeWidth={0.6} />
      ))}
    </ChartFigure>
  );
}
