// Open data: the published files of a release, generated deterministically from the
// release document that is frozen at publish (migration 011). Pure: the same document gives the
// same bytes in every process, on every day. Tables are tidy (one observation per row); a cell the
// audit suppressed holds "[c]", a figure that does not exist for the data "[x]", a figure that does
// not apply to the measure "[z]" (GSS symbols); numbers are plain numbers.
import { csvLine } from "./csv";

export const SUPPRESSED = "[c]";
export const NOT_AVAILABLE = "[x]";
export const NOT_APPLICABLE = "[z]";
export const MISSING_VALUES = [SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE] as const;

export type TableValue = string | number;
export type FieldType = "string" | "integer" | "number" | "date";

export interface FieldDef {
  name: string;
  type: FieldType;
  title: string;
  description: string;
}

export interface TableDef {
  name: "responses" | "indices" | "items" | "codebook";
  title: string;
  description: string;
  fields: FieldDef[];
}

const f = (name: string, type: FieldType, title: string, description: string): FieldDef => ({ name, type, title, description });
const BREAKDOWN = f("breakdown", "string", "Breakdown", "all (every responding council), type, region or nation");
const GROUP = f("group", "string", "Group", "The group of councils within the breakdown (all for the whole wave)");

export const TABLES: readonly TableDef[] = [
  {
    name: "responses",
    title: "Councils asked and responses, by group",
    description: "Councils on the register, submitted responses and the response rate for the whole wave and each council type, region and nation.",
    fields: [
      BREAKDOWN,
      GROUP,
      f("councils", "integer", "Councils asked", "Active councils on the register in the group (a register fact)"),
      f("responses", "integer", "Responses", "Submitted responses in the group"),
      f("response_rate_pct", "integer", "Response rate (%)", "Responses as a whole-number percentage of councils asked"),
      f(
        "figures_as_at",
        "string",
        "Figures as at",
        "When the group's figures were cut (ISO 8601, UTC); an earlier cut when the time rule kept earlier figures",
      ),
    ],
  },
  {
    name: "indices",
    title: "Indices and trust gaps, by group",
    description:
      "For each group: the five indices (PRESC, BURDEN, TECH, LTC, PCT, 0 to 100), the trust gap GAP = LTC − PCT and HEADLINE_GAP = LTC1 − PCT1 (paired, within each council), and the mean of the headline items LTC1 and PCT1 (0 to 10).",
    fields: [
      BREAKDOWN,
      GROUP,
      f("measure", "string", "Measure", "PRESC, BURDEN, TECH, LTC, PCT, GAP, HEADLINE_GAP, LTC1 or PCT1 (see the codebook)"),
      f("n", "integer", "n", "Responses with the measure (pairs for a gap)"),
      f("mean", "number", "Mean", "Mean (mean difference for a gap)"),
      f("ci_low", "number", "95% CI, lower", "Lower end of the 95% confidence interval of the mean (Student's t, n − 1 degrees of freedom)"),
      f("ci_high", "number", "95% CI, upper", "Upper end of the 95% confidence interval of the mean"),
      f("median", "number", "Median", "Median (median difference for a gap)"),
      f("sd", "number", "Standard deviation", "Sample standard deviation (n − 1)"),
      f(
        "alpha",
        "number",
        "Cronbach's alpha",
        "Reliability of the index over responses answering every item; below 0.70 the index is unreliable in this group",
      ),
      f("pct_negative", "integer", "Negative gap (%)", "Councils whose gap is below zero, whole-number percentage of n"),
      f("pct_zero", "integer", "Zero gap (%)", "Councils whose gap is zero, whole-number percentage of n"),
      f("pct_positive", "integer", "Positive gap (%)", "Councils whose gap is above zero, whole-number percentage of n"),
      f("w_plus", "number", "Wilcoxon W+", "Sum of the ranks of positive differences (zero differences dropped)"),
      f("z", "number", "z", "Normal approximation of the signed-rank statistic, tie-corrected, with continuity correction"),
      f("p", "number", "p", "Two-sided p-value of the Wilcoxon signed-rank test"),
    ],
  },
  {
    name: "items",
    title: "Answers to each question, by group",
    description:
      "Counts and whole-number percentages of each answer. Don't know (dk) is counted but excluded from the percentage base. 0 to 10 trust items are grouped as the OECD does. A distribution where 95% or more of a group give the same answer is collapsed to three categories.",
    fields: [
      BREAKDOWN,
      GROUP,
      f("item", "string", "Item", "Item id (see the codebook)"),
      f("category", "string", "Answer", "Answer code, OECD group (low, neutral, high), collapsed category (low, middle, high) or dk"),
      f("label", "string", "Answer label", "The answer as the respondent read it"),
      f("count", "integer", "Count", "Responses giving the answer"),
      f("base", "integer", "Base", "Responses to the item other than Don't know (the percentage base)"),
      f("percent", "integer", "Percent", "Whole-number percentage of the base (multiple-choice items: of responses to the item)"),
    ],
  },
  {
    name: "codebook",
    title: "Codebook",
    description: "Every published measure and item: wording, scale, construction, polarity and the suppression rules.",
    fields: [
      f("id", "string", "Id", "Measure or item id, as used in the other tables"),
      f("kind", "string", "Kind", "index, gap, item"),
      f("section", "string", "Section", "Questionnaire section"),
      f("wording", "string", "Wording", "Question wording, or what the measure is"),
      f("scale", "string", "Scale", "Answer scale and codes"),
      f("construction", "string", "Construction", "How the published figure is computed"),
      f("polarity", "string", "Polarity", "What a higher value means; reverse-coded items say so"),
      f("suppression", "string", "Suppression", "When a figure is replaced by [c]"),
    ],
  },
];

