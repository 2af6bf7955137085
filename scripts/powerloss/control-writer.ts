// The power-loss test's control writer: `node --import tsx control-writer.ts <file> <off|normal|full>`.
// Creates a table (synced), then inserts rows one commit at a time with the given
// PRAGMA synchronous and prints "ack <id>" after each commit returns, until it is killed.
// With OFF nothing is ever fsynced, so a power cut must lose acknowledged rows; with FULL every
// commit fsyncs the WAL, so none may be lost. The harness uses it to prove it can see both.
import SqliteDatabase from "better-sqlite3";

const [file, mode] = process.argv.slice(2);
if (!file || !["off", "normal", "full"].includes(mode ?? "")) throw new Error("usage: control-writer.ts <file> <off|normal|full>");
const db = new SqliteDatabase(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec("create table if not exists control (id integer primary key, body text not null)");
db.pragma(`synchronous = ${mode!.toUpperCase()}`);
const insert = db.prepare("insert into control (body) values (?)");
const body = "x".repeat(200);
process.stdout.write("ready\n");
for (;;) {
  const { lastInsertRowid } = insert.run(body);
  process.stdout.write(`ack ${lastInsertRowid}\n`);
  // Let stdout drain now and then so the harness sees acknowledgements as they happen.
  if (Number(lastInsertRowid) % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
}
