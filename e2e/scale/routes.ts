// The app's routes as the scale tests need them: the one parser (e2e/route-files.ts) plus each
// pattern's parameter names.
import { appRouteFiles } from "../route-files";

export interface AppRoute {
  file: string;
  /** `/surveys/:waveSlug/submit`; `*` for a splat. */
  pattern: string;
  params: string[];
  hasAction: boolean;
}

export function appRoutes(): AppRoute[] {
  return appRouteFiles().map(({ file, path: pattern, hasAction }) => ({
    file,
    pattern,
    params: [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*"),
    hasAction,
  }));
}
