import { getDb } from "../db.server";
import { isDemoDatabase } from "../models/meta.server";

/** True while the database holds the demo: every page shows the "Demo data" banner. */
export async function showsDemoBanner(): Promise<boolean> {
  return isDemoDatabase(getDb());
}
