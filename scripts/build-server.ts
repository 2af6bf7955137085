// Compiles what production runs with plain `node` (decision 032): the HTTP server, the dashboard's
// worker thread and the command-line tools, bundled by esbuild into build/. Run by `npm run build`
// after `remix build` (which writes build/index.js, the app the server serves).
//
// Packages stay external: node loads them from node_modules at run time (better-sqlite3 and
// @node-rs/argon2 are native), so every package the bundles import must be a dependency, not a
// devDependency. The worker is written beside build/index.js, where wave-summary-thread.server.ts
// looks for it.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = process.cwd();
const cliDir = path.join(root, "cli");
const commands = fs
  .readdirSync(cliDir)
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts") && !["args.ts", "prepare-database.ts"].includes(name))
  .map((name) => ({ in: path.join(cliDir, name), out: `cli/${name.replace(/\.ts$/, "")}` }));

const entryPoints = [
  { in: path.join(root, "server.ts"), out: "server" },
  { in: path.join(root, "app/workers/wave-summary.worker.ts"), out: "wave-summary.worker" },
  { in: path.join(root, "app/workers/benchmark-figures.worker.ts"), out: "benchmark-figures.worker" },
  ...commands,
];

const started = Date.now();
await build({
  entryPoints,
  outdir: path.join(root, "build"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: path.join(root, "tsconfig.json"),
});
console.log(
  `server: build/server.js, build/wave-summary.worker.js, build/benchmark-figures.worker.js and ${commands.length} commands in build/cli/ (${Date.now() - started} ms)`,
);
