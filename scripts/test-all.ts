// `npm test`: type-check, lint, unit and data-layer tests (SQLite, then PostgreSQL when
// TEST_DATABASE_URL is a postgres:// URL), the production build, and the end-to-end tests.
import { spawnSync } from "node:child_process";

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const pgUrl = process.env.TEST_DATABASE_URL;
const usePostgres = Boolean(pgUrl && /^postgres(ql)?:\/\//.test(pgUrl));
const sqliteEnv = { TEST_DATABASE_URL: "" };

const steps: Step[] = [
  { name: "type-check", command: "npx", args: ["tsc", "--noEmit"] },
  { name: "lint", command: "npx", args: ["eslint", "--max-warnings=0", "."] },
  { name: "format check (Prettier)", command: "npx", args: ["prettier", "--check", "--log-level=warn", "."] },
  { name: "unit and data-layer tests on SQLite", command: "npx", args: ["vitest", "run"], env: sqliteEnv },
];
if (usePostgres) {
  steps.push({
    name: "data-layer tests on PostgreSQL",
    command: "npx",
    args: ["vitest", "run", "--dir", ".", "db", "cli", "app/models", "app/services"],
    env: { TEST_DATABASE_URL: pgUrl! },
  });
} else {
  console.log("note: TEST_DATABASE_URL is not a postgres:// URL, so the data-layer tests run on SQLite only");
}
steps.push({ name: "production build", command: "npm", args: ["run", "build"] });
steps.push({ name: "end-to-end tests on SQLite", command: "npx", args: ["playwright", "test"], env: { E2E_DATABASE_URL: "" } });
if (usePostgres && process.env.E2E_POSTGRES !== "false") {
  // The journeys and dashboards run on PostgreSQL too; the attack suite inspects the SQLite file and
  // tests behaviour that does not depend on the dialect, so it runs on SQLite only.
  steps.push({
    name: "end-to-end tests on PostgreSQL (journey, dashboards, accounts, email)",
    command: "npx",
    args: [
      "playwright",
      "test",
      "e2e/foundation.spec.ts",
      "e2e/survey-journey.spec.ts",
      "e2e/staff-dashboard.spec.ts",
      "e2e/accounts.spec.ts",
      "e2e/email.spec.ts",
    ],
    env: { E2E_DATABASE_URL: pgUrl! },
  });
}
// Scale and fault tests: real server processes on the production build. The *.pg-scale.ts tests
// (two processes, bad text on PostgreSQL) run only when TEST_DATABASE_URL is postgres://; the burst,
// bad-input, bad-text and behind-a-proxy tests use SQLite.
steps.push({
  name: `scale tests: deadline burst, bad input, bad text, behind a proxy${usePostgres ? "; two processes and bad text on PostgreSQL" : ""}`,
  command: "npx",
  args: ["vitest", "run", "--config", "vitest.scale.config.ts"],
  env: { SCALE_INCLUDE_PG: usePostgres ? "1" : "" },
});
steps.push({ name: "crash test (20 SIGKILL cycles on SQLite)", command: "npx", args: ["tsx", "scripts/crash-test.ts", "--cycles", "20"] });
// Power cuts: the power-cut file system's own tests, then 2 cycles of each phase (single
// posts, double posts, cuts right after an answer) after the harness proves it can see a loss.
steps.push({ name: "power-cut file system (cutfs) tests", command: "/usr/bin/python3", args: ["-m", "unittest", "scripts/powerloss/test_cutfs.py"] });
steps.push({ name: "power-loss test (2 cycles per phase on cutfs)", command: "npx", args: ["tsx", "scripts/powerloss-test.ts", "--cycles", "2"] });

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const env = { ...process.env, ...step.env };
  for (const [key, value] of Object.entries(step.env ?? {})) if (value === "") delete env[key];
  const run = spawnSync(step.command, step.args, { stdio: "inherit", env });
  const ok = run.status === 0;
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
  if (!ok) break;
}

console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length + (steps.length - results.length);
console.log(`${results.filter((r) => r.ok).length} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
