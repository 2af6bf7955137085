import { scaleLinear } from "d3-scale";
import { divergingBarSegments, type ScaleDistribution } from "../../domain/distributions";
import { ChartFigure, DataTable, FIVE_FILLS, FivePatterns, HALO, ItemName } from "./chart-figure";

export interface DivergingRow {
  itemId: string;
  /** The item's short label, drawn above its bar. */
  short: string;
  /** The full wording, in the data table. */
  text: string;
  /** null when the item's cell is suppressed. */
  distribution: ScaleDistribution | null;
}

const WIDTH = 720;
const BAR_LEFT = 10;
const BAR_RIGHT = 600;
// Each row: the item's short label and id on one line, its bar below.
const ROW = 46;
const BAR_TOP = 18;
const TOP = 76;

/**
 * Which of a collapsed row's three categories (the two lower answers, the middle one, the two upper
 * ones: decision 062) a column of the five-point scale falls in: its first column shows the count,
 * the second "with the previous".
 */
function collapsedCell(distribution: ScaleDistribution, column: number, columns: number): { code: string; first: boolean } | null {
  if (columns !== 5 || distribution.categories.length !== 3) return null;
  const group = column < 2 ? 0 : column === 2 ? 1 : 2;
  return { code: distribution.categories[group]!.code, first: column === 0 || column === 2 || column === 3 };
}

/** Diverging stacked bars centred on the neutral (middle) category; "Don't know" counted in its own column, outside the bar. */
export function DivergingBars({
  id,
  title,
  rows,
  labels,
}: {
  id: string;
  title: string;
  rows: DivergingRow[];
  labels: readonly { code: string; label: string }[];
}) {
  const categories = labels.filter((l) => l.code !== "dk");
  const x = scaleLinear().domain([-100, 100]).range([BAR_LEFT, BAR_RIGHT]);
  const height = TOP + rows.length * ROW + 30;
  const fillOf = (index: number) => `url(#${id}-${FIVE_FILLS[Math.round((index * (FIVE_FILLS.length - 1)) / Math.max(1, categories.length - 1))]})`;
  const shown = rows.filter((r) => r.distribution && r.distribution.base > 0);
  const leaning = shown.map((r) => {
    const d = r.distribution as ScaleDistribution;
    const half = Math.floor(d.categories.length / 2);
    const high = d.categories.slice(d.categories.length - half).reduce((s, c) => s + c.count, 0);
    return { itemId: r.itemId, short: r.short, high: Math.round((100 * high) / d.base) };
  });
  const top = [...leaning].sort((a, b) => b.high - a.high)[0];
  const summary =
    shown.length === 0
      ? "No item has enough responses to show."
      : `Each bar shows one question: answers below the middle category to the left of the centre line, above it to the right. ${top ? `${top.short} (${top.itemId}) has the largest share in the top two categories (${top.high}%).` : ""} "Don't know" answers are counted separately on the right and are not part of the percentages.${
          shown.some((r) => r.distribution!.categories.length === 3 && categories.length === 5)
            ? ' Where an answer was given by too few councils to show on its own, the question is shown in three groups: the two lower answers together, the middle one, and the two upper answers together ("with the previous" in the table).'
            : ""
        }`;

  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      width={WIDTH}
      height={height}
      table={
        <DataTable
          caption={`${title}: count and percentage of answers other than "Don't know"`}
          head={["Question", ...categories.map((c) => c.label), "Don't know"]}
          rows={rows.map((r) => [
            <ItemName key="q" itemId={r.itemId} short={r.short} text={r.text} />,
            ...categories.map((c, column) => {
              if (!r.distribution) return "[c]";
              const merged = collapsedCell(r.distribution, column, categories.length);
              if (merged && !merged.first) return "with the previous";
              const cat = r.distribution.categories.find((x) => x.code === (merged?.code ?? c.code));
              return `${cat?.count ?? 0} (${cat?.percent ?? 0}%)`;
            }),
            r.distribution ? String(r.distribution.dk) : "[c]",
          ])}
        />
      }
    >
      <FivePatterns prefix={id} />
      {categories.map((c, i) => {
        const lx = 10 + (i % 3) * 235;
        const ly = 4 + Math.floor(i / 3) * 22;
        return (
          <g key={c.code}>
            <rect x={lx} y={ly} width={14} height={14} fill={fillOf(i)} stroke="#0b0c0c" strokeWidth={0.5} />
            <text x={lx + 20} y={ly + 11} fontSize={11} fill="#0b0c0c">
              {c.label}
            </text>
          </g>
        );
      })}
      <text x={BAR_RIGHT + 60} y={TOP - 8} fontSize={11} textAnchor="middle" fill="#0b0c0c">
        Don&apos;t know
      </text>
      <text x={x(-100)} y={TOP - 8} fontSize={10} fill="#505a5f">
        100%
      </text>
      <text x={x(0)} y={TOP - 8} fontSize={10} textAnchor="middle" fill="#505a5f">
        0
      </text>
      <text x={x(100)} y={TOP - 8} fontSize={10} textAnchor="end" fill="#505a5f">
        100%
      </text>
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        return (
          <g key={r.itemId}>
            <text x={BAR_LEFT} y={y + 13} fontSize={12} fill="#0b0c0c">
              <tspan fontWeight="bold">{r.short}</tspan> ({r.itemId})
            </text>
            {r.distribution === null ? (
              <text x={x(0)} y={y + BAR_TOP + 15} fontSize={12} textAnchor="middle" fill="#0b0c0c">
                [c] withheld: too few councils
              </text>
            ) : (
              divergingBarSegments(r.distribution).map((seg, j) => {
                const w = x(seg.end) - x(seg.start);
                const pct = r.distribution?.categories[j]?.percent ?? 0;
                // A collapsed row's three categories take the fills of the lowest, middle and highest answers.
                const fill = r.distribution && r.distribution.categories.length === 3 && categories.length === 5 ? fillOf(j * 2) : fillOf(j);
                return (
                  <g key={seg.code}>
                    <rect x={x(seg.start)} y={y + BAR_TOP} width={Math.max(0, w)} height={ROW - BAR_TOP - 4} fill={fill} stroke="#ffffff" strokeWidth={0.5} />
                    {w >= 26 ? (
                      <text x={x(seg.start) + w / 2} y={y + BAR_TOP + 16} fontSize={11} textAnchor="middle" {...HALO}>
                        {pct}%
                      </text>
                    ) : null}
                  </g>
                );
              })
            )}
            <text x={BAR_RIGHT + 60} y={y + BAR_TOP + 15} fontSize={12} textAnchor="middle" fill="#0b0c0c">
              {r.distribution ? r.distribution.dk : "[c]"}
            </text>
          </g>
        );
      })}
      <line x1={x(0)} x2={x(0)} y1={TOP - 4} y2={TOP + rows.length * ROW} stroke="#0b0c0c" strokeWidth={1.5} />
    </ChartFigure>
  );
}
