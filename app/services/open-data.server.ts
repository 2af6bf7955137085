import type { Cell } from "../domain/disclosure";
import { wholePercent } from "../domain/distributions";
import { INDEX_CODES, allItems, isScoredScale, scaleCodes, type Instrument, type Item } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import {
  DATA_FILES,
  packageName as packageNameOf,
  LICENCES,
  NOT_APPLICABLE,
  NOT_AVAILABLE,
  SUPPRESSED,
  releaseTextFiles,
  type ReleaseDocument,
  type ReleaseMeta,
  type TableValue,
} from "../domain/open-data";
import { insertRelease, listLatestReleases, listPublishedWavesWithoutRelease, listReleases, type DataReleaseRow } from "../models/data-release.server";
import { findLatestSnapshot } from "../models/snapshot.server";
import { getWaveBySlug } from "../models/wave.server";
import { odsWorkbook } from "./ods.server";
import { cutSnapshots, getAuditedSnapshot, type SnapshotContext } from "./snapshots.server";
import { WHOLE_WAVE, type SnapshotViewDocument } from "./wave-snapshot.server";
import { BREAKDOWNS, type GapFigures, type IndexFigures, type ItemFigures, type WaveSummary } from "./wave-summary.server";
import { countedCell } from "../domain/wave-summary";
import type { Db } from "../models/db-types";

// Open data (FIGURES.md "release"). Publishing a wave freezes its public (k = 10)
// snapshot into a release: a new public snapshot is cut (audited, like every public snapshot, against
// every earlier public snapshot of the wave — and so against every earlier release, each of which
// is one of them), turned into tidy tables and stored as one immutable document (migration 011).
// Every file is generated from that document deterministically: the same bytes in every process.

export interface PublishOptions {
  licenceId: string;
  publisher: string;
  revisionNote?: string | null;
}

export type PublishResult = { ok: true; seq: number } | { ok: false; message: string };

/** Freezes a new release of a published wave: the first at publish, later ones after a correction (with a revision note). */
export async function publishRelease(ctx: SnapshotContext, slug: string, options: PublishOptions): Promise<PublishResult> {
  const wave = await getWaveBySlug(ctx.db, slug);
  if (!wave) return { ok: false, message: `There is no wave ${slug}` };
  if (wave.status !== "published") return { ok: false, message: "Only a published wave has open data" };
  const licence = LICENCES[options.licenceId];
  if (!licence) return { ok: false, message: `Unknown licence ${options.licenceId}` };
  const earlier = await listReleases(ctx.db, wave.id);
  const note = options.revisionNote?.trim() ?? "";
  if (earlier.length > 0 && note === "") return { ok: false, message: "Say what was corrected: a revised release needs a revision note" };
  // The release's own cut. Its audit's history is every public snapshot of the wave so far, which
  // includes the snapshot of every earlier release: a change of 1…k−1 councils since any of them
  // keeps the earlier figures or is suppressed.
  await cutSnapshots(ctx, slug, "publish", { audiences: ["public"] });
  const audited = await getAuditedSnapshot(ctx, slug, "public");
  if (!audited) return { ok: false, message: "The figures of this wave could not be prepared" };
  const latest = await findLatestSnapshot(ctx.db, wave.id, "public");
  if (!latest || earlier.some((r) => r.snapshot_id > latest.id)) return { ok: false, message: "The figures changed while publishing: try again" };
  const publishedAt = (ctx.now ?? (() => new Date().toISOString()))();
  const meta: ReleaseMeta = {
    wave: { slug: wave.slug, title: wave.title, opensOn: wave.opens_on, closesOn: wave.closes_on, instrumentVersion: wave.instrument_version },
    release: { seq: earlier.length + 1, publishedAt, revisionNote: earlier.length > 0 ? note : null },
    earlier: earlier.map((r) => ({ seq: r.seq, publishedAt: r.published_at, revisionNote: r.revision_note })),
    licence,
    publisher: options.publisher,
    k: audited.snapshot.k,
    snapshot: { seq: audited.snapshot.seq, cutAt: audited.snapshot.cut_at },
    councils: audited.views.get(WHOLE_WAVE)?.summary.population ?? 0,
    responses: audited.snapshot.responses >= audited.snapshot.k ? audited.snapshot.responses : null,
  };
  const document = buildReleaseDocument(getInstrument(wave.instrument_version), audited.views, meta);
  const stored = await insertRelease(ctx.db, {
    wave_id: wave.id,
    seq: meta.release.seq,
    snapshot_id: audited.snapshot.id,
    published_at: publishedAt,
    revision_note: meta.release.revisionNote,
    document: JSON.stringify(document),
  });
  if (!stored) return { ok: false, message: "Another release of this wave was published at the same time" };
  return { ok: true, seq: meta.release.seq };
}

