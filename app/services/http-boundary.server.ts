import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

// The one place text enters LocalTrust: every request's address and form body
// is checked here before any route or action sees it. Percent-escapes must decode to UTF-8 (so no
// overlong sequences and no unpaired surrogates) and nothing may contain a NUL character, which
// PostgreSQL cannot store and no form needs. A request that fails gets a 400 saying why.

/** A form body larger than this is refused (413); the CSV upload has its own 5 MB limit inside this. */
export const FORM_BODY_LIMIT = 1_000_000;
export const UPLOAD_BODY_LIMIT = 6_000_000;

export const BAD_ADDRESS_MESSAGE =
  "This address has characters LocalTrust cannot read (a NUL character, a % not followed by two hex digits, or bytes that are not UTF-8). Check the link and try again.";
export const BAD_FORM_MESSAGE =
  "This form has characters LocalTrust cannot read (a NUL character, or text that is not UTF-8). Remove them and send the form again.";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decoded text problem: a NUL or an unpaired surrogate (which no UTF-8 input can carry). */
export function hasUnreadableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
  return /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Decodes one percent-encoded component strictly (`+` as space when `form`); null when it cannot be read. */
function decodeComponent(component: string, form: boolean): string | null {
  try {
    const text = decodeURIComponent(form ? component.replace(/\+/g, " ") : component);
    return hasUnreadableText(text) ? null : text;
  } catch {
    return null;
  }
}

/** A query string or urlencoded body whose every name and value reads as text. */
export function isReadableFormEncoding(encoded: string): boolean {
  if (encoded === "") return true;
  return encoded.split("&").every((pair) => pair.split("=").every((part) => decodeComponent(part, true) !== null));
}

/**
 * The request target as ASCII (bytes a client sent unencoded are percent-encoded, as a browser
 * would), or null when its path or query cannot be read as text.
 */
export function readableRequestTarget(raw: string): string | null {
  // Node hands over bytes above 0x7f as Latin-1 characters: put the bytes back as escapes.
  const target = raw.replace(/[\u0080-\u00ff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (/[^\u0021-\u007e]/.test(target)) return null;
  const query = target.indexOf("?");
  const pathPart = query === -1 ? target : target.slice(0, query);
  if (decodeComponent(pathPart, false) === null) return null;
  if (query !== -1 && !isReadableFormEncoding(target.slice(query + 1))) return null;
  return target;
}

/** A posted body's problem, or null: urlencoded forms must decode as text, uploads must be UTF-8 without NUL. */
export function formBodyProblem(body: Buffer, contentType: string): string | null {
  if (body.length === 0) return null;
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return BAD_FORM_MESSAGE;
  }
  if (contentType.toLowerCase().startsWith("multipart/form-data")) return hasUnreadableText(text) ? BAD_FORM_MESSAGE : null;
  return isReadableFormEncoding(text.trim()) ? null : BAD_FORM_MESSAGE;
}

function readBody(req: ExpressRequest, limit: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function requestHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  return headers;
}

// As @remix-run/express sends a Remix response.
async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function refuse(res: ExpressResponse, status: number, message: string) {
  res.status(status).type("text/plain").set("Cache-Control", "no-store").send(message);
}

/** Refuses an unreadable address before anything (static files included) tries to decode it. */
export function requestTargetGuard() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (readableRequestTarget(req.originalUrl) === null) return refuse(res, 400, BAD_ADDRESS_MESSAGE);
    next();
  };
}

/**
 * Remix's Express request handler with the boundary checks in front. The request's URL is built on
 * PUBLIC_URL, never on the Host or X-Forwarded-Host headers, so no route can build a link from them.
 */
export function remixRequestHandler(options: {
  build: ServerBuild;
  publicUrl: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handleRequest = createRequestHandler(options.build, options.build.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const target = readableRequestTarget(req.originalUrl);
      if (target === null) return refuse(res, 400, BAD_ADDRESS_MESSAGE);
      let body: Buffer | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        const contentType = req.headers["content-type"] ?? "";
        const read = await readBody(req, contentType.toLowerCase().startsWith("multipart/") ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT);
        if (read === "too large") {
          res.set("Connection", "close");
          return refuse(res, 413, "This form is too large to send.");
        }
        const problem = formBodyProblem(read, contentType);
        if (problem) return refuse(res, 400, problem);
        body = read;
      }
      let controller: AbortController | null = new AbortController();
      const signal = controller.signal;
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const request = new Request(options.publicUrl + target, {
        method: req.method,
        headers: requestHeaders(req),
        body: body && Uint8Array.from(body),
        signal,
      });
      const response = await handleRequest(request, options.getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
