import type { Db } from "./db-types";

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom("app_meta").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
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