// ---------------------------------------------------------------------------------------------
// The tables of a release, from the audited views

const round = (x: number | null | undefined, dp: number): TableValue =>
  x === null || x === undefined || !Number.isFinite(x) ? NOT_AVAILABLE : Number(x.toFixed(dp));
const pct = (share: number | null | undefined): TableValue => (share === null || share === undefined ? NOT_AVAILABLE : Math.round(share * 100));

interface Group {
  breakdown: string;
  group: string;
  view: SnapshotViewDocument;
}

/** The whole wave, then each row of each breakdown (the groups the whole wave's tables list). */
function releaseGroups(views: Map<string, SnapshotViewDocument>): Group[] {
  const whole = views.get(WHOLE_WAVE);
  if (!whole) return [];
  const groups: Group[] = [{ breakdown: "all", group: "all", view: whole }];
  for (const dim of BREAKDOWNS) {
    for (const row of whole.summary.breakdowns[dim]) {
      const view = views.get(`${dim}:${row.group}`);
      if (view) groups.push({ breakdown: dim, group: row.group, view });
    }
  }
  return groups;
}

function indexRow(cell: Cell<IndexFigures>): TableValue[] {
  if (cell.suppressed) return Array<TableValue>(13).fill(SUPPRESSED);
  return [
    cell.n,
    round(cell.mean, 2),
    round(cell.ci95?.[0], 2),
    round(cell.ci95?.[1], 2),
    round(cell.median, 2),
    round(cell.sd, 2),
    round(cell.alpha, 3),
    ...Array<TableValue>(6).fill(NOT_APPLICABLE),
  ];
}

function gapRow(cell: Cell<GapFigures>): TableValue[] {
  if (cell.suppressed) return Array<TableValue>(13).fill(SUPPRESSED);
  return [
    cell.n,
    round(cell.meanDiff, 2),
    round(cell.ci95?.[0], 2),
    round(cell.ci95?.[1], 2),
    round(cell.medianDiff, 2),
    NOT_APPLICABLE,
    NOT_APPLICABLE,
    pct(cell.shareNegative),
    pct(cell.shareZero),
    pct(cell.sharePositive),
    round(cell.wPlus, 1),
    round(cell.z, 3),
    round(cell.p, 4),
  ];
}

function headlineRow(cell: Cell<ItemFigures> | undefined): TableValue[] {
  if (!cell || cell.suppressed || !cell.oecd) return Array<TableValue>(13).fill(SUPPRESSED);
  return [cell.oecd.base, round(cell.oecd.mean, 2), ...Array<TableValue>(11).fill(NOT_APPLICABLE)];
}

