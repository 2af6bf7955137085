// The redirect encoder, the input boundary, the
// cross-site check and the configuration of PUBLIC_URL and TRUST_PROXY. The real-server tests are
// e2e/scale/bad-text.*.ts (fuzz, both databases), e2e/scale/behind-proxy.scale.ts and e2e/attacks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_FEEDBACK_URL, parseConfig } from "../config.server";
import { formBodyProblem, hasUnreadableText, readableRequestTarget } from "./http-boundary.server";
import { isCrossSite, plainAddress } from "./http-security.server";
import { safeRedirectPath } from "./request.server";

describe("safeRedirectPath", () => {
  it("encodes what a Location header cannot carry (these made 500s: ByteString)", () => {
    expect(safeRedirectPath("/。", "/x")).toBe("/%E3%80%82");
    expect(safeRedirectPath("/surveys/☃", "/x")).toBe("/surveys/%E2%98%83");
    expect(safeRedirectPath("/😀", "/x")).toBe("/%F0%9F%98%80");
    expect(safeRedirectPath("/waves/a b?x=é#ü", "/x")).toBe("/waves/a%20b?x=%C3%A9#%C3%BC");
    expect(() => new Headers({ Location: safeRedirectPath("/\uD800", "/x") })).not.toThrow();
  });
  it("refuses targets that leave the site or carry control characters", () => {
    for (const target of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/.//evil.example",
      "/a\r\nSet-Cookie: x=1",
      "/a\u0000",
      "evil",
      "",
    ])
      expect(safeRedirectPath(target, "/fallback"), target).toBe("/fallback");
  });
  it("property: any string gives a local, ASCII-only path a Headers object accepts", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }).map((s) => "/" + s),
          fc.string().map((s) => "/" + s),
        ),
        (target) => {
          const path = safeRedirectPath(target, "/fallback");
          expect(path).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
          expect(new URL(path, "http://localtrust.test").origin).toBe("http://localtrust.test");
          expect(() => new Headers({ Location: path })).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("the input boundary", () => {
  it("refuses addresses with NUL, overlong UTF-8, encoded surrogates or a stray %", () => {
    for (const bad of ["/waves/2026%00", "/admin/audit?actor=a%00", "/surveys?type=UA%00", "/x%C0%AF", "/x%ED%A0%80", "/x?y=%E3%80", "/100%", "/a?b=%zz"])
      expect(readableRequestTarget(bad), bad).toBeNull();
  });
  it("accepts percent-encoded text in any script, and re-encodes raw UTF-8 bytes as a browser would", () => {
    expect(readableRequestTarget("/surveys/%E3%80%82/amend")).toBe("/surveys/%E3%80%82/amend");
    expect(readableRequestTarget("/surveys/a%0D%0Ab/amend")).toBe("/surveys/a%0D%0Ab/amend");
    expect(readableRequestTarget(Buffer.from("/surveys/☃").toString("latin1"))).toBe("/surveys/%E2%98%83");
    expect(readableRequestTarget("/login?redirectTo=%2F%F0%9F%98%80")).toBe("/login?redirectTo=%2F%F0%9F%98%80");
  });
  it("property: a target built from any well-formed text is accepted unless the text has a NUL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (segment, value) => {
        const target = `/waves/${encodeURIComponent(segment)}?actor=${encodeURIComponent(value)}`;
        expect(readableRequestTarget(target) !== null).toBe(!(segment + value).includes("\u0000"));
      }),
      { numRuns: 1000 },
    );
  });
  it("refuses form bodies with NUL or bytes that are not UTF-8; newlines and any script are fine", () => {
    const form = "application/x-www-form-urlencoded";
    expect(formBodyProblem(Buffer.from("email=a%00@b&password=x"), form)).toMatch(/NUL/);
    expect(formBodyProblem(Buffer.from("email=%C0%AF"), form)).toMatch(/UTF-8/);
    expect(formBodyProblem(Buffer.from([0x65, 0x3d, 0xff]), form)).toMatch(/UTF-8/);
    expect(formBodyProblem(Buffer.from('--b\r\nContent-Disposition: form-data; name="w"\r\n\r\na\u0000\r\n--b--'), "multipart/form-data; boundary=b")).toMatch(
      /NUL/,
    );
    expect(formBodyProblem(Buffer.from(new URLSearchParams({ comment: "line one\r\nline two ☃ 。 😀", name: "Åsa" }).toString()), form)).toBeNull();
  });
  it("knows a lone surrogate from a pair", () => {
    expect(hasUnreadableText("😀")).toBe(false);
    expect(hasUnreadableText("\uD83D")).toBe(true);
    expect(hasUnreadableText("a\uDE00")).toBe(true);
  });
});

