import fs from "node:fs";
import path from "node:path";

export interface AppRoute {
  file: string;
  /** `/surveys/:waveSlug/submit`; `*` for a splat. */
  pattern: string;
  params: string[];
  hasAction: boolean;
}

/**
 * app/routes as URL patterns, by Remix's flat-route rules: dots are slashes, `$name` a parameter,
 * `$` a splat, `_index` the folder's index, a leading `_` a pathless layout, a trailing `_` leaves
 * the parent's layout without changing the URL (`login_.verify.tsx` → `/login/verify`), and `[.]`
 * escapes a dot (`summary[.json].ts` → `/summary.json`).
 */
export function appRoutes(folder = path.resolve("app/routes")): AppRoute[] {
  return fs
    .readdirSync(folder)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((file) => {
      const source = fs.readFileSync(path.join(folder, file), "utf8");
      const name = file.replace(/\.tsx?$/, "").replace(/\[(.*?)\]/g, (_, x: string) => x.replace(/\./g, "~dot~"));
      const segments = name
        .split(".")
        .map((s) => s.replace(/~dot~/g, ".").replace(/_$/, ""))
        .filter((s) => s !== "_index" && s !== "" && !s.startsWith("_"));
      const pattern = "/" + segments.map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s)).join("/");
      const params = [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*");
      return { file, pattern, params, hasAction: /export (async function|const) action\b/.test(source) };
    });
}
