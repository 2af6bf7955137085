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

export default defineConfig({
  testDir: "./e2e",
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
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: { PORT: String(PORT), PUBLIC_URL: `http://localhost:${PORT}`, DATABASE_URL, NODE_ENV: "production", SESSION_SECRET: "e2e-session-secret-that-is-long-enough-1234", REQUIRE_STAFF_MFA: "false" },
  },
});
