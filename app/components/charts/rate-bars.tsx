import { scaleLinear } from "d3-scale";
import { ChartFigure, DataTable, HALO } from "./chart-figure";
import { formatCount } from "../format";

export interface RateBar {
  group: string;
  councils: number;
  /** null when the release withholds it ([c]). */
  responses: number | null;
  ratePct: number | null;
}

/** Response rate of each group as a horizontal bar from 0 to 100%; a withheld rate is written as [c], never drawn. */
export function RateBars({ id, title, rows, k }: { id: string; title: string; rows: RateBar[]; k: number }) {
  const width = 480;
  const left = 130;
  const right = 420;
  const rowH = 26;
  const top = 12;
  const height = top + rows.length * rowH + 30;
  const x = scaleLinear().domain([0, 100]).range([left, right]);
  const shown = rows.filter((r) => r.ratePct !== null);
  const withheld = rows.length - shown.length;
  const highest = shown.reduce<RateBar | null>((best, r) => (best === null || (r.ratePct ?? 0) > (best.ratePct ?? 0) ? r : best), null);
  const lowest = shown.reduce<RateBar | null>((best, r) => (best === null || (r.ratePct ?? 0) < (best.ratePct ?? 0) ? r : best), null);
  const summary =
    shown.length === 0
      ? `Every group's response rate is withheld ([c]): each has fewer than ${k} responding councils or was withheld by the audit.`
      : `${title}: ${shown.length === 1 ? `${highest!.group} ${highest!.ratePct}%` : `from ${lowest!.ratePct}% (${lowest!.group}) to ${highest!.ratePct}% (${highest!.group})`}.${withheld > 0 ? ` ${withheld} ${withheld === 1 ? "group is" : "groups are"} withheld ([c]).` : ""}`;
  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      width={width}
      height={height}
      table={
        <DataTable
          caption={title}
          head={["Group", "Councils asked", "Responses", "Response rate"]}
          rows={rows.map((r) => [
            r.group,
            formatCount(r.councils),
            r.responses === null ? "[c]" : formatCount(r.responses),
            r.ratePct === null ? "[c]" : `${r.ratePct}%`,
          ])}
        />
      }
    >
      {[0, 25, 50, 75, 100].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={height - 26} stroke="#b1b4b6" strokeDasharray={t === 0 ? undefined : "2 3"} />
          <text x={x(t)} y={height - 10} fontSize={11} textAnchor="middle" fill="#505a5f">
            {t}%
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = top + i * rowH;
        return (
          <g key={r.group}>
            <text x={left - 8} y={y + rowH / 2 + 4} fontSize={12} textAnchor="end" fill="#0b0c0c">
              {r.group.length > 20 ? `${r.group.slice(0, 19)}…` : r.group}
            </text>
            {r.ratePct === null ? (
              <text x={left + 6} y={y + rowH / 2 + 4} fontSize={12} fill="#0b0c0c">
                [c] withheld
              </text>
            ) : (
              <>
                <rect x={left} y={y + 4} width={Math.max(1, x(r.ratePct) - left)} height={rowH - 8} fill="#1d70b8" />
                <text x={Math.min(x(r.ratePct) + 4, right + 4)} y={y + rowH / 2 + 4} fontSize={12} {...HALO}>
                  {r.ratePct}%
                </text>
              </>
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}
