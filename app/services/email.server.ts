import os from "node:os";
import nodemailer from "nodemailer";
import type { EmailContent } from "../domain/emails";
import { getConfig } from "../config.server";
import type { Db } from "../models/db-types";
import { insertOutboxEmail } from "../models/outbox.server";

// Every email is written to the outbox in the caller's transaction (decision 046); the sender
// (mail-sender.server.ts) delivers it. Without SMTP_URL the row is still written, as "unsent", so
// admins can see what would have gone out; staff are shown the links to copy instead.

export const NO_SMTP = "Not sent: no SMTP_URL is configured";

export function mailConfigured(): boolean {
  return Boolean(getConfig().SMTP_URL);
}

export function associationName(): string {
  return getConfig().ASSOCIATION_NAME;
}

/** An absolute link, always from PUBLIC_URL (never from a request's Host or X-Forwarded-Host). */
export function publicLink(path: string): string {
  return new URL(path, getConfig().PUBLIC_URL).toString();
}

/** Writes one email to the outbox (in `db`, the caller's transaction). True when it will be sent. */
export async function queueEmail(
  db: Db,
  input: { kind: string; to: string; content: EmailContent; dedupeKey?: string; councilId?: number | null; now?: Date; secret?: string },
): Promise<boolean> {
  const configured = mailConfigured();
  // A row that is never sent never stores a single-use link (decision 049).
  const keep = (body: string) => (!configured && input.secret ? body.replaceAll(input.secret, "[link not stored]") : body);
  await insertOutboxEmail(db, {
    kind: input.kind,
    recipient: input.to,
    subject: input.content.subject,
    text: keep(input.content.text),
    html: keep(input.content.html),
    status: configured ? "queued" : "unsent",
    lastError: configured ? null : NO_SMTP,
    dedupeKey: input.dedupeKey ?? null,
    councilId: input.councilId ?? null,
    now: input.now ?? new Date(),
  });
  notifyQueued();
  return configured;
}

const listeners = new Set<() => void>();
/** The sender in this process wakes up when an email is queued (others poll). */
export function onEmailQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function notifyQueued() {
  for (const listener of listeners) setImmediate(listener);
}

/** MAIL_FROM, else the legacy ?from= of SMTP_URL, else no-reply at PUBLIC_URL's host. */
export function mailFrom(): string {
  const config = getConfig();
  if (config.MAIL_FROM) return config.MAIL_FROM;
  const legacy = config.SMTP_URL ? new URL(config.SMTP_URL).searchParams.get("from") : null;
  return legacy ?? `LocalTrust <no-reply@${new URL(config.PUBLIC_URL).hostname}>`;
}

/** The domain of every Message-ID: <outbox-ID@domain> (a resent duplicate carries the same one). */
export function messageIdDomain(): string {
  return new URL(getConfig().PUBLIC_URL).hostname || os.hostname();
}

export function createMailTransport(smtpUrl: string) {
  const url = new URL(smtpUrl);
  url.searchParams.delete("from");
  return nodemailer.createTransport(url.toString());
}
