import { scaleLinear } from "d3-scale";
import { largestBinWords, type MergedBin } from "../../domain/chart-data";
import { ChartFigure, DataTable, HALO } from "./chart-figure";

/**
 * A number item's histogram: one bar per bin (each 0 or ≥ k councils, app/domain/number-items.ts).
 * On a bounded scale (`scaleMax`, percentages) bars stand on the value axis and their height is
 * councils per tenth of the scale, so a merged band is not drawn taller than it is; otherwise
 * (counts, whose top bin is open: "50 or more") bars are equal-width categories.
 */
export function NumberHistogram({
  id,
  title,
  bins,
  binLabel,
  k,
  scaleMax,
}: {
  id: string;
  title: string;
  bins: MergedBin[];
  binLabel: (bin: MergedBin) => string;
  k: number;
  scaleMax?: number;
}) {
  const width = 720;
  const height = 220;
  const left = 40;
  const right = width - 10;
  const top = 24;
  const bottom = 170;
  const slot = (right - left) / Math.max(1, bins.length);
  const x = scaleLinear()
    .domain([0, scaleMax ?? 1])
    .range([left, right]);
  const span = (b: MergedBin) =>
    scaleMax === undefined ? { x0: left + bins.indexOf(b) * slot, w: slot } : { x0: x(b.lo), w: x(Math.min(b.hi, scaleMax)) - x(b.lo) };
  const height_ = (b: MergedBin) => (scaleMax === undefined ? b.councils : (b.councils * scaleMax) / 10 / Math.max(1, Math.min(b.hi, scaleMax) - b.lo));
  const y = scaleLinear()
    .domain([0, Math.max(1, ...bins.map(height_))])
    .range([bottom, top]);
  const words = largestBinWords(bins, binLabel, { one: "answered", many: "answered" });
  const summary = words
    ? `Councils by answer, in bands of at least ${k} councils${scaleMax === undefined ? "" : " (a wider band is drawn lower: bar height is councils per tenth of the scale)"}: ${words}.`
    : "Not shown: too few answers.";
  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      width={width}
      height={height}
      headingLevel={4}
      table={<DataTable caption={`${title}: councils in each band`} head={["Answer", "Councils"]} rows={bins.map((b) => [binLabel(b), String(b.councils)])} />}
    >
      <line x1={left} x2={right} y1={bottom} y2={bottom} stroke="#0b0c0c" />
      {bins.map((b) => {
        const { x0, w } = span(b);
        const h = height_(b);
        return (
          <g key={b.lo}>
            <rect x={x0 + 2} y={y(h)} width={Math.max(1, w - 4)} height={bottom - y(h)} fill="#1d70b8" />
            <text x={x0 + w / 2} y={y(h) - 4} fontSize={12} textAnchor="middle" {...HALO}>
              {b.councils}
            </text>
            <text x={x0 + w / 2} y={bottom + 18} fontSize={12} textAnchor="middle" fill="#0b0c0c">
              {binLabel(b)}
            </text>
          </g>
        );
      })}
      <text x={left} y={bottom + 40} fontSize={11} fill="#505a5f">
        The number on each bar is the councils in its band.
      </text>
    </ChartFigure>
  );
}
