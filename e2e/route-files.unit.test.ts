import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { appRouteFiles, routePath } from "./route-files";

describe("route files as URL patterns", () => {
  it("follows Remix's flat-routes convention for every kind of name", () => {
    expect(routePath("_index.tsx")).toBe("/");
    expect(routePath("$.tsx")).toBe("/*");
    expect(routePath("login.tsx")).toBe("/login");
    expect(routePath("login_.verify.tsx")).toBe("/login/verify");
    expect(routePath("surveys.$waveSlug._index.tsx")).toBe("/surveys/:waveSlug");
    expect(routePath("surveys.$waveSlug.sections.$sectionSlug.tsx")).toBe("/surveys/:waveSlug/sections/:sectionSlug");
    expect(routePath("api.waves.$slug.summary[.json].ts")).toBe("/api/waves/:slug/summary.json");
    expect(routePath("waves.$slug.aggregates[.csv].ts")).toBe("/waves/:slug/aggregates.csv");
    expect(routePath("_auth.login.tsx")).toBe("/login");
  });

  it("lists every route module of the app, each at a distinct URL with no leftover underscore or bracket", () => {
    const routes = appRouteFiles();
    expect(routes.length).toBe(fs.readdirSync("app/routes").filter((f) => /\.tsx?$/.test(f)).length);
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
    for (const r of routes) expect(r.path, r.file).not.toMatch(/_\/|_$|\[|\]|\$/);
    expect(routes.find((r) => r.file === "login_.verify.tsx")).toMatchObject({ path: "/login/verify", hasLoader: true, hasAction: true, hasPage: true });
    expect(routes.find((r) => r.file === "waves.$slug.aggregates[.csv].ts")).toMatchObject({ hasPage: false });
  });
});