export interface LicenceInfo {
  id: string;
  name: string;
  title: string;
  path: string;
}

export const LICENCES: Record<string, LicenceInfo> = {
  "OGL-UK-3.0": {
    id: "OGL-UK-3.0",
    name: "OGL-UK-3.0",
    title: "Open Government Licence v3.0",
    path: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
  },
  "CC-BY-4.0": { id: "CC-BY-4.0", name: "CC-BY-4.0", title: "Creative Commons Attribution 4.0", path: "https://creativecommons.org/licenses/by/4.0/" },
  "CC0-1.0": { id: "CC0-1.0", name: "CC0-1.0", title: "CC0 1.0 Public Domain Dedication", path: "https://creativecommons.org/publicdomain/zero/1.0/" },
  "ODbL-1.0": {
    id: "ODbL-1.0",
    name: "ODbL-1.0",
    title: "Open Data Commons Open Database License 1.0",
    path: "https://opendatacommons.org/licenses/odbl/1-0/",
  },
};
export const LICENCE_IDS = Object.keys(LICENCES) as [string, ...string[]];
export const DEFAULT_LICENCE = "OGL-UK-3.0";

export interface ReleaseMeta {
  wave: { slug: string; title: string; opensOn: string | null; closesOn: string | null; instrumentVersion: number };
  release: { seq: number; publishedAt: string; revisionNote: string | null };
  /** Earlier releases of the wave (they stay downloadable). */
  earlier: { seq: number; publishedAt: string; revisionNote: string | null }[];
  licence: LicenceInfo;
  publisher: string;
  k: number;
  /** The public snapshot the release froze. */
  snapshot: { seq: number; cutAt: string };
  councils: number;
  /** Submitted responses in the wave; null when under k. */
  responses: number | null;
}

export interface ReleaseDocument {
  format: 1;
  meta: ReleaseMeta;
  tables: Record<TableDef["name"], TableValue[][]>;
}

export const DATA_FILES = ["responses.csv", "indices.csv", "items.csv", "codebook.csv"] as const;

