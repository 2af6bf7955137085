import { csvLine } from "../domain/csv";

type Row = readonly (string | number | null | undefined)[];

/** A streamed CSV response: rows are encoded as they are pulled, with a UTF-8 BOM so spreadsheets read the accents. */
export function csvResponse(filename: string, rows: AsyncIterable<Row> | Iterable<Row>): Response {
  const encoder = new TextEncoder();
  const iterator = (Symbol.asyncIterator in rows ? (rows as AsyncIterable<Row>)[Symbol.asyncIterator]() : (rows as Iterable<Row>)[Symbol.iterator]()) as
    AsyncIterator<Row> | Iterator<Row>;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(`${first ? "\uFEFF" : ""}${csvLine(next.value)}`));
      first = false;
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
