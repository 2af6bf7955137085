import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { neutraliseFormula } from "../domain/csv";
import { allItems, isScoredScale, type Instrument } from "../domain/instrument";
import type { Db } from "../models/db-types";
import { SCORE_COLUMNS, listSubmittedResponsePage } from "../models/microdata.server";
import type { AggregateTable, TableCell } from "./aggregate-tables.server";

type Row = TableCell[];

/** The aggregate tables one after another in one CSV: a title line, the header, the rows, a blank line. */
export function* aggregateCsvRows(tables: readonly AggregateTable[]): Generator<Row> {
  for (const table of tables) {
    yield [table.title];
    yield table.head;
    for (const row of table.rows) yield row;
    yield [];
  }
}

/** One worksheet per table, written with ExcelJS's streaming writer; text cells are neutralised like CSV ones. */
export function aggregateXlsxResponse(filename: string, tables: readonly AggregateTable[]): Response {
  const pass = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  const safe = (v: TableCell) => (typeof v === "string" ? neutraliseFormula(v) : v);
  void (async () => {
    try {
      for (const table of tables) {
        const sheet = workbook.addWorksheet(table.name.slice(0, 31));
        sheet.addRow([safe(table.title)]).commit();
        const head = sheet.addRow(table.head.map(safe));
        head.font = { bold: true };
        head.commit();
        for (const row of table.rows) sheet.addRow(row.map(safe)).commit();
        sheet.commit();
      }
      await workbook.commit();
    } catch (error) {
      pass.destroy(error as Error);
    }
  })();
  return new Response(Readable.toWeb(pass) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Microdata columns: council identifiers, every item id, then the stored indices. */
export function microdataHead(instrument: Instrument): string[] {
  return [
    "gss_code",
    "council",
    "type",
    "region",
    "nation",
    "reference",
    "submitted_at",
    ...allItems(instrument).map((i) => i.id),
    ...SCORE_COLUMNS.map((c) => c.toUpperCase()),
  ];
}

/** One row per submitted response of the wave, read in pages of 100 so the whole wave is never held in memory. dk stays "dk"; multi answers stay "code;code". */
export async function* microdataRows(db: Db, waveId: number, instrument: Instrument): AsyncGenerator<Row> {
  const items = allItems(instrument);
  yield microdataHead(instrument);
  let after = 0;
  for (;;) {
    const page = await listSubmittedResponsePage(db, { waveId, after, limit: 100 });
    if (page.length === 0) return;
    for (const r of page) {
      const mine = r.answers;
      yield [
        r.gss_code,
        r.name,
        r.type,
        r.region,
        r.nation,
        r.reference,
        r.submitted_at,
        ...items.map((i) => mine.get(i.id) ?? null),
        ...SCORE_COLUMNS.map((c) => r[c] ?? null),
      ];
    }
    after = page[page.length - 1]!.id;
  }
}

/** The codebook: every variable with its label, type and value labels, then the index definitions. */
export function* codebookRows(instrument: Instrument): Generator<Row> {
  yield ["variable", "short_label", "label", "type", "values", "notes"];
  for (const [name, label] of [
    ["gss_code", "GSS code of the council"],
    ["council", "Council name"],
    ["type", "Council type (register code: CTY, NMD, UA, MD, LBO, CC, SCO, WPA, NID)"],
    ["region", "Region"],
    ["nation", "Nation"],
    ["reference", "Response reference"],
    ["submitted_at", "When the response was last submitted (ISO 8601, UTC)"],
  ] as const) {
    yield [name, null, label, "text", null, null];
  }
  for (const item of allItems(instrument)) {
    const labels = isScoredScale(item.scale) ? instrument.scaleLabels[item.scale] : (item.options ?? []);
    const values = labels.map((o) => `${o.code}=${o.label}`).join("; ");
    const notes = [
      item.reverse ? "reverse-coded in its index" : null,
      item.scale === "multi" ? "several codes joined with ';'" : null,
      item.showWhen ? `asked only when ${item.showWhen.itemId} = ${item.showWhen.equals}` : null,
      item.scale === "percent" ? "whole number 0–100" : null,
      item.scale === "integer" ? "whole number ≥ 0" : null,
      item.scale === "text" ? "free text" : null,
      "blank = not answered",
    ].filter((n): n is string => n !== null);
    yield [item.id, item.short, item.text, item.scale, values || null, notes.join("; ")];
  }
  for (const index of instrument.indices) {
    yield [
      index.code,
      index.title,
      `${index.title}: ${index.description}`,
      "index 0–100",
      null,
      `mean of ${index.itemIds.join(", ")} rescaled to 0–100 (reverse-coded items flipped); needs at least ${index.minAnswered} answered other than dk`,
    ];
  }
  yield ["GAP", "Trust gap", "Trust gap: LTC − PCT", "index −100–100", null, "when both LTC and PCT exist"];
  yield ["HEADLINE_GAP", "Headline trust gap", "Headline trust gap: LTC1 − PCT1", "−10–10", null, "when neither is dk"];
  for (const k of ["2", "3", "4", "5", "6"])
    yield [`GAP${k}`, `Pair gap ${k}`, `Pair gap LTC${k} − PCT${k} (rescaled, after reverse coding)`, "−100–100", null, null];
}