describe("the cross-site check", () => {
  const check = (headers: Record<string, string>) => isCrossSite({ headers: { host: "localtrust.example", ...headers } }, "public.example");
  it("falls back to the Referer when Origin is absent", () => {
    expect(check({ referer: "http://evil.example/" })).toBe(true);
    expect(check({ referer: "https://localtrust.example/surveys" })).toBe(false);
    expect(check({ referer: "not a url" })).toBe(true);
  });
  it("refuses a request with neither unless Sec-Fetch-Site is same-origin", () => {
    expect(check({})).toBe(true);
    expect(check({ "sec-fetch-site": "none" })).toBe(true);
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(false);
  });
  it("refuses any Sec-Fetch-Site but same-origin, whatever Origin says", () => {
    expect(check({ origin: "https://localtrust.example", "sec-fetch-site": "cross-site" })).toBe(true);
    expect(check({ origin: "https://localtrust.example", "sec-fetch-site": "same-site" })).toBe(true);
  });
  it("takes Origin first, accepts PUBLIC_URL's host, and Origin: null only from a same-origin fetch", () => {
    expect(check({ origin: "https://evil.example", referer: "https://localtrust.example/" })).toBe(true);
    expect(check({ origin: "https://public.example" })).toBe(false);
    expect(check({ origin: "null" })).toBe(true);
    expect(check({ origin: "null", "sec-fetch-site": "same-origin" })).toBe(false);
  });
});

describe("client addresses", () => {
  it("an IPv4 client of a dual-stack listener is written as plain IPv4", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainAddress("::1")).toBe("::1");
    expect(plainAddress("2001:db8::ffff:1.2.3.4")).toBe("2001:db8::ffff:1.2.3.4");
    expect(plainAddress("10.1.2.3")).toBe("10.1.2.3");
  });
});

describe("PUBLIC_URL and TRUST_PROXY", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), DATABASE_URL: "file::memory:" };
  it("production refuses to start without PUBLIC_URL, naming it", () => {
    expect(() => parseConfig(production)).toThrow(ConfigError);
    expect(() => parseConfig(production)).toThrow(/PUBLIC_URL: is required when NODE_ENV=production/);
    expect(parseConfig({ ...production, PUBLIC_URL: "https://localtrust.example.org/" }).PUBLIC_URL).toBe("https://localtrust.example.org");
  });
  it("outside production it defaults to localhost on PORT", () => {
    expect(parseConfig({ DATABASE_URL: "file::memory:", SESSION_SECRET: "x".repeat(32), PORT: "4123" }).PUBLIC_URL).toBe("http://localhost:4123");
  });
  it("PUBLIC_URL is a site address only", () => {
    for (const bad of ["localtrust.example.org", "ftp://x.example", "https://x.example/app", "https://x.example/?a=1"])
      expect(() => parseConfig({ ...production, PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
  });
  it("TRUST_PROXY is off by default and takes a hop count or proxy addresses", () => {
    const env = { ...production, PUBLIC_URL: "https://x.example" };
    expect(parseConfig(env).TRUST_PROXY).toBe(false);
    expect(parseConfig({ ...env, TRUST_PROXY: "off" }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ ...env, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ ...env, TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1,loopback" }).TRUST_PROXY).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "loopback"]);
    for (const bad of ["yes", "11", "10.0.0.0/33", "proxy.example", "1.2.3.4/8/8"])
      expect(() => parseConfig({ ...env, TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});

describe("FEEDBACK_URL", () => {
  const base = { DATABASE_URL: "file::memory:", SESSION_SECRET: "x".repeat(32) };
  it("defaults to the demo's mailto: address and accepts the association's own address or form", () => {
    expect(parseConfig(base).FEEDBACK_URL).toBe(DEFAULT_FEEDBACK_URL);
    expect(parseConfig({ ...base, FEEDBACK_URL: "mailto:survey@association.example" }).FEEDBACK_URL).toBe("mailto:survey@association.example");
    expect(parseConfig({ ...base, FEEDBACK_URL: "https://forms.association.example/localtrust" }).FEEDBACK_URL).toBe(
      "https://forms.association.example/localtrust",
    );
  });
  it("refuses anything a link should not carry, naming the variable", () => {
    for (const bad of ["javascript:alert(1)", "/feedback", "mailto:nobody", "https://a b.example"]) {
      expect(() => parseConfig({ ...base, FEEDBACK_URL: bad }), bad).toThrow(/FEEDBACK_URL: must be a mailto: address/);
    }
  });
});
