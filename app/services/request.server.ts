import { redirect, type TypedResponse } from "@remix-run/node";

const ORIGIN = "http://localtrust.invalid";

/**
 * A local path to go to, percent-encoded for a Location header, or the fallback. Refuses anything
 * that could leave the site (`//evil.example`, `/\\evil.example`, `javascript:`, absolute URLs) or
 * carries control characters; characters a header cannot carry (`/。`, `/surveys/☃`) are encoded, as
 * a browser would (they made "Cannot convert argument to a ByteString" 500s).
 */
export function safeRedirectPath(target: string | null | undefined, fallback: string): string {
  if (!target || typeof target !== "string") return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, ORIGIN);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== ORIGIN || path.startsWith("//") || !/^[\u0021-\u007e]+$/.test(path)) return fallback;
  return path;
}

/**
 * Remix's `redirect` for every redirect in the app: the target goes through safeRedirectPath, so
 * a path built from a route parameter (`/surveys/${slug}`) is always a valid, local Location.
 */
export function localRedirect(target: string, init?: number | ResponseInit): TypedResponse<never> {
  return redirect(safeRedirectPath(target, "/"), init);
}

/** The client's address as the server saw it (set by the Express adapter in the load context header). */
export function clientAddress(request: Request): string | null {
  return request.headers.get("X-LocalTrust-Client-Address");
}
