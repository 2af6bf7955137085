import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const CHROMIUM = "/usr/bin/chromium";
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(
    `The end-to-end tests drive Debian's Chromium at ${CHROMIUM}, which is not installed.\n` +
      "Install it with: sudo apt-get update && sudo apt-get install -y chromium",
  );
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
// The e2e server gets a fresh demo database each run; E2E_DATABASE_URL can point it at PostgreSQL.
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./.cache/e2e/localtrust.sqlite";
// A second app server for e2e/email.spec.ts (e2e/mail.ts): its own demo database, SMTP_URL pointing
// at a real SMTP server started in the same process, and a mailbox to read what arrived. The main
// server has no SMTP_URL, so the other specs keep seeing the links to copy.
const MAIL_PORT = PORT + 1;
const MAIL_DATABASE_URL = /^postgres/.test(process.env.E2E_DATABASE_URL ?? "") ? process.env.E2E_DATABASE_URL! : "file:./.cache/e2e-mail/localtrust.sqlite";
const SERVER_ENV = { NODE_ENV: "production", SESSION_SECRET: "e2e-session-secret-that-is-long-enough-1234", REQUIRE_STAFF_MFA: "false" };

export default defineConfig({
  testDir: "./e2e",
  // Unit tests of e2e helpers run under vitest.
  testIgnore: ["**/*.unit.test.ts"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Requests made by the tests' HTTP clients name the app as their Origin, as a browser's same-origin
    // form posts do: a state-changing request with no Origin, Referer or Sec-Fetch-Site is refused.
    extraHTTPHeaders: { Origin: `http://localhost:${PORT}` },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command: "tsx scripts/e2e-server.ts",
      url: `http://localhost:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: { ...SERVER_ENV, PORT: String(PORT), PUBLIC_URL: `http://localhost:${PORT}`, DATABASE_URL },
    },
    {
      command: "tsx scripts/e2e-server.ts",
      url: `http://localhost:${MAIL_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        ...SERVER_ENV,
        PORT: String(MAIL_PORT),
        PUBLIC_URL: `http://localhost:${MAIL_PORT}`,
        DATABASE_URL: MAIL_DATABASE_URL,
        E2E_PG_DATABASE: `${process.env.E2E_PG_DATABASE ?? "localtrust_e2e"}_mail`,
        E2E_SMTP_PORT: String(PORT + 2),
        E2E_MAILBOX_PORT: String(PORT + 3),
        SMTP_URL: `smtp://127.0.0.1:${PORT + 2}`,
        MAIL_FROM: "LocalTrust <no-reply@localtrust.test>",
        REMINDER_DAYS_BEFORE: "off",
      },
    },
  ],
});
