import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "cli/**/*.test.ts", "e2e/**/*.unit.test.ts"],
    environment: "node",
    setupFiles: ["./vitest.setup.ts"],
    // The data-layer suites share one PostgreSQL database; run files one at a time.
    fileParallelism: false,
  },
});
