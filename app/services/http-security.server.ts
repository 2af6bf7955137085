import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config.server";

const CLIENT_ADDRESS_HEADER = "x-localtrust-client-address";

/**
 * Headers every response carries, the client address the app may trust, and the cross-site
 * request refusal (see docs/decisions/004-csrf-and-sessions.md and 029): a state-changing request
 * whose Origin (or, when absent, Referer) names another site, or that has neither and no
 * `Sec-Fetch-Site: same-origin`, is refused with 403.
 *
 * The client address is Express's `req.ip`: the socket's peer unless TRUST_PROXY names the proxies
 * whose X-Forwarded-For may be believed (server.ts sets Express's "trust proxy" from it).
 */
export function securityMiddleware(config: Config) {
  const publicHost = new URL(config.PUBLIC_URL).host;
  return (req: Request, res: Response, next: NextFunction) => {
    // Never trust a client-supplied copy of the header the app reads the address from.
    req.headers[CLIENT_ADDRESS_HEADER] = plainAddress(req.ip ?? req.socket.remoteAddress ?? "");
    // Links come from PUBLIC_URL; no part of the app may see a forwarded host (finding 5).
    delete req.headers["x-forwarded-host"];
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    // A fresh nonce per response for Remix's inline and module scripts (read by getLoadContext).
    const nonce = cspNonce();
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    if (config.isProduction) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && isCrossSite(req, publicHost)) {
      res.status(403).type("text/plain").send("This form was sent from another site, so it has been refused.");
      return;
    }
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !isAcceptedFormBody(req)) {
      res.status(415).type("text/plain").send("Send the form as application/x-www-form-urlencoded (multipart/form-data only for file uploads).");
      return;
    }
    next();
  };
}

/** An IPv4 client of a dual-stack listener as plain IPv4 (`::ffff:192.0.2.1` → `192.0.2.1`). */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

// Nonces are cut from blocks of random bytes: one call into the system's random source per 256
// responses instead of one per response (2% of the app's time under submissions). Each nonce is
// 16 bytes of the same CSPRNG output as before, and no byte is handed out twice.
const NONCE_BYTES = 16;
const NONCES_PER_BLOCK = 256;
let nonceBlock = Buffer.alloc(0);
let nonceOffset = 0;

/** A fresh base64 nonce of 16 random bytes for one response's Content-Security-Policy. */
export function cspNonce(): string {
  if (nonceOffset + NONCE_BYTES > nonceBlock.length) {
    nonceBlock = crypto.randomBytes(NONCE_BYTES * NONCES_PER_BLOCK);
    nonceOffset = 0;
  }
  const nonce = nonceBlock.toString("base64", nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets Remix's nonced loader import
 * its route modules); no plugins, no <base>, no framing, forms post only here. Inline style
 * attributes stay allowed: React's style props and server-rendered SVG charts use them, and a
 * style cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

// Every action reads an HTML form. A urlencoded body always parses; multipart only where a page
// uploads a file, and there the route turns a malformed body into a 400 itself. Anything else
// (JSON, text/plain, a multipart body without a boundary) is refused before it reaches an action.
const MULTIPART_PATHS = new Set(["/admin/import", "/admin/councils/import"]);

function isAcceptedFormBody(req: Request): boolean {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (type === "" && (req.headers["content-length"] === undefined || req.headers["content-length"] === "0")) return true;
  if (type.startsWith("application/x-www-form-urlencoded")) return true;
  return type.startsWith("multipart/form-data") && /boundary=/.test(type) && MULTIPART_PATHS.has(req.path);
}

/**
 * Whether a state-changing request may have come from another site (decision 029). The browser's
 * Sec-Fetch-Site, when sent, must be same-origin. Origin must name this site; when it is absent the
 * Referer must; with neither, only `Sec-Fetch-Site: same-origin` lets the request through.
 * `Origin: null` (sandboxed frames, and a same-origin form on a page with Referrer-Policy:
 * no-referrer, like the invitation page) passes only with `Sec-Fetch-Site: same-origin`. "This
 * site" is the Host the browser sent, or PUBLIC_URL's host (for a proxy that rewrites Host).
 */
export function isCrossSite(req: Pick<Request, "headers">, publicHost: string): boolean {
  const fetchSite = req.headers["sec-fetch-site"];
  if (fetchSite !== undefined && fetchSite !== "same-origin") return true;
  const sameOriginFetch = fetchSite === "same-origin";
  const otherHost = (source: string) => {
    try {
      const host = new URL(source).host;
      return host !== req.headers.host && host !== publicHost;
    } catch {
      return true;
    }
  };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") return otherHost(origin);
  if (origin === "null") return !sameOriginFetch;
  const referer = req.headers.referer;
  if (referer !== undefined) return otherHost(referer);
  return !sameOriginFetch;
}