/** The CSV text of a table: header, then rows, CRLF. */
export function tableCsv(doc: ReleaseDocument, name: TableDef["name"]): string {
  const def = TABLES.find((t) => t.name === name)!;
  return csvLine(def.fields.map((x) => x.name)) + doc.tables[name].map((row) => csvLine(row)).join("");
}

export function packageName(doc: ReleaseDocument): string {
  return `localtrust-${doc.meta.wave.slug.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}-release-${doc.meta.release.seq}`;
}

/** How to cite the release. */
export function citation(doc: ReleaseDocument): string {
  const m = doc.meta;
  return `${m.publisher} (${m.release.publishedAt.slice(0, 4)}). ${m.wave.title}: open data, release ${m.release.seq} (published ${m.release.publishedAt.slice(0, 10)}). ${m.licence.title}.`;
}

/** datapackage.json (Frictionless Tabular Data Package), fields in the order of each CSV header. */
export function dataPackage(doc: ReleaseDocument): object {
  const m = doc.meta;
  return {
    profile: "tabular-data-package",
    name: packageName(doc),
    title: `${m.wave.title}: open data, release ${m.release.seq}`,
    description: `Aggregate figures of the LocalTrust survey of councils, ${m.wave.title}. Groups of fewer than ${m.k} councils, and any figure from which fewer than ${m.k} councils could be isolated by subtraction, are suppressed ([c]). No free text and no figure about a single council is published.${m.release.revisionNote ? ` Revision: ${m.release.revisionNote}` : ""}`,
    version: `${m.release.seq}.0.0`,
    created: m.release.publishedAt,
    licenses: [{ name: m.licence.name, title: m.licence.title, path: m.licence.path }],
    sources: [{ title: `LocalTrust survey of councils, ${m.wave.title} (instrument version ${m.wave.instrumentVersion})` }],
    contributors: [{ title: m.publisher, role: "publisher" }],
    keywords: ["local government", "trust", "central government", "official statistics"],
    resources: TABLES.map((t) => ({
      profile: "tabular-data-resource",
      name: t.name,
      path: `${t.name}.csv`,
      title: t.title,
      description: t.description,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      dialect: { delimiter: ",", lineTerminator: "\r\n", header: true, doubleQuote: true },
      schema: {
        fields: t.fields.map((x) => ({ name: x.name, type: x.type, title: x.title, description: x.description })),
        missingValues: ["", ...MISSING_VALUES],
      },
    })),
  };
}

const XSD: Record<FieldType, string> = { string: "string", integer: "integer", number: "decimal", date: "date" };

/** CSVW metadata (W3C "Metadata Vocabulary for Tabular Data") of one table. */
export function csvwMetadata(doc: ReleaseDocument, name: TableDef["name"]): object {
  const t = TABLES.find((x) => x.name === name)!;
  return {
    "@context": ["http://www.w3.org/ns/csvw", { "@language": "en" }],
    url: `${t.name}.csv`,
    "dc:title": `${doc.meta.wave.title}: ${t.title}`,
    "dc:description": t.description,
    "dc:license": { "@id": doc.meta.licence.path },
    "dc:publisher": doc.meta.publisher,
    "dc:issued": doc.meta.release.publishedAt,
    dialect: { header: true, lineTerminator: "\r\n" },
    tableSchema: {
      columns: t.fields.map((x) => ({ name: x.name, titles: x.title, "dc:description": x.description, datatype: XSD[x.type], null: ["", ...MISSING_VALUES] })),
    },
  };
}

/** Every text file of the release by name (the spreadsheet is built by the service). */
export function releaseTextFiles(doc: ReleaseDocument): Map<string, { body: string; contentType: string }> {
  const files = new Map<string, { body: string; contentType: string }>();
  for (const t of TABLES) {
    files.set(`${t.name}.csv`, { body: tableCsv(doc, t.name), contentType: "text/csv; charset=utf-8" });
    files.set(`${t.name}.csv-metadata.json`, { body: `${JSON.stringify(csvwMetadata(doc, t.name), null, 2)}\n`, contentType: "application/csvm+json" });
  }
  files.set("datapackage.json", { body: `${JSON.stringify(dataPackage(doc), null, 2)}\n`, contentType: "application/json" });
  return files;
}

