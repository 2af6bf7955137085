import { scaleLinear } from "d3-scale";
import { largestBinWords, type MergedBin } from "../../domain/chart-data";
import { ChartFigure, DataTable, HALO } from "./chart-figure";

/**
 * A number item's histogram: one bar per bin (each 0 or ≥ k councils, app/domain/number-items.ts),
 * bars of equal width with the bin's range beneath, so an open top bin ("50 or more") needs no end.
 */
export function NumberHistogram({ id, title, bins, binLabel }: { id: string; title: string; bins: MergedBin[]; binLabel: (bin: MergedBin) => string }) {
  const width = 720;
  const height = 220;
  const left = 40;
  const right = width - 10;
  const top = 24;
  const bottom = 170;
  const slot = (right - left) / Math.max(1, bins.length);
  const y = scaleLinear().domain([0, Math.max(1, ...bins.map((b) => b.councils))]).range([bottom, top]);
  const words = largestBinWords(bins, binLabel, { one: "answered", many: "answered" });
  const summary = words ? `Councils by answer, in bands that each hold at least enough councils to show: ${words}.` : "Not shown: too few answers.";
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
      {bins.map((b, i) => {
        const x0 = left + i * slot;
        return (
          <g key={b.lo}>
            <rect x={x0 + 4} y={y(b.councils)} width={Math.max(1, slot - 8)} height={bottom - y(b.councils)} fill="#1d70b8" />
            <text x={x0 + slot / 2} y={y(b.councils) - 4} fontSize={12} textAnchor="middle" {...HALO}>
              {b.councils}
            </text>
            <text x={x0 + slot / 2} y={bottom + 18} fontSize={12} textAnchor="middle" fill="#0b0c0c">
              {binLabel(b)}
            </text>
          </g>
        );
      })}
      <text x={left} y={bottom + 40} fontSize={11} fill="#505a5f">
        Councils in each band
      </text>
    </ChartFigure>
  );
}
