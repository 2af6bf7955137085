import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config.server";

const CLIENT_ADDRESS_HEADER = "x-localtrust-client-address";

/**
 * Headers every response carries, the client address the app may trust, and the cross-site
 * request refusal (see docs/decisions/002-sessions.md): a state-changing request whose Origin,
 * or when absent Sec-Fetch-Site, says it came from another site is refused with 403.
 */
export function securityMiddleware(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    // Never trust a client-supplied copy of the header the app reads the address from.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (config.isProduction) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && isCrossSite(req)) {
      res.status(403).type("text/plain").send("This form was sent from another site, so it has been refused.");
      return;
    }
    next();
  };
}

function isCrossSite(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin === "null") return true;
    const host = req.headers.host;
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  const fetchSite = req.headers["sec-fetch-site"];
  return fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
}
