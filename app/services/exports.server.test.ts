import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLine } from "../domain/csv";
import { answerLabel } from "../domain/answer-labels";
import { allItems } from "../domain/instrument";
import { getInstrument } from "../domain/instruments";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { seedDemo } from "../../cli/seed/demo";
import { aggregateTables, SUPPRESSED } from "./aggregate-tables.server";
import { aggregateCsvRows, aggregateXlsxResponse, codebookRows, microdataRows } from "./exports.server";
import { buildWaveSummary } from "./wave-summary.server";

async function collect<T>(rows: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe(`exports on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  const instrument = getInstrument(1);
  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemo(handle.db, { now: new Date("2026-11-27T09:00:00Z") });
    // A hostile council name and free-text answer, as could arrive from an import or a respondent.
    const wave = await handle.db.selectFrom("waves").select("id").where("slug", "=", "2026").executeTakeFirstOrThrow();
    const target = await handle.db
      .selectFrom("responses")
      .select(["id", "council_id"])
      .where("wave_id", "=", wave.id)
      .where("status", "=", "submitted")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await handle.db.updateTable("councils").set({ name: '=HYPERLINK("http://evil.example","x")' }).where("id", "=", target.council_id).execute();
    await handle.db.deleteFrom("answers").where("response_id", "=", target.id).where("item_id", "=", "FREE4").execute();
    await handle.db
      .insertInto("answers")
      .values({ response_id: target.id, item_id: "FREE4", value: "@SUM(1+1)*cmd|' /C calc'!A0", updated_at: "2026-11-01T00:00:00Z", updated_by: null })
      .execute();
  }, 120_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("neutralises formulas in the microdata and keeps dk", async () => {
    const wave = await handle.db.selectFrom("waves").select("id").where("slug", "=", "2026").executeTakeFirstOrThrow();
    const rows = await collect(microdataRows(handle.db, wave.id, instrument));
    const text = rows.map(csvLine).join("");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toMatch(/(^|,)dk(,|\r)/m);
    const submitted = await handle.db.selectFrom("responses").select("id").where("wave_id", "=", wave.id).where("status", "=", "submitted").execute();
    expect(rows.length).toBe(submitted.length + 1);
    expect(rows[0]).toContain("PRESC1");
  });

  it("keeps suppressed cells suppressed in the aggregate CSV and XLSX", async () => {
    const result = (await buildWaveSummary(handle.db, "2026", { type: "NID" }))!;
    const tables = aggregateTables(result.summary, instrument);
    const indices = tables.find((t) => t.name === "indices")!;
    for (const row of indices.rows) expect(row.slice(1).every((c) => c === SUPPRESSED)).toBe(true);
    const csv = [...aggregateCsvRows(tables)].map(csvLine).join("");
    // No mean, percentage or count of responses appears for the suppressed group.
    expect(csv).toContain("[c]");
    const items = tables.find((t) => t.name === "items")!;
    // The question is named (id, short label, wording); every figure is suppressed.
    expect(items.rows.every((r) => r.slice(3).every((c) => c === SUPPRESSED))).toBe(true);
    const numbers = tables.find((t) => t.name === "number_items")!;
    expect(numbers.rows.map((r) => r[0])).toEqual(["BURDEN7", "BURDEN8"]);
    expect(numbers.rows.every((r) => r.slice(3).every((c) => c === SUPPRESSED))).toBe(true);

    const response = aggregateXlsxResponse("x.xlsx", tables);
    const buffer = Buffer.from(await response.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet("indices")!;
    const values: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 2) values.push(...(row.values as unknown[]).slice(2));
    });
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v === SUPPRESSED)).toBe(true);
  });

  it("labels every answer row with the question's short label, its wording and the answer's label", async () => {
    const result = (await buildWaveSummary(handle.db, "2026"))!;
    const tables = aggregateTables(result.summary, instrument);
    const items = tables.find((t) => t.name === "items")!;
    expect(items.head).toEqual(["item", "short_label", "question", "code", "answer", "count", "percent", "n"]);
    // Whatever the audit lets through (five answers, three merged categories or, for 0–10 items, the
    // OECD groups), every row names its question and labels its answer in words, never by code.
    expect(items.rows.filter((r) => r[3] !== SUPPRESSED).length).toBeGreaterThan(0);
    for (const row of items.rows) {
      const item = allItems(instrument).find((i) => i.id === row[0])!;
      expect(row[1], String(row[0])).toBe(item.short);
      expect(row[2], String(row[0])).toBe(item.text);
      if (row[3] === SUPPRESSED) continue; // a withheld item: one row of [c]
      expect(row[4], `${row[0]} ${row[3]}`).toBe(answerLabel(instrument, item, String(row[3])));
      expect(row[4], `${row[0]} ${row[3]}`).not.toBe(row[3]);
    }
    expect(
      answerLabel(
        instrument,
        allItems(instrument).find((i) => i.id === "LTC2")!,
        "5",
      ),
    ).toBe("Strongly agree");
    expect(
      answerLabel(
        instrument,
        allItems(instrument).find((i) => i.id === "TECH1")!,
        "0",
      ),
    ).toBe("Not started");
    expect(
      answerLabel(
        instrument,
        allItems(instrument).find((i) => i.id === "TECH8")!,
        "lapsed",
      ),
    ).toBe("Lapsed");
    expect(
      answerLabel(
        instrument,
        allItems(instrument).find((i) => i.id === "PRESC1")!,
        "dk",
      ),
    ).toBe("Don't know");
    const numbers = tables.find((t) => t.name === "number_items")!;
    const burden7 = numbers.rows.find((r) => r[0] === "BURDEN7")!;
    const cell = result.summary.items.BURDEN7!;
    if (cell.suppressed || !("median" in cell)) throw new Error("BURDEN7 should be shown for the whole wave");
    expect(burden7.slice(3)).toEqual([
      cell.n,
      Number(cell.median!.toFixed(1)),
      Number(cell.q1!.toFixed(1)),
      Number(cell.q3!.toFixed(1)),
      Number(cell.mean!.toFixed(1)),
    ]);
  });

  it("shows in the aggregates exactly the groups the summary discloses, and neutralises text in the XLSX", async () => {
    const result = (await buildWaveSummary(handle.db, "2026"))!;
    const tables = aggregateTables(result.summary, instrument);
    const byType = tables.find((t) => t.name === "by_type")!;
    for (const group of result.summary.breakdowns.type) {
      const row = byType.rows.find((r) => r[0] === group.group)!;
      expect(row[2] === SUPPRESSED).toBe(group.suppressed);
    }
    const hostile = [{ name: "t", title: "=1+1", head: ["-a", "b"], rows: [["@x", -3]] }];
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await aggregateXlsxResponse("t.xlsx", hostile).arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet("t")!;
    expect(sheet.getCell("A1").value).toBe("'=1+1");
    expect(sheet.getCell("A2").value).toBe("'-a");
    expect(sheet.getCell("A3").value).toBe("'@x");
    expect(sheet.getCell("B3").value).toBe(-3);
  });

  it("writes a codebook with every item and the index definitions", () => {
    const rows = [...codebookRows(instrument)];
    const names = rows.map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(["PRESC1", "TECH9", "FREE4", "LTC", "GAP", "HEADLINE_GAP"]));
    expect(rows[0]).toEqual(["variable", "short_label", "label", "type", "values", "notes"]);
    expect(rows.find((r) => r[0] === "PRESC5")![5]).toContain("reverse-coded");
    expect(rows.find((r) => r[0] === "LTC2")!.slice(0, 3)).toEqual([
      "LTC2",
      "Centre keeps commitments",
      "Central government keeps the commitments it makes to councils.",
    ]);
    expect(rows.find((r) => r[0] === "BURDEN7")![1]).toBe("Team time on compliance (%)");
  });
});
