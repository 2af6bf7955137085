import { defineConfig } from "vitest/config";

// Scale and fault tests: real server processes on the production build, so they run after
// `npm run build`, one file at a time. `*.scale.ts` run on SQLite; `*.pg-scale.ts` need PostgreSQL.
export default defineConfig({
  test: {
    include: process.env.SCALE_INCLUDE_PG === "1" ? ["e2e/scale/**/*.scale.ts", "e2e/scale/**/*.pg-scale.ts"] : ["e2e/scale/**/*.scale.ts"],
    environment: "node",
    setupFiles: ["./vitest.setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
