import { scaleLinear } from "d3-scale";
import { max } from "d3-array";
import { ChartFigure, DataTable, HALO } from "./chart-figure";
import { formatInterval, formatStat } from "./format-stat";
import { largestBinWords, type MergedBin } from "../../domain/chart-data";

export interface MeanRow {
  code: string;
  title: string;
  /** null when suppressed. */
  figures: { n: number; mean: number | null; ci95: [number, number] | null } | null;
}

/** Each index's mean as a dot with its 95% interval as a line, on the common 0–100 scale (or another scale, for gaps). */
export function MeanIntervalChart({
  id,
  rows,
  title = "Index means with 95% confidence intervals",
  domain = [0, 100],
  k = 5,
}: {
  id: string;
  rows: MeanRow[];
  title?: string;
  domain?: [number, number];
  /** The audience's threshold, named where a figure is withheld. */
  k?: number;
}) {
  const width = 720;
  const left = 90;
  const right = 620;
  const rowH = 34;
  const height = 40 + rows.length * rowH + 24;
  const x = scaleLinear().domain(domain).range([left, right]);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => domain[0] + t * (domain[1] - domain[0]));
  const shown = rows.filter((r) => r.figures?.mean !== null && r.figures?.mean !== undefined);
  const summary =
    shown.length === 0
      ? "No figure has enough responses to show."
      : `Means on a ${formatStat(domain[0], 0)} to ${formatStat(domain[1], 0)} scale with 95% confidence intervals: ${shown.map((r) => `${r.title} ${formatStat(r.figures?.mean)}`).join(", ")}.`;
  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      width={width}
      height={height}
      table={
        <DataTable
          caption="Index means"
          head={["Index", "Responses", "Mean", "95% interval"]}
          rows={rows.map((r) => [
            r.title,
            r.figures ? String(r.figures.n) : "[c]",
            r.figures ? formatStat(r.figures.mean) : "[c]",
            r.figures ? formatInterval(r.figures.ci95) : "[c]",
          ])}
        />
      }
    >
      {ticks.map((t, i) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={24} y2={height - 24} stroke="#b1b4b6" strokeDasharray={i === 2 ? undefined : "2 3"} />
          <text x={x(t)} y={height - 8} fontSize={11} textAnchor="middle" fill="#505a5f">
            {formatStat(t, 0)}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = 40 + i * rowH + rowH / 2;
        const f = r.figures;
        return (
          <g key={r.code}>
            <text x={left - 10} y={y + 4} fontSize={12} textAnchor="end" fill="#0b0c0c">
              {r.code}
            </text>
            {f && f.mean !== null ? (
              <>
                {f.ci95 ? <line x1={x(f.ci95[0])} x2={x(f.ci95[1])} y1={y} y2={y} stroke="#0b0c0c" strokeWidth={2} /> : null}
                {f.ci95 ? <line x1={x(f.ci95[0])} x2={x(f.ci95[0])} y1={y - 6} y2={y + 6} stroke="#0b0c0c" strokeWidth={2} /> : null}
                {f.ci95 ? <line x1={x(f.ci95[1])} x2={x(f.ci95[1])} y1={y - 6} y2={y + 6} stroke="#0b0c0c" strokeWidth={2} /> : null}
                <circle cx={x(f.mean)} cy={y} r={5} fill="#1d70b8" stroke="#0b0c0c" />
                <text x={right + 8} y={y + 4} fontSize={12} fill="#0b0c0c">
                  {formatStat(f.mean)}
                </text>
              </>
            ) : (
              <text x={x((domain[0] + domain[1]) / 2)} y={y + 4} fontSize={12} textAnchor="middle" fill="#0b0c0c">
                [c] fewer than {k} responses
              </text>
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}

/** Small multiples: how many councils score in each band of 0–100 (tenths, merged until each holds none or ≥ k), one panel per index. */
export function IndexHistograms({ id, panels }: { id: string; panels: { code: string; title: string; bins: MergedBin[] }[] }) {
  const panelW = 136;
  const gap = 10;
  const width = panels.length * (panelW + gap);
  const height = 170;
  const top = 34;
  const bottom = 140;
  // Height is councils per tenth, so a merged band is not drawn taller than it is.
  const density = (b: MergedBin) => (b.councils * 10) / Math.max(1, b.hi - b.lo);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(panels.flatMap((p) => p.bins.map(density))) ?? 1)])
    .range([bottom, top]);
  const x = scaleLinear()
    .domain([0, 100])
    .range([4, panelW - 4]);
  const label = (b: MergedBin) => `${b.lo}–${b.hi}`;
  const summary = `How the councils' index scores are spread over the 0 to 100 scale, in bands of at least a tenth. ${panels
    .map((p) => `${p.title}: ${largestBinWords(p.bins, (b) => `${b.lo} to ${b.hi}`) ?? "no scores"}`)
    .join("; ")}.`;
  return (
    <ChartFigure
      id={id}
      title="Distribution of index scores across councils"
      summary={summary}
      width={width}
      height={height}
      table={
        <DataTable
          caption="Councils by index score"
          head={["Index", "Councils in each band of scores"]}
          rows={panels.map((p) => [p.title, p.bins.map((b) => `${label(b)}: ${b.councils}`).join("; ")])}
        />
      }
    >
      {panels.map((p, i) => (
        <g key={p.code} transform={`translate(${i * (panelW + gap)},0)`}>
          <text x={panelW / 2} y={14} fontSize={12} textAnchor="middle" fontWeight="bold" fill="#0b0c0c">
            {p.code}
          </text>
          <line x1={0} x2={panelW} y1={bottom} y2={bottom} stroke="#0b0c0c" />
          {p.bins.map((b) => (
            <g key={b.lo}>
              <rect x={x(b.lo) + 1} y={y(density(b))} width={Math.max(1, x(b.hi) - x(b.lo) - 2)} height={bottom - y(density(b))} fill="#1d70b8" />
              {b.councils > 0 ? (
                <text x={(x(b.lo) + x(b.hi)) / 2} y={y(density(b)) - 3} fontSize={9} textAnchor="middle" {...HALO}>
                  {b.councils}
                </text>
              ) : null}
            </g>
          ))}
          <text x={4} y={bottom + 14} fontSize={10} fill="#505a5f">
            0
          </text>
          <text x={panelW - 4} y={bottom + 14} fontSize={10} textAnchor="end" fill="#505a5f">
            100
          </text>
        </g>
      ))}
    </ChartFigure>
  );
}
