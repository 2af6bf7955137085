import { exportFileName } from "../domain/export-names";
import { getInstrument } from "../domain/instruments";
import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { aggregateTables } from "./aggregate-tables.server";
import { auditActor, requireAdmin, requireStaff } from "./auth.server";
import { csvResponse } from "./csv-stream.server";
import { aggregateCsvRows, aggregateXlsxResponse, codebookRows, microdataRows } from "./exports.server";
import { clientAddress } from "./request.server";
import { filtersFromUrl } from "./wave-summary.server";
import { staffSnapshotView } from "./wave-summary-thread.server";
import { requireWave } from "./waves.server";

// The loaders of the export routes: authorise, audit, stream.

export async function aggregateExport(request: Request, slug: string, format: "csv" | "xlsx"): Promise<Response> {
  const user = await requireStaff(request);
  const db = getDb();
  const filters = filtersFromUrl(new URL(request.url));
  const result = await staffSnapshotView(slug, filters);
  const tables = aggregateTables(result.summary, getInstrument(result.summary.instrumentVersion));
  await recordAudit(db, {
    actor: auditActor(user),
    action: `export.aggregates.${format}`,
    targetType: "wave",
    targetId: slug,
    detail: { filters: result.summary.filters, snapshot: result.summary.snapshot?.cutAt ?? null },
    clientAddress: clientAddress(request),
  });
  const name = exportFileName(slug, "aggregates", result.summary.filters, format);
  return format === "csv" ? csvResponse(name, aggregateCsvRows(tables)) : aggregateXlsxResponse(name, tables);
}

export async function microdataExport(request: Request, slug: string): Promise<Response> {
  const user = await requireAdmin(request);
  const db = getDb();
  const wave = await requireWave(db, slug);
  await recordAudit(db, { actor: auditActor(user), action: "export.microdata.csv", targetType: "wave", targetId: slug, clientAddress: clientAddress(request) });
  return csvResponse(`localtrust-${slug}-microdata.csv`, microdataRows(db, wave.id, getInstrument(wave.instrument_version)));
}

export async function codebookExport(request: Request, slug: string): Promise<Response> {
  const user = await requireAdmin(request);
  const db = getDb();
  const wave = await requireWave(db, slug);
  await recordAudit(db, { actor: auditActor(user), action: "export.codebook.csv", targetType: "wave", targetId: slug, clientAddress: clientAddress(request) });
  return csvResponse(`localtrust-${slug}-codebook.csv`, codebookRows(getInstrument(wave.instrument_version)));
}