const COLLAPSE_SHARE = 0.95;
const COLLAPSED: Record<"L5" | "M5", { code: string; label: string; codes: string[] }[]> = {
  L5: [
    { code: "disagree", label: "Strongly disagree or disagree", codes: ["1", "2"] },
    { code: "neither", label: "Neither agree nor disagree", codes: ["3"] },
    { code: "agree", label: "Agree or strongly agree", codes: ["4", "5"] },
  ],
  M5: [
    { code: "low", label: "Not started or planning", codes: ["0", "1"] },
    { code: "middle", label: "Piloting or partly in place", codes: ["2"] },
    { code: "high", label: "Mostly in place or fully embedded", codes: ["3", "4"] },
  ],
};

/** Rows (category, label, count, base, percent) of one item in one group. */
function itemRows(instrument: Instrument, item: Item, cell: Cell<ItemFigures> | undefined): TableValue[][] {
  const labelOf = (code: string) =>
    (isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? [])).find((o) => o.code === code)?.label ?? code;
  const categories = (): { code: string; label: string }[] => {
    if (item.scale === "T11")
      return [
        { code: "low", label: "Low or no trust (0 to 4)" },
        { code: "neutral", label: "Neutral (5)" },
        { code: "high", label: "High or moderately high trust (6 to 10)" },
        { code: "dk", label: labelOf("dk") },
      ];
    return scaleCodes(item).map((code) => ({ code, label: labelOf(code) }));
  };
  if (!cell || cell.suppressed) return categories().map((c) => [c.code, c.label, SUPPRESSED, SUPPRESSED, SUPPRESSED]);
  if ((item.scale === "L5" || item.scale === "M5") && cell.distribution) {
    const d = cell.distribution;
    const top = Math.max(0, ...d.categories.map((c) => c.count));
    const dkRow: TableValue[] = ["dk", labelOf("dk"), d.dk, d.base, NOT_APPLICABLE];
    // A document already in three categories (decision 062: small counts merged) keeps them, in order.
    if (cell.collapsed) {
      return [...COLLAPSED[item.scale].map((c, i) => [c.code, c.label, d.categories[i]?.count ?? 0, d.base, d.categories[i]?.percent ?? NOT_AVAILABLE]), dkRow];
    }
    if (d.base > 0 && top >= COLLAPSE_SHARE * d.base) {
      return [
        ...COLLAPSED[item.scale].map((c) => {
          const count = d.categories.filter((x) => c.codes.includes(x.code)).reduce((s, x) => s + x.count, 0);
          return [c.code, c.label, count, d.base, wholePercent(count, d.base) ?? NOT_AVAILABLE];
        }),
        dkRow,
      ];
    }
    return [...d.categories.map((c) => [c.code, labelOf(c.code), c.count, d.base, c.percent ?? NOT_AVAILABLE]), dkRow];
  }
  if (item.scale === "T11" && cell.oecd) {
    const o = cell.oecd;
    return [
      ...o.groups.map((g) => [g.group, categories().find((c) => c.code === g.group)?.label ?? g.label, g.count, o.base, g.percent ?? NOT_AVAILABLE]),
      ["dk", labelOf("dk"), o.dk, o.base, NOT_APPLICABLE],
    ];
  }
  // choice and multi: counts per option, percent of the responses to the item.
  return (item.options ?? []).map((o) => {
    const count = cell.counts[o.code] ?? 0;
    return [o.code, o.label, count, cell.n, wholePercent(count, cell.n) ?? NOT_AVAILABLE];
  });
}

function publishedItems(instrument: Instrument): Item[] {
  return allItems(instrument).filter((i) => isScoredScale(i.scale) || i.scale === "choice" || i.scale === "multi");
}

