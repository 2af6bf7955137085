import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server's copy of @remix-run/router is patched (patches/, decision 023) to rank a route tree
// and compile each route pattern once instead of on every request. These tests make sure the
// patch is in place after `npm ci` and that matching still gives the same answers.
const require = createRequire(import.meta.url);
// The CommonJS build, as the server loads it (an ESM import here could resolve to the unpatched ESM build).
const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");

const appRoutes = [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "surveys", path: "surveys" },
      { id: "survey", path: "surveys/:waveSlug" },
      { id: "section", path: "surveys/:waveSlug/sections/:sectionSlug" },
      { id: "submit", path: "surveys/:waveSlug/submit" },
      { id: "wave", path: "waves/:slug" },
      { id: "summary", path: "api/waves/:slug/summary.json" },
      { id: "catchall", path: "*" },
    ],
  },
];

const ids = (routes: Parameters<typeof matchRoutes>[0], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("route matching with the patched router", () => {
  it("is the patched copy that the server loads", () => {
    const file = require.resolve("@remix-run/router");
    expect(file).toMatch(/router\.cjs\.js$/);
    expect(fs.readFileSync(file, "utf8")).toContain("LocalTrust patch");
  });

  it("matches the same routes and params every time", () => {
    for (let i = 0; i < 3; i++) {
      expect(ids(appRoutes, "/surveys/2026/submit")).toEqual(["root", "submit"]);
      expect(matchRoutes(appRoutes, "/surveys/2026/sections/technology-readiness")?.at(-1)?.params).toEqual({
        waveSlug: "2026",
        sectionSlug: "technology-readiness",
      });
      expect(ids(appRoutes, "/SURVEYS/2026")).toEqual(["root", "survey"]);
      expect(ids(appRoutes, "/")).toEqual(["root", "index"]);
      expect(ids(appRoutes, "/api/waves/large/summary.json")).toEqual(["root", "summary"]);
      expect(matchRoutes(appRoutes, "/no/such/page")?.at(-1)?.params).toEqual({ "*": "no/such/page" });
    }
  });

  it("keeps each route tree's ranking to itself", () => {
    const other = [{ id: "only", path: "surveys/:anything/submit" }];
    expect(ids(other, "/surveys/2026/submit")).toEqual(["only"]);
    expect(ids(appRoutes, "/surveys/2026/submit")).toEqual(["root", "submit"]);
    expect(ids(other, "/waves/2026")).toBeNull();
  });
});
