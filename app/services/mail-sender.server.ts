import crypto from "node:crypto";
import os from "node:os";
import type { Transporter } from "nodemailer";
import type { Db } from "../models/db-types";
import { claimDueEmails, markEmailAttemptFailed, markEmailSent } from "../models/outbox.server";
import { createMailTransport, mailFrom, messageIdDomain, onEmailQueued } from "./email.server";
import { runAutomaticReminders } from "./reminders.server";

// The outbox's sender (decision 046). It claims due rows with a lease, hands each to the SMTP server
// and records the outcome at once, one email at a time:
// - accepted by the SMTP server → "sent" (right after the server's 250, before the next email);
// - refused or unreachable → "retrying" after an exponential backoff, or "failed" after MAX_ATTEMPTS;
// - the sender dies → its rows' lease runs out and another sender (or the restarted one) takes them.
// The one window left is between the server's acceptance and the "sent" update: a crash there sends
// that email again, with the same Message-ID (<outbox-ID@host>), so a duplicate can be recognised.

export const MAX_ATTEMPTS = 8;
export const LEASE_MS = 2 * 60_000;
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 6 * 3_600_000;

export interface SenderOptions {
  transport: Pick<Transporter, "sendMail">;
  from: string;
  messageIdDomain: string;
  workerId?: string;
  now?: () => Date;
  batch?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  /** Called after each email is recorded (tests use it to crash mid-batch). */
  onRecorded?: (id: number, outcome: "sent" | "retrying" | "failed") => void;
}

/** The wait after `attempts` failed attempts: base × 2^(attempts−1), at most BACKOFF_MAX_MS. */
export function backoffMs(attempts: number, base = BACKOFF_BASE_MS): number {
  return Math.min(BACKOFF_MAX_MS, base * 2 ** Math.max(0, attempts - 1));
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

/** One pass: claims a batch and sends it. Returns what happened to each email. */
export async function sendDueEmails(db: Db, options: SenderOptions): Promise<{ sent: number; retrying: number; failed: number; claimed: number }> {
  const now = options.now ?? (() => new Date());
  const workerId = options.workerId ?? newWorkerId();
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const start = now();
  const claimed = await claimDueEmails(db, {
    workerId,
    now: start,
    leaseUntil: new Date(start.getTime() + (options.leaseMs ?? LEASE_MS)),
    limit: options.batch ?? 20,
  });
  const tally = { sent: 0, retrying: 0, failed: 0, claimed: claimed.length };
  for (const email of claimed) {
    try {
      await options.transport.sendMail({
        from: options.from,
        to: email.recipient,
        subject: email.subject,
        text: email.body_text,
        html: email.body_html,
        messageId: `<outbox-${email.id}@${options.messageIdDomain}>`,
        headers: { "X-LocalTrust-Kind": email.kind, "Auto-Submitted": "auto-generated" },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = email.attempts < maxAttempts;
      await markEmailAttemptFailed(db, email.id, workerId, {
        error: message,
        retryAt: retry ? new Date(now().getTime() + backoffMs(email.attempts, options.backoffBaseMs)) : null,
      });
      tally[retry ? "retrying" : "failed"]++;
      options.onRecorded?.(email.id, retry ? "retrying" : "failed");
      continue;
    }
    await markEmailSent(db, email.id, workerId, now());
    tally.sent++;
    options.onRecorded?.(email.id, "sent");
  }
  return tally;
}

/**
 * Runs the sender until stopped: a pass every `intervalMs`, and at once when `wake` is called (an
 * email was queued in this process). Passes never overlap; an error is logged and the loop goes on.
 */
export function runSenderLoop(pass: () => Promise<unknown>, intervalMs: number): { wake: () => void; stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = pass()
      .then(
        () => undefined,
        (error: unknown) => console.error(`mail sender: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(tick);
        } else timer = setTimeout(tick, intervalMs);
      });
  };
  setImmediate(tick);
  return {
    wake: tick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The app process's mail work, started after it listens, only with SMTP_URL: the sender (it wakes
 * when this process queues an email and otherwise looks every 5 seconds, so rows queued by another
 * process are sent too) and the automatic reminders (every 10 minutes, and once at start).
 */
export function startMailWork(db: Db, config: { SMTP_URL?: string; REMINDER_DAYS_BEFORE: number[] }): { stop: () => Promise<void> } {
  const stops: (() => Promise<void>)[] = [];
  if (config.SMTP_URL) {
    const transport = createMailTransport(config.SMTP_URL);
    const workerId = newWorkerId();
    const loop = runSenderLoop(async () => {
      // Drain: pass after pass while a batch comes back full.
      for (;;) {
        const tally = await sendDueEmails(db, { transport, from: mailFrom(), messageIdDomain: messageIdDomain(), workerId });
        if (tally.claimed < 20) break;
      }
    }, 5_000);
    const unsubscribe = onEmailQueued(loop.wake);
    stops.push(async () => {
      unsubscribe();
      await loop.stop();
      transport.close();
    });
  }
  // Without a mail server, automatic reminders would only record reminders nobody got.
  if (config.SMTP_URL && config.REMINDER_DAYS_BEFORE.length > 0) {
    const reminders = runSenderLoop(async () => {
      const n = await runAutomaticReminders(db, config.REMINDER_DAYS_BEFORE);
      if (n > 0) console.log(`reminders: ${n} councils reminded automatically`);
    }, 10 * 60_000);
    stops.push(reminders.stop);
  }
  return { stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
