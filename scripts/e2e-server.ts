// Starts the built app for the end-to-end tests on a fresh demo database.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseDatabaseUrl } from "../db/connection";

const location = parseDatabaseUrl(process.env.DATABASE_URL ?? "file:./.cache/e2e/localtrust.sqlite");
if (location.dialect === "sqlite") {
  fs.rmSync(path.dirname(path.resolve(location.file)), { recursive: true, force: true });
} else {
  // A database of its own, made afresh: the e2e server never touches the database it was pointed at.
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query("drop database if exists localtrust_e2e with (force)");
  await client.query("create database localtrust_e2e");
  await client.end();
  const url = new URL(location.url);
  url.pathname = "/localtrust_e2e";
  process.env.DATABASE_URL = url.toString();
}
await import("../server");