function codebookRows(instrument: Instrument, k: number): TableValue[][] {
  const suppression = `[c] when the group has fewer than ${k} responding councils, when the measure's own n is under ${k}, or when the audit withholds the group so that no difference between published groups, breakdowns or releases isolates 1 to ${k - 1} councils.`;
  const sectionOf = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.id, s] as const)));
  const rows: TableValue[][] = [];
  for (const index of instrument.indices) {
    const section = sectionOf.get(index.itemIds[0]!)?.title ?? "";
    const reversed = index.itemIds.filter((id) => allItems(instrument).find((i) => i.id === id)?.reverse);
    rows.push([
      index.code,
      "index",
      section,
      index.title,
      "0 to 100",
      `Per council: the mean of ${index.itemIds.join(", ")} rescaled to 0 to 100 (agreement (x − 1) × 25, maturity x × 25)${reversed.length ? `, ${reversed.join(", ")} reversed first` : ""}, when at least ${index.minAnswered} of ${index.itemIds.length} are answered other than Don't know. Published per group: n, mean, 95% t interval, median, SD, Cronbach's alpha.`,
      `Higher means ${index.description.replace(/^higher means /i, "")}`,
      suppression,
    ]);
  }
  rows.push([
    "GAP",
    "gap",
    "Local trust in central government; perceived central trust",
    "The trust gap: LTC − PCT within each council",
    "−100 to 100",
    "Per council LTC − PCT when both exist. Published per group: n pairs, mean difference with 95% t interval, median difference, shares negative/zero/positive, Wilcoxon signed-rank test (two-sided, zero differences dropped, normal approximation, tie-corrected, continuity correction): W+, z, p.",
    "Positive: the council trusts the centre more than it feels trusted by it",
    suppression,
  ]);
  rows.push([
    "HEADLINE_GAP",
    "gap",
    "Local trust in central government; perceived central trust",
    "The headline trust gap: LTC1 − PCT1 within each council",
    "−10 to 10",
    "Per council LTC1 − PCT1 when neither is Don't know; published as GAP.",
    "Positive: the council trusts the centre more than it feels trusted by it",
    suppression,
  ]);
  for (const item of publishedItems(instrument)) {
    const section = sectionOf.get(item.id)?.title ?? "";
    const codes = isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? []);
    const scale = `${item.scale}: ${codes.map((c) => `${c.code} ${c.label}`).join("; ")}`;
    const construction =
      item.scale === "T11"
        ? "Counts and whole-number percentages of low or no trust (0 to 4), neutral (5) and high or moderately high trust (6 to 10), Don't know counted separately and excluded from the base; the mean (0 to 10) is in indices.csv."
        : item.scale === "multi"
          ? `Counts of each option (up to ${item.maxChoices ?? "several"} per council) and percentages of the councils answering the item.`
          : item.scale === "choice"
            ? "Counts of each option and percentages of the councils answering the item."
            : "Counts and whole-number percentages of each answer, Don't know counted separately and excluded from the base; collapsed to three categories when 95% or more of the group give the same answer.";
    const polarity = item.reverse
      ? "Reverse-worded: agreement means the opposite of the index's direction (flipped before scoring)"
      : isScoredScale(item.scale)
        ? "Higher codes mean more agreement, maturity or trust"
        : "Not ordered";
    rows.push([item.id, "item", section, item.text, scale, construction, polarity, suppression]);
  }
  return rows;
}

/** The release document: tidy tables of every group of the audited public snapshot. */
export function buildReleaseDocument(instrument: Instrument, views: Map<string, SnapshotViewDocument>, meta: ReleaseMeta): ReleaseDocument {
  const groups = releaseGroups(views);
  const responses: TableValue[][] = [];
  const indices: TableValue[][] = [];
  const items: TableValue[][] = [];
  const published = publishedItems(instrument);
  for (const { breakdown, group, view } of groups) {
    const s: WaveSummary = view.summary;
    const asAt = s.figuresAsOf ?? meta.snapshot.cutAt;
    responses.push(
      s.responses.suppressed
        ? [breakdown, group, s.population, SUPPRESSED, SUPPRESSED, SUPPRESSED]
        : [breakdown, group, s.population, s.responses.submitted, wholePercent(s.responses.submitted, s.population) ?? NOT_AVAILABLE, asAt],
    );
    for (const code of INDEX_CODES) indices.push([breakdown, group, code, ...indexRow(s.indices[code])]);
    indices.push([breakdown, group, "GAP", ...gapRow(s.gaps.GAP)]);
    indices.push([breakdown, group, "HEADLINE_GAP", ...gapRow(s.gaps.HEADLINE_GAP)]);
    indices.push([breakdown, group, "LTC1", ...headlineRow(countedCell(s.items.LTC1))]);
    indices.push([breakdown, group, "PCT1", ...headlineRow(countedCell(s.items.PCT1))]);
    for (const item of published) for (const row of itemRows(instrument, item, countedCell(s.items[item.id]))) items.push([breakdown, group, item.id, ...row]);
  }
  return { format: 1, meta, tables: { responses, indices, items, codebook: codebookRows(instrument, meta.k) } };
}

