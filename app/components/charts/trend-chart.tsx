import { scaleLinear, scalePoint } from "d3-scale";
import { line, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolTriangle } from "d3-shape";
import { placeLabels } from "../../domain/label-placement";
import { ChartFigure, DataTable, HALO } from "./chart-figure";
import { formatStat } from "./format-stat";

export interface TrendSeries {
  code: string;
  title: string;
  /** One value per wave, null where suppressed or missing. */
  values: (number | null)[];
}

const SYMBOLS = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross];
const DASHES = [undefined, "6 3", "2 3", "8 3 2 3", "1 2"];
const COLOURS = ["#1d70b8", "#942514", "#00703c", "#4c2c92", "#505a5f"];
const LABEL_FONT = 11;
/** The label's line height: labels are placed at least this far apart (app/domain/label-placement.ts). */
const LABEL_GAP = 14;

/** Index means across waves: one line per index, each with its own marker, dash and end label. */
export function TrendChart({ id, waves, series }: { id: string; waves: string[]; series: TrendSeries[] }) {
  const width = 720;
  const height = 300;
  const left = 44;
  const right = width - 110;
  const top = 16;
  const bottom = height - 36;
  const x = scalePoint<string>()
    .domain(waves)
    .range([left, right])
    .padding(waves.length === 1 ? 0.5 : 0.1);
  const y = scaleLinear().domain([0, 100]).range([bottom, top]);
  // End labels sit in one column right of the last wave, moved apart where values are close, with
  // a leader line from the line's last point when a label had to move.
  const ends = series.map((s) => {
    const last = s.values.map((v, j) => (v === null ? -1 : j)).reduce((a, b) => Math.max(a, b), -1);
    return last < 0 ? null : { x: x(waves[last] as string) ?? 0, y: y(s.values[last] as number), value: s.values[last] as number };
  });
  const shownEnds = ends.flatMap((e, i) => (e ? [{ i, y: e.y }] : []));
  const placed = placeLabels(
    shownEnds.map((e) => e.y),
    { gap: LABEL_GAP, top: top + LABEL_GAP / 2, bottom: bottom - LABEL_GAP / 2 },
  );
  const labelY = new Map(shownEnds.map((e, j) => [e.i, placed[j] as number]));
  const labelX = right + 14;
  const summary =
    waves.length < 2
      ? `Only one wave so far (${waves[0] ?? ""}); trends appear once there are two.`
      : `Index means in each wave from ${waves[0]} to ${waves[waves.length - 1]}. ${series
          .map((s) => {
            const known = s.values.filter((v): v is number => v !== null);
            return known.length >= 2
              ? `${s.title}: ${formatStat(known[0])} to ${formatStat(known[known.length - 1])}`
              : `${s.title}: not enough waves to compare`;
          })
          .join("; ")}. Waves with fewer than 5 responses are left out.`;
  return (
    <ChartFigure
      id={id}
      title="Index means across waves"
      summary={summary}
      width={width}
      height={height}
      table={
        <DataTable
          caption="Index mean by wave"
          head={["Index", ...waves]}
          rows={series.map((s) => [s.title, ...s.values.map((v) => (v === null ? "[c]" : formatStat(v)))])}
        />
      }
    >
      {[0, 25, 50, 75, 100].map((t) => (
        <g key={t}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} stroke="#dddddd" />
          <text x={left - 6} y={y(t) + 4} fontSize={11} textAnchor="end" fill="#505a5f">
            {t}
          </text>
        </g>
      ))}
      {waves.map((w) => (
        <text key={w} x={x(w)} y={bottom + 18} fontSize={11} textAnchor="middle" fill="#0b0c0c">
          {w}
        </text>
      ))}
      {series.map((s, i) => {
        const path = line<number | null>()
          .defined((v) => v !== null)
          .x((_, j) => x(waves[j] as string) ?? 0)
          .y((v) => y(v ?? 0))(s.values);
        const end = ends[i];
        const ly = labelY.get(i);
        const marker = symbol(SYMBOLS[i % SYMBOLS.length], 60)() ?? "";
        return (
          <g key={s.code}>
            {path ? <path d={path} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length]} /> : null}
            {s.values.map((v, j) =>
              v === null ? null : (
                <path
                  key={j}
                  d={marker}
                  transform={`translate(${x(waves[j] as string) ?? 0},${y(v)})`}
                  fill={COLOURS[i % COLOURS.length]}
                  stroke="#0b0c0c"
                  strokeWidth={0.5}
                />
              ),
            )}
            {end && ly !== undefined ? (
              <>
                <line x1={end.x + 5} y1={end.y} x2={labelX - 3} y2={ly} stroke={COLOURS[i % COLOURS.length]} strokeWidth={1} />
                <text x={labelX} y={ly + LABEL_FONT / 2 - 1} fontSize={LABEL_FONT} {...HALO} data-end-label={s.code}>
                  {s.code} {formatStat(end.value)}
                </text>
              </>
            ) : null}
          </g>
        );
      })}
    </ChartFigure>
  );
}
