// A council's benchmark report as people read it (INSTRUMENT.md, "Benchmark report (k = 10)"):
// its own values beside the stored comparator figures of the wave (benchmark-figures.ts), the
// band of each value in words, a plain-words summary, its answers beside all councils', and its
// trend. Pure: everything it needs is passed in. Never a rank, a minimum, a maximum or another
// council: the only figures about others are the stored group quartiles and item percentages.
import {
  BAND_WORDS,
  COMPARATORS,
  REPORT_MEASURES,
  agreementItems,
  bandOf,
  categoryOf,
  groupKey,
  type Band,
  type Comparator,
  type ComparatorFigures,
  type GroupCell,
  type ItemDistribution,
  type MeasureValues,
  type ReportMeasure,
} from "./benchmark-figures";
import { councilTypeName } from "./council-types";
import type { Instrument } from "./instrument";

export interface MeasureInfo {
  title: string;
  /** What a higher value means, in the council's words. */
  higherMeans: string;
  min: number;
  max: number;
}

export const MEASURE_INFO: Record<ReportMeasure, MeasureInfo> = {
  PRESC: { title: "Central prescription", higherMeans: "more central prescription of how changes are made", min: 0, max: 100 },
  BURDEN: { title: "Audit and reporting load", higherMeans: "a heavier audit, inspection and reporting load", min: 0, max: 100 },
  TECH: { title: "Technology readiness", higherMeans: "more technology readiness", min: 0, max: 100 },
  LTC: { title: "Trust in central government", higherMeans: "the council trusts central government more", min: 0, max: 100 },
  PCT: { title: "Feeling trusted by central government", higherMeans: "the council feels more trusted by central government", min: 0, max: 100 },
  GAP: { title: "Trust gap (LTC − PCT)", higherMeans: "the council trusts central government more than it feels trusted by it", min: -100, max: 100 },
  HEADLINE_GAP: {
    title: "Headline trust gap on the 0 to 10 scale (LTC1 − PCT1)",
    higherMeans: "the same gap on the two 0 to 10 headline questions",
    min: -10,
    max: 10,
  },
};

export interface ReportCouncil {
  gssCode: string;
  name: string;
  type: string;
  region: string;
  nation: string;
}

export type GroupView = {
  comparator: Comparator;
  label: string;
  cell: { suppressed: false; n: number; q1: number; median: number; q3: number; band: Band | null } | { suppressed: true };
};

export interface MeasureView {
  code: ReportMeasure;
  info: MeasureInfo;
  value: number | null;
  groups: GroupView[];
  /** One sentence: where the value falls, or why it is not compared. */
  reading: string;
}

export interface ItemView {
  id: string;
  text: string;
  /** The council's own answer in words ("Agree", "Don't know", "Not answered"). */
  ownAnswer: string;
  /** The category of the distribution that holds the council's answer, null for dk or none. */
  ownCategory: string | null;
  distribution: ItemDistribution;
}

export interface TrendPoint {
  wave: { slug: string; title: string };
  /** This wave asked a different questionnaire version from the wave before it in the trend. */
  questionsChanged: boolean;
  measures: Record<ReportMeasure, { value: number | null; medians: Record<Comparator, number | null> }>;
}

export interface BenchmarkReport {
  wave: { slug: string; title: string; publishedAt: string | null };
  council: ReportCouncil;
  k: number;
  headline: string;
  leadership: string[];
  measures: MeasureView[];
  dumbbell: { own: { LTC: number | null; PCT: number | null }; allMedians: { LTC: number | null; PCT: number | null } };
  items: ItemView[];
  trend: TrendPoint[];
}

export interface EarlierWave {
  wave: { slug: string; title: string; instrumentVersion: number };
  own: MeasureValues;
  /** null when the wave's figures were never prepared. */
  figures: ComparatorFigures | null;
}

/** One decimal, "−" for negatives, no "−0.0". */
export function formatValue(value: number): string {
  const fixed = value.toFixed(1);
  return /^-0\.0$/.test(fixed) ? "0.0" : fixed.replace("-", "−");
}

function comparatorWords(comparator: Comparator, council: ReportCouncil): string {
  if (comparator === "all") return "all councils";
  if (comparator === "type") return "councils of the same type";
  return council.nation === "England" ? "councils in the same region" : "councils in the same nation";
}

function comparatorLabel(comparator: Comparator, council: ReportCouncil): string {
  if (comparator === "all") return "All councils";
  if (comparator === "type") return `Same type (${councilTypeName(council.type)})`;
  return council.nation === "England" ? `Same region (${council.region})` : `Same nation (${council.nation})`;
}

function groupName(comparator: Comparator, council: ReportCouncil): string {
  if (comparator === "all") return "All councils";
  if (comparator === "type") return council.type;
  return council.nation === "England" ? council.region : council.nation;
}

function findCell(figures: ComparatorFigures | null, comparator: Comparator, council: ReportCouncil, measure: ReportMeasure): GroupCell {
  const key = groupKey(comparator, groupName(comparator, council));
  return figures?.groups.find((g) => g.key === key)?.measures[measure] ?? { suppressed: true };
}

