import { getDatabase } from "../db.server";
import { pingDatabase } from "../models/database.server";
import { migrationState } from "../../db/migrate";

export type Health =
  { status: "ok" | "degraded"; database: string; migrations: "current" | "pending" } | { status: "error"; database: string; migrations: "unknown" };

/** GET /healthz: the database answers and every migration has run ("ok"), some are pending ("degraded"), or it cannot be reached ("error"). */
export async function checkHealth(): Promise<Health> {
  const { db, dialect } = getDatabase();
  try {
    await pingDatabase(db);
    const migrations = await migrationState(db);
    return { status: migrations === "current" ? "ok" : "degraded", database: dialect, migrations };
  } catch (error) {
    console.error("[healthz] database unreachable:", error);
    return { status: "error", database: dialect, migrations: "unknown" };
  }
}
