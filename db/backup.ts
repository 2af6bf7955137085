import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";

/** Online, consistent copy of a SQLite database with SQLite's backup API; writers may keep writing. */
export async function backupSqlite(sourceFile: string, targetFile: string): Promise<{ pages: number }> {
  if (fs.existsSync(targetFile)) throw new Error(`${targetFile} already exists: choose a new file for the backup`);
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const source = new SqliteDatabase(sourceFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // Copy in steps so a busy server keeps writing between them; SQLite restarts the copy if a
    // write lands on a copied page, so the result is one consistent moment.
    const result = await source.backup(targetFile, { progress: () => 256 });
    const check = checkIntegrity(targetFile);
    if (check !== "ok") throw new Error(`the backup failed its integrity check: ${check}`);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}

/** PRAGMA integrity_check and foreign_key_check of a SQLite file: "ok" or the first problems. */
export function checkIntegrity(file: string): string {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return String(integrity);
    const brokenKeys = db.pragma("foreign_key_check") as unknown[];
    return brokenKeys.length === 0 ? "ok" : `${brokenKeys.length} broken foreign keys`;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup back as the live database. The app must be stopped: the copy goes through SQLite's
 * backup API into the target, so its WAL is handled properly, after the backup passes its checks.
 */
export async function restoreSqlite(backupFile: string, targetFile: string): Promise<{ pages: number }> {
  const check = checkIntegrity(backupFile);
  if (check !== "ok") throw new Error(`${backupFile} is not a sound database (${check}); nothing was restored`);
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const source = new SqliteDatabase(backupFile, { readonly: true, fileMustExist: true });
  try {
    const result = await source.backup(targetFile);
    const target = new SqliteDatabase(targetFile);
    target.pragma("journal_mode = WAL");
    target.close();
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}