function measureView(code: ReportMeasure, value: number | null, figures: ComparatorFigures, council: ReportCouncil, k: number): MeasureView {
  const info = MEASURE_INFO[code];
  const groups: GroupView[] = COMPARATORS.map((comparator) => {
    const cell = findCell(figures, comparator, council, code);
    return {
      comparator,
      label: comparatorLabel(comparator, council),
      cell: cell.suppressed ? cell : { ...cell, band: value === null ? null : bandOf(value, cell) },
    };
  });
  return { code, info, value, groups, reading: readingOf(info, value, groups, council, k) };
}

/** "Your score of 62.5 is in the highest quarter of all councils …", or why there is no comparison. */
function readingOf(info: MeasureInfo, value: number | null, groups: GroupView[], council: ReportCouncil, k: number): string {
  const words = (g: GroupView) => comparatorWords(g.comparator, council);
  if (value === null)
    return `Your council has no ${info.title.toLowerCase()} value: fewer than two thirds of its questions were answered with something other than "Don't know", so it is not compared.`;
  const shown = groups.flatMap((g) => (g.cell.suppressed || g.cell.band === null ? [] : [`the ${BAND_WORDS[g.cell.band]} of ${words(g)}`]));
  const hidden = groups.filter((g) => g.cell.suppressed).map(words);
  const parts = [`Your council's value is ${formatValue(value)}${shown.length > 0 ? `: in ${listWords(shown)}` : ""}.`];
  if (hidden.length > 0) {
    parts.push(
      `The comparison with ${listWords(hidden)} is not shown ([c] fewer than ${k} councils)${shown.length > 0 ? `; the comparison with ${listWords(groups.filter((g) => !g.cell.suppressed).map(words))} is still available` : "; no comparison is available for this measure"}.`,
    );
  }
  return parts.join(" ");
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** The first summary sentence: the direction of the trust gap and its band among all councils. */
export function headlineSentence(gap: number | null, all: GroupView["cell"]): string {
  if (gap === null) return "Your council's answers do not give a trust gap: it needs scores for both trusting central government and feeling trusted by it.";
  const direction =
    gap > 0
      ? "Your council trusts central government more than it feels trusted by it"
      : gap < 0
        ? "Your council feels more trusted by central government than it trusts it"
        : "Your council trusts central government as much as it feels trusted by it";
  if (all.suppressed || all.band === null) return `${direction}; fewer than 10 councils have a trust gap, so it is not compared with other councils.`;
  return `${direction}; among all ${all.n} councils that answered, your gap is in the ${BAND_WORDS[all.band]}.`;
}

const LEADERSHIP: Partial<Record<ReportMeasure, { higher: string; lower: string; middle: string }>> = {
  PRESC: {
    higher: "Your council reports more central prescription than most councils",
    lower: "Your council reports less central prescription than most councils",
    middle: "Your council reports about as much central prescription as most councils",
  },
  BURDEN: {
    higher: "Your council reports a heavier audit and reporting load than most councils",
    lower: "Your council reports a lighter audit and reporting load than most councils",
    middle: "Your council's audit and reporting load is like that of most councils",
  },
  TECH: {
    higher: "Your council reports more technology readiness than most councils",
    lower: "Your council reports less technology readiness than most councils",
    middle: "Your council's technology readiness is like that of most councils",
  },
  LTC: {
    higher: "Your council trusts central government more than most councils do",
    lower: "Your council trusts central government less than most councils do",
    middle: "Your council trusts central government about as much as most councils do",
  },
};

/** Three to five sentences for the council's leadership, built from the all-councils bands. */
function leadershipSentences(measures: readonly MeasureView[], council: ReportCouncil, k: number): string[] {
  const sentences: string[] = [];
  for (const measure of measures) {
    const words = LEADERSHIP[measure.code];
    if (!words) continue;
    const all = measure.groups.find((g) => g.comparator === "all")!.cell;
    if (measure.value === null) {
      sentences.push(`${measure.info.title}: your council's answers do not give a value, so it is not compared.`);
    } else if (all.suppressed || all.band === null) {
      sentences.push(
        `${measure.info.title}: your council's value is ${formatValue(measure.value)}; fewer than ${k} councils have a value, so it is not compared.`,
      );
    } else {
      const lead = all.band === "highest" ? words.higher : all.band === "lowest" ? words.lower : words.middle;
      sentences.push(
        `${lead}: its ${measure.info.title.toLowerCase()} score of ${formatValue(measure.value)} out of 100 is in the ${BAND_WORDS[all.band]} (the middle half of all councils score ${formatValue(all.q1)} to ${formatValue(all.q3)}).`,
      );
    }
  }
  const hidden = COMPARATORS.filter((c) => c !== "all" && measures.some((m) => m.groups.some((g) => g.comparator === c && g.cell.suppressed)));
  const allShown = measures.some((m) => !m.groups[0]!.cell.suppressed);
  if (hidden.length > 0) {
    const named = hidden.map((c) => `${comparatorWords(c, council)} (${c === "type" ? councilTypeName(council.type) : groupName(c, council)})`);
    sentences.push(
      `Some or all comparisons with ${listWords(named)} are not shown because fewer than ${k} councils in them have a value${allShown ? "; the comparison with all councils is still available" : ""}.`,
    );
  } else {
    sentences.push("Your council is also compared with councils of its type and its region in the pages that follow.");
  }
  return sentences;
}

function answerWords(instrument: Instrument, code: string | null): string {
  if (code === null) return "Not answered";
  return instrument.scaleLabels.L5.find((option) => option.code === code)?.label ?? code;
}

/** The report: own values beside the wave's stored comparator figures, words, items and trend (oldest wave first). */
export function buildBenchmarkReport(input: {
  wave: { slug: string; title: string; publishedAt: string | null; instrumentVersion: number };
  council: ReportCouncil;
  instrument: Instrument;
  own: { values: MeasureValues; answers: Readonly<Record<string, string | null>> };
  figures: ComparatorFigures;
  /** Earlier published waves the council submitted to, oldest first (this wave is added last). */
  earlier: readonly EarlierWave[];
}): BenchmarkReport {
  const { council, figures, own } = input;
  const k = figures.k;
  const measures = REPORT_MEASURES.map((code) => measureView(code, own.values[code], figures, council, k));
  const gap = measures.find((m) => m.code === "GAP")!;
  const allMedian = (code: ReportMeasure) => {
    const cell = findCell(figures, "all", council, code);
    return cell.suppressed ? null : cell.median;
  };
  const items: ItemView[] = agreementItems(input.instrument).map((item) => {
    const code = own.answers[item.id] ?? null;
    const distribution = figures.items[item.id] ?? { suppressed: true };
    const ownCategory = categoryOf(distribution, code);
    return { id: item.id, text: item.text, ownAnswer: answerWords(input.instrument, code), ownCategory, distribution };
  });
  const series: EarlierWave[] = [
    ...input.earlier,
    { wave: { slug: input.wave.slug, title: input.wave.title, instrumentVersion: input.wave.instrumentVersion }, own: own.values, figures },
  ];
  const trend: TrendPoint[] = series.map((point, index) => ({
    wave: { slug: point.wave.slug, title: point.wave.title },
    questionsChanged: index > 0 && series[index - 1]!.wave.instrumentVersion !== point.wave.instrumentVersion,
    measures: Object.fromEntries(
      REPORT_MEASURES.map((code) => [
        code,
        {
          value: point.own[code],
          medians: Object.fromEntries(
            COMPARATORS.map((comparator) => {
              const cell = findCell(point.figures, comparator, council, code);
              return [comparator, cell.suppressed ? null : cell.median];
            }),
          ) as Record<Comparator, number | null>,
        },
      ]),
    ) as TrendPoint["measures"],
  }));
  return {
    wave: { slug: input.wave.slug, title: input.wave.title, publishedAt: input.wave.publishedAt },
    council,
    k,
    headline: headlineSentence(gap.value, gap.groups[0]!.cell),
    leadership: leadershipSentences(measures, council, k),
    measures,
    dumbbell: { own: { LTC: own.values.LTC, PCT: own.values.PCT }, allMedians: { LTC: allMedian("LTC"), PCT: allMedian("PCT") } },
    items,
    trend,
  };
}

export type ReportJsonGroup = { suppressed: false; n: number; q1: number; median: number; q3: number; band: string | null } | { suppressed: true };

export interface ReportJson {
  wave: { slug: string; title: string; publishedAt: string | null };
  council: ReportCouncil;
  k: number;
  measures: Record<ReportMeasure, { value: number | null; groups: Record<Comparator, ReportJsonGroup> }>;
  trend: { wave: string; measures: Record<ReportMeasure, { value: number | null; median: number | null }> }[];
}

/** The JSON twin (docs/report-json.md): the report's figures with exactly the documented keys. */
export function reportJson(report: BenchmarkReport): ReportJson {
  const measures = Object.fromEntries(
    report.measures.map((m) => [
      m.code,
      {
        value: m.value,
        groups: Object.fromEntries(
          m.groups.map((g) => [
            g.comparator,
            g.cell.suppressed
              ? { suppressed: true as const }
              : {
                  suppressed: false as const,
                  n: g.cell.n,
                  q1: g.cell.q1,
                  median: g.cell.median,
                  q3: g.cell.q3,
                  band: g.cell.band === null ? null : BAND_WORDS[g.cell.band],
                },
          ]),
        ),
      },
    ]),
  ) as ReportJson["measures"];
  return {
    wave: report.wave,
    council: report.council,
    k: report.k,
    measures,
    trend: report.trend.map((point) => ({
      wave: point.wave.slug,
      measures: Object.fromEntries(
        REPORT_MEASURES.map((code) => [code, { value: point.measures[code].value, median: point.measures[code].medians.all }]),
      ) as ReportJson["trend"][number]["measures"],
    })),
  };
}
