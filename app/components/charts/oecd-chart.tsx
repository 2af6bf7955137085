import { scaleLinear } from "d3-scale";
import type { OecdGrouping } from "../../domain/distributions";
import { ChartFigure, DataTable, FivePatterns, HALO } from "./chart-figure";
import { formatStat } from "./format-stat";

const FILLS = { low: "low2", neutral: "mid", high: "high2" } as const;

/** The OECD grouping (low 0–4, neutral 5, high 6–10) of the headline 0–10 trust items, as 100% stacked bars. */
export function OecdChart({ id, rows }: { id: string; rows: { itemId: string; label: string; grouping: OecdGrouping | null }[] }) {
  const width = 720;
  const left = 90;
  const right = 640;
  const rowH = 44;
  const height = 40 + rows.length * rowH;
  const x = scaleLinear().domain([0, 100]).range([left, right]);
  const summary = rows
    .map((r) =>
      r.grouping
        ? `${r.label}: ${r.grouping.groups.map((g) => `${g.label.toLowerCase()} ${g.percent ?? 0}%`).join(", ")}; mean ${formatStat(r.grouping.mean)} out of 10`
        : `${r.label}: [c] withheld: too few councils`,
    )
    .join(". ");
  return (
    <ChartFigure
      id={id}
      title="Headline trust on the OECD 0 to 10 scale"
      summary={`${summary}.`}
      width={width}
      height={height}
      table={
        <DataTable
          caption="Headline trust, OECD grouping"
          head={["Question", "Low or no trust (0–4)", "Neutral (5)", "High or moderately high (6–10)", "Don't know", "Mean (0–10)"]}
          rows={rows.map((r) =>
            r.grouping
              ? [r.label, ...r.grouping.groups.map((g) => `${g.count} (${g.percent ?? 0}%)`), String(r.grouping.dk), formatStat(r.grouping.mean)]
              : [r.label, "[c]", "[c]", "[c]", "[c]", "[c]"],
          )}
        />
      }
    >
      <FivePatterns prefix={id} />
      {(["low", "neutral", "high"] as const).map((g, i) => (
        <g key={g}>
          <rect x={left + i * 140} y={4} width={14} height={14} fill={`url(#${id}-${FILLS[g]})`} stroke="#0b0c0c" strokeWidth={0.5} />
          <text x={left + i * 140 + 18} y={15} fontSize={11} fill="#0b0c0c">
            {g === "low" ? "Low (0–4)" : g === "neutral" ? "Neutral (5)" : "High (6–10)"}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = 32 + i * rowH;
        let start = 0;
        return (
          <g key={r.itemId}>
            <text x={left - 10} y={y + 20} fontSize={12} textAnchor="end" fill="#0b0c0c">
              {r.itemId}
            </text>
            {r.grouping && r.grouping.base > 0 ? (
              r.grouping.groups.map((g) => {
                const share = (100 * g.count) / (r.grouping as OecdGrouping).base;
                const x0 = x(start);
                start += share;
                const w = x(start) - x0;
                return (
                  <g key={g.group}>
                    <rect x={x0} y={y + 4} width={w} height={rowH - 14} fill={`url(#${id}-${FILLS[g.group]})`} stroke="#ffffff" />
                    {w > 28 ? (
                      <text x={x0 + w / 2} y={y + 24} fontSize={12} textAnchor="middle" {...HALO}>
                        {g.percent}%
                      </text>
                    ) : null}
                  </g>
                );
              })
            ) : (
              <text x={x(50)} y={y + 20} fontSize={12} textAnchor="middle" fill="#0b0c0c">
                [c] withheld: too few councils
              </text>
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}
