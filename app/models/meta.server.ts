import type { Db } from "./db-types";
import { firstRow, preparedQuery } from "./prepared-query.server";

// Built and compiled once (decision 024): every page reads the demo flag.
const metaValue = preparedQuery((db, v: { key: string }) => db.selectFrom("app_meta").select("value").where("key", "=", v.key));

export async function getMeta(db: Db, key: string): Promise<string | null> {
  return (await firstRow(metaValue(db, { key })))?.value ?? null;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("app_meta")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

export async function isDemoDatabase(db: Db): Promise<boolean> {
  return (await getMeta(db, "demo_data")) === "true";
}
