// Starts the built app (build/server.js, as `npm start` does) for the end-to-end tests on a fresh demo database.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { parseDatabaseUrl } from "../db/connection";
import { E2E_PG_DATABASE } from "../e2e/database";

const location = parseDatabaseUrl(process.env.DATABASE_URL ?? "file:./.cache/e2e/localtrust.sqlite");
if (location.dialect === "sqlite") {
  // Only the database file and its WAL companions are removed, never the folder: a URL such as
  // ./x.sqlite must not take the checkout with it.
  const file = path.resolve(location.file);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
} else {
  // A database of its own, made afresh: the e2e server never touches the database it was pointed at.
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query(`drop database if exists ${E2E_PG_DATABASE} with (force)`);
  await client.query(`create database ${E2E_PG_DATABASE}`);
  await client.end();
  const url = new URL(location.url);
  url.pathname = `/${E2E_PG_DATABASE}`;
  process.env.DATABASE_URL = url.toString();
}
if (process.env.E2E_SMTP_PORT) {
  // The mail server of e2e/email.spec.ts: a real SMTP server in this process, and its mailbox as
  // JSON on a loopback port (GET /messages) for the tests to read.
  const http = await import("node:http");
  const { startTestSmtpServer } = await import("./smtp-test-server");
  const smtp = await startTestSmtpServer(Number(process.env.E2E_SMTP_PORT));
  http
    .createServer((req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(req.url === "/messages" ? smtp.messages : []));
    })
    .listen(Number(process.env.E2E_MAILBOX_PORT), "127.0.0.1");
}
await import(pathToFileURL(path.resolve("build/server.js")).href);
