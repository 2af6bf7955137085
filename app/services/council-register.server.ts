import { parseCouncilRegister, planRegisterChanges, type RegisterFormat, type RegisterPlan } from "../domain/council-register";
import { recordAudit, type AuditActor } from "../models/audit.server";
import { listRegisteredCouncils, writeRegisterPlan } from "../models/council.server";
import { inTransaction, type Db } from "../models/db-types";

// Import of the council register (decision 056), the one path for `npm run councils:import` and the
// admin page /admin/councils/import: parse and validate the whole file (every problem at once,
// nothing changes if any), plan the changes against the register (added, updated, retired), and
// either show the plan (a check) or write it with one audit record "councils.imported" in one
// transaction. The plan is made again inside the transaction, so a confirm writes what the
// register needs then, not a stale preview.

export interface RegisterImportRequest {
  text: string;
  /** The file is not the whole register: councils missing from it are left alone. */
  partial: boolean;
  /** Check only: the plan, nothing written, nothing audited. */
  dryRun?: boolean;
}

export type RegisterImportResult =
  | { ok: true; dryRun: boolean; format: RegisterFormat; inFile: number; skipped: number; fullRegister: boolean; plan: RegisterPlan }
  | { ok: false; errors: string[] };

export async function importCouncilRegister(
  db: Db,
  context: { actor: AuditActor | null; clientAddress: string | null },
  request: RegisterImportRequest,
): Promise<RegisterImportResult> {
  const parsed = parseCouncilRegister(request.text, { partial: request.partial });
  if (!parsed.ok) return parsed;
  const options = { fullRegister: parsed.isFullRegister };
  const summary = { format: parsed.format, inFile: parsed.inFile, skipped: parsed.skipped, fullRegister: parsed.isFullRegister };
  if (request.dryRun) return { ok: true, dryRun: true, ...summary, plan: planRegisterChanges(await listRegisteredCouncils(db), parsed.rows, options) };
  return inTransaction(db, async (trx) => {
    const plan = planRegisterChanges(await listRegisteredCouncils(trx), parsed.rows, options);
    const counts = await writeRegisterPlan(trx, plan);
    await recordAudit(trx, {
      actor: context.actor,
      clientAddress: context.clientAddress,
      action: "councils.imported",
      targetType: "council-register",
      detail: { ...counts, inFile: parsed.inFile, skipped: parsed.skipped, fullRegister: parsed.isFullRegister, format: parsed.format },
    });
    return { ok: true as const, dryRun: false, ...summary, plan };
  });
}
