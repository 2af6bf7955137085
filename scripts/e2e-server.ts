// Starts the built app for the end-to-end tests on a fresh demo database.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseDatabaseUrl } from "../db/connection";

const location = parseDatabaseUrl(process.env.DATABASE_URL ?? "file:./.cache/e2e/localtrust.sqlite");
if (location.dialect === "sqlite") {
  fs.rmSync(path.dirname(path.resolve(location.file)), { recursive: true, force: true });
} else {
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query("drop schema if exists public cascade; create schema public;");
  await client.end();
}
await import("../server");