/** The notes of the release: method, symbols and suppression, in plain words (the page and the spreadsheet's notes sheet). */
export function releaseNotes(doc: ReleaseDocument): string[] {
  const m = doc.meta;
  return [
    `Who was asked: every active council on the register (${m.councils} councils), one response per council, answered for the council by its IT or digital lead about the last 12 months.`,
    `Fieldwork: ${m.wave.opensOn ?? "not recorded"} to ${m.wave.closesOn ?? "not recorded"}. Figures as at ${m.snapshot.cutAt}.`,
    `An index is the mean, on a 0 to 100 scale, of a council's answers to the questions of one section (reverse-worded questions flipped first), computed when at least two thirds of them are answered other than "Don't know". Figures describe the councils that responded.`,
    `The trust gap GAP is LTC − PCT within each council: positive when a council trusts central government more than it feels trusted by it. It is tested with the Wilcoxon signed-rank test (two-sided, normal approximation with continuity correction).`,
    `[c] means confidential: the group has fewer than ${m.k} responding councils, or the figure was withheld so that no comparison of published figures (between groups, breakdowns or releases) could reveal a group of fewer than ${m.k} councils.`,
    `[x] means not available (for example a standard deviation of one value); [z] means not applicable to the measure. Percentages are whole numbers and may not add up to 100.`,
    `Never published: free-text answers, any council's own answers or scores, groups of fewer than ${m.k} councils, ranks, minimums or maximums.`,
    ...(m.release.revisionNote ? [`Revision (release ${m.release.seq}): ${m.release.revisionNote}`] : []),
  ];
}

/** A figure of the release read back for people: a number, or null where the release holds a GSS symbol ([c], [x], [z]). */
export type Figure = number | null;

export interface HeadlineMeasure {
  measure: string;
  n: Figure;
  mean: Figure;
  ci95: [number, number] | null;
  median: Figure;
  /** True when the release holds [c] for the group's n: the figures are confidential, not missing. */
  suppressed: boolean;
}

export interface HeadlineRate {
  breakdown: string;
  group: string;
  councils: number;
  responses: Figure;
  ratePct: Figure;
}

export interface ReleaseHeadline {
  /** The whole wave's index and gap figures, in the order of the indices table. */
  measures: HeadlineMeasure[];
  /** Response rates for the whole wave and every group of every breakdown. */
  rates: HeadlineRate[];
}

const figure = (value: TableValue | undefined): Figure => (typeof value === "number" ? value : null);

/** Each row of one of the release's tables as { column name: value }, so readers name columns instead of counting them. */
export function namedRows(doc: ReleaseDocument, table: TableDef["name"]): Record<string, TableValue>[] {
  const fields = TABLES.find((t) => t.name === table)!.fields.map((x) => x.name);
  return doc.tables[table].map((row) => Object.fromEntries(fields.map((name, i) => [name, row[i]!])));
}

/** The figures the release's web page shows and draws, read from its tables by column name (never by position). */
export function releaseHeadline(doc: ReleaseDocument): ReleaseHeadline {
  const measures = namedRows(doc, "indices")
    .filter((row) => row.breakdown === "all")
    .map((row) => {
      const low = figure(row.ci_low);
      const high = figure(row.ci_high);
      return {
        measure: String(row.measure),
        n: figure(row.n),
        mean: figure(row.mean),
        ci95: low !== null && high !== null ? ([low, high] as [number, number]) : null,
        median: figure(row.median),
        suppressed: row.n === SUPPRESSED,
      };
    });
  const rates = namedRows(doc, "responses").map((row) => ({
    breakdown: String(row.breakdown),
    group: String(row.group),
    councils: Number(row.councils),
    responses: figure(row.responses),
    ratePct: figure(row.response_rate_pct),
  }));
  return { measures, rates };
}