// ---------------------------------------------------------------------------------------------
// Reading

export const SPREADSHEET = "spreadsheet.ods";
/** Every file of a release, in the order the page lists them. */
export const RELEASE_FILES = ["datapackage.json", ...DATA_FILES, ...DATA_FILES.map((f) => `${f}-metadata.json`), SPREADSHEET] as const;

export interface PublishedWave {
  slug: string;
  meta: ReleaseMeta;
}

/** The latest release of every published wave, newest wave first. */
export async function listPublishedData(db: Db): Promise<PublishedWave[]> {
  return (await listLatestReleases(db)).map((r) => ({ slug: r.slug, meta: (JSON.parse(r.document) as ReleaseDocument).meta }));
}

export interface WaveRelease {
  document: ReleaseDocument;
  releases: { seq: number; publishedAt: string; revisionNote: string | null }[];
}

/** A release of a published wave (the latest when seq is null); null when the wave is not published or has no such release. */
export async function getRelease(db: Db, slug: string, seq: number | null): Promise<WaveRelease | null> {
  const wave = await getWaveBySlug(db, slug);
  if (!wave || wave.status !== "published") return null;
  const rows: DataReleaseRow[] = await listReleases(db, wave.id);
  const row = seq === null ? rows.at(-1) : rows.find((r) => r.seq === seq);
  if (!row) return null;
  return {
    document: JSON.parse(row.document) as ReleaseDocument,
    releases: rows.map((r) => ({ seq: r.seq, publishedAt: r.published_at, revisionNote: r.revision_note })),
  };
}

/** One file of a release, or null when there is no such file. */
export function releaseFile(document: ReleaseDocument, name: string): { body: string | Buffer; contentType: string } | null {
  if (name === SPREADSHEET) return { body: odsWorkbook(document), contentType: "application/vnd.oasis.opendocument.spreadsheet" };
  return releaseTextFiles(document).get(name) ?? null;
}

/** The HTTP response for a file of a release; 404 for an unpublished wave, an unknown release or file. */
export async function openDataFileResponse(db: Db, slug: string, seq: number | null, name: string): Promise<Response> {
  const release = seq === -1 ? null : await getRelease(db, slug, seq);
  const file = release ? releaseFile(release.document, name) : null;
  if (!file) throw new Response("Not found", { status: 404 });
  const disposition = name.endsWith(".ods") ? `attachment; filename="${packageNameOf(release!.document)}.ods"` : "inline";
  const body = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
  return new Response(body, { headers: { "Content-Type": file.contentType, "Content-Disposition": disposition, "Cache-Control": "public, max-age=300" } });
}

/** At start-up: freezes the first release of every published wave that has none; returns how many. */
export async function prepareReleases(ctx: SnapshotContext, options: Omit<PublishOptions, "revisionNote">): Promise<number> {
  let made = 0;
  for (const wave of await listPublishedWavesWithoutRelease(ctx.db)) {
    const result = await publishRelease(ctx, wave.slug, options);
    if (result.ok) made++;
    else if (!/at the same time/.test(result.message)) console.error(`open data of wave ${wave.slug}: ${result.message}`);
  }
  return made;
}
