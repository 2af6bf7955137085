/**
 * A local path to go to after sign-in, or the fallback. Refuses anything that could leave the site:
 * `//evil.example`, `/\evil.example`, `javascript:`, absolute URLs.
 */
export function safeRedirectPath(target: string | null | undefined, fallback: string): string {
  if (!target || typeof target !== "string") return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\\]/.test(target)) return fallback;
  return target;
}

/** The client's address as the server saw it (set by the Express adapter in the load context header). */
export function clientAddress(request: Request): string | null {
  return request.headers.get("X-LocalTrust-Client-Address");
}
