import { json } from "@remix-run/node";
import { sql } from "kysely";
import { getDatabase } from "../db.server";
import { migrationState } from "../../db/migrate";

export async function loader() {
  const { db, dialect } = getDatabase();
  try {
    await sql`select 1`.execute(db);
    const migrations = await migrationState(db);
    return json(
      { status: migrations === "current" ? "ok" : "degraded", database: dialect, migrations },
      { status: migrations === "current" ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    console.error("[healthz] database unreachable:", error);
    return json({ status: "error", database: dialect, migrations: "unknown" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
