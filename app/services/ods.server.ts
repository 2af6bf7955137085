import zlib from "node:zlib";
import { TABLES, citation, releaseNotes, type ReleaseDocument, type TableValue } from "../domain/open-data";

// The release as an OpenDocument spreadsheet (ODS, as the Analysis Function's "Releasing statistics
// in spreadsheets" guidance prefers; decision 044): a cover sheet, a notes sheet and one table per
// sheet, each with its title in cell A1. Written here rather than with a library so that the file is
// the same bytes every time (a zip library stamps the current time on every entry): entries carry
// the release's publication time, and the content is generated from the frozen release document.

const xml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function cell(value: TableValue, style?: string): string {
  const st = style ? ` table:style-name="${style}"` : "";
  if (typeof value === "number") return `<table:table-cell${st} office:value-type="float" office:value="${value}"><text:p>${value}</text:p></table:table-cell>`;
  return `<table:table-cell${st} office:value-type="string"><text:p>${xml(value)}</text:p></table:table-cell>`;
}

const row = (values: TableValue[], style?: string) => `<table:table-row>${values.map((v) => cell(v, style)).join("")}</table:table-row>`;

function sheet(name: string, rows: string[]): string {
  return `<table:table table:name="${xml(name)}"><table:table-column table:number-columns-repeated="16"/>${rows.join("")}</table:table>`;
}

function content(doc: ReleaseDocument): string {
  const m = doc.meta;
  const sheets: string[] = [];
  sheets.push(
    sheet("Cover", [
      row([`${m.wave.title}: open data, release ${m.release.seq}`], "title"),
      row([`Aggregate figures of the LocalTrust survey of councils. Published ${m.release.publishedAt.slice(0, 10)} by ${m.publisher}.`]),
      row([`Licence: ${m.licence.title} (${m.licence.path})`]),
      row([`How to cite: ${citation(doc)}`]),
      row(["Contents"], "heading"),
      row(["Sheet", "Title"], "heading"),
      row(["Notes", "Notes on the method, symbols and suppression"]),
      ...TABLES.map((t) => row([t.name, t.title])),
    ]),
  );
  sheets.push(sheet("Notes", [row(["Notes"], "title"), row(["Note", "Text"], "heading"), ...releaseNotes(doc).map((text, i) => row([`Note ${i + 1}`, text]))]));
  for (const t of TABLES) {
    sheets.push(
      sheet(t.name, [
        row([t.title], "title"),
        row([`${t.description} [c] = confidential (suppressed), [x] = not available, [z] = not applicable. See the Notes sheet.`]),
        row(
          t.fields.map((field) => field.name),
          "heading",
        ),
        ...doc.tables[t.name].map((r) => row(r)),
      ]),
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">` +
    `<office:automatic-styles><style:style style:name="title" style:family="table-cell"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style><style:style style:name="heading" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>` +
    `<office:body><office:spreadsheet>${sheets.join("")}</office:spreadsheet></office:body></office:document-content>\n`
  );
}

function meta(doc: ReleaseDocument): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"><office:meta><dc:title>${xml(`${doc.meta.wave.title}: open data, release ${doc.meta.release.seq}`)}</dc:title><dc:creator>${xml(doc.meta.publisher)}</dc:creator><meta:creation-date>${xml(doc.meta.release.publishedAt.replace(/Z$/, ""))}</meta:creation-date><dc:language>en-GB</dc:language></office:meta></office:document-meta>\n`;
}

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet" manifest:version="1.3"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>\n`;

/** A zip archive with fixed entry times; the first entry (mimetype) is stored, the rest deflated. */
export function zip(entries: { name: string; data: Buffer; store?: boolean }[], date: Date): Buffer {
  const dosTime = ((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2)) & 0xffff;
  const dosDate = (((Math.max(1980, date.getUTCFullYear()) - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const body = entry.store ? entry.data : zlib.deflateRawSync(entry.data, { level: 9 });
    const crc = zlib.crc32(entry.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(entry.store ? 0 : 8, 8);
    header.writeUInt16LE(dosTime, 10);
    header.writeUInt16LE(dosDate, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(entry.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.store ? 0 : 8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, name, body);
    centrals.push(central, name);
    offset += header.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The release's spreadsheet (ODS), the same bytes for the same release document. */
export function odsWorkbook(doc: ReleaseDocument): Buffer {
  return zip(
    [
      { name: "mimetype", data: Buffer.from("application/vnd.oasis.opendocument.spreadsheet"), store: true },
      { name: "META-INF/manifest.xml", data: Buffer.from(MANIFEST) },
      { name: "meta.xml", data: Buffer.from(meta(doc)) },
      { name: "content.xml", data: Buffer.from(content(doc)) },
    ],
    new Date(doc.meta.release.publishedAt),
  );
}
