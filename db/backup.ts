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
    // On disk before "done": a power cut after the command says so must not lose the copy.
    syncFileAndFolder(targetFile);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}

/**
 * fsync of a SQLite file (and of its -wal, if it has one with content) and then of the folder that
 * holds their names: once this returns, the file survives a power cut.
 */
export function syncFileAndFolder(file: string) {
  const wal = `${file}-wal`;
  const files = fs.existsSync(wal) && fs.statSync(wal).size > 0 ? [file, wal] : [file];
  for (const each of [...files, path.dirname(path.resolve(file))]) {
    const fd = fs.openSync(each, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** PRAGMA integrity_check and foreign_key_check of a SQLite file: "ok" or the first problems. */
export function checkIntegrity(file: string): string {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return String(integrity);
    const brokenKeys = db.pragma("foreign_key_check") as unknown[];
    return brokenKeys.length === 0 ? "ok" : `${brokenKeys.length} broken foreign keys`;
  } catch (error) {
    // A file damaged badly enough makes the checks themselves fail (SQLITE_CORRUPT, SQLITE_NOTADB).
    return (error as Error).message;
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
    syncFileAndFolder(targetFile);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}
