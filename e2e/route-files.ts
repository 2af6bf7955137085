// The app's route files as URL patterns, by Remix 2's flat-routes convention: the one parser the
// attack suite and the scale tests use.
import fs from "node:fs";
import path from "node:path";

export interface RouteFile {
  file: string;
  /** The URL pattern: ":name" for a $name segment, "*" for the splat. */
  path: string;
  hasAction: boolean;
  hasLoader: boolean;
  /** Whether it renders a page (a default export), as opposed to a resource route or a redirect. */
  hasPage: boolean;
}

/**
 * The URL pattern of a route file name. "." separates segments except inside [brackets], which
 * escape (so "summary[.json]" is "summary.json"); "$name" is the parameter ":name", a lone "$" the
 * splat; "_index" is the index route; a segment starting with "_" is a pathless layout and adds
 * nothing; a trailing "_" (as in "login_") only opts out of the parent's layout, so it is dropped.
 */
export function routePath(file: string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  const segments = name
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s === "$" ? "*" : s.replace(/^\$(.+)$/, ":$1")))
    .map((s) => s.replace(/\[(.*?)\]/g, "$1"));
  return "/" + segments.join("/");
}

/** Every route module in app/routes with its URL pattern and whether it has an action and a loader. */
export function appRouteFiles(folder = path.resolve("app/routes")): RouteFile[] {
  return fs
    .readdirSync(folder)
    .filter((f) => /\.(tsx|ts)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((file) => {
      const source = fs.readFileSync(path.join(folder, file), "utf8");
      return {
        file,
        path: routePath(file),
        hasAction: /export (async )?function action\b|export const action\b/.test(source),
        hasLoader: /export (async )?function loader\b|export const loader\b/.test(source),
        hasPage: /export default\b/.test(source),
      };
    });
}
