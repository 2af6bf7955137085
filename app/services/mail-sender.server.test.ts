import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { startTestSmtpServer, type TestSmtpServer } from "../../scripts/smtp-test-server";
import { ERASED_BODY, insertOutboxEmail } from "../models/outbox.server";
import { backoffMs, sendDueEmails } from "./mail-sender.server";

// The outbox's delivery guarantees (decision 046) against a real SMTP server and a real
// database on both dialects: a sender killed mid-batch loses nothing and sends nothing twice; an SMTP
// outage is retried with backoff; two senders at once send each email once.

// node itself with tsx's loader (not the tsx wrapper, whose SIGKILL would leave its node child running).
const NODE_ARGS = ["--import", "tsx", path.resolve("scripts/outbox-sender-child.ts")];

describe(`the outbox sender on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let smtp: TestSmtpServer;
  let url: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    url = handle.location.dialect === "sqlite" ? `file:${handle.location.file}` : handle.location.url;
    smtp = await startTestSmtpServer();
  }, 60_000);
  afterAll(async () => {
    await smtp.stop();
    await handle.dispose();
  });
  beforeEach(async () => {
    await handle.db.deleteFrom("outbox_emails").execute();
    smtp.messages.length = 0;
    smtp.holdData = undefined;
  });

  async function queue(n: number, now = new Date()) {
    const ids: number[] = [];
    for (let i = 1; i <= n; i++) {
      const id = await insertOutboxEmail(handle.db, {
        kind: "test",
        recipient: `person${i}@council.example`,
        subject: `Email ${i}`,
        text: `Body ${i}`,
        html: `<p>Body ${i}</p>`,
        status: "queued",
        now,
      });
      ids.push(id!);
    }
    return ids;
  }
  const transport = () => nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const rows = () => handle.db.selectFrom("outbox_emails").selectAll().orderBy("id").execute();
  const messageIds = () => smtp.messages.map((m) => m.messageId);

  function runChild(batch = 20): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(process.execPath, NODE_ARGS, {
      env: { ...process.env, OUTBOX_DB_URL: url, OUTBOX_SMTP_PORT: String(smtp.port), OUTBOX_LEASE_MS: "1500", OUTBOX_BATCH: String(batch) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited };
  }

  it("a sender killed (SIGKILL) in the middle of a batch loses no email and, restarted, sends none twice", async () => {
    const ids = await queue(12);
    const first = runChild();
    // The 5th message is on the wire when the sender dies: the server never accepts it.
    smtp.holdData = async (count) => {
      if (count < 5) return;
      first.child.kill("SIGKILL");
      await first.exited;
      throw new Error("the sender died");
    };
    expect(await first.exited).toBeNull();
    expect(smtp.messages).toHaveLength(4);
    const afterCrash = await rows();
    expect(afterCrash.filter((r) => r.status === "sent")).toHaveLength(4);
    // The rest stay claimed by the dead sender until its lease runs out.
    expect(afterCrash.filter((r) => r.status === "sending")).toHaveLength(8);
    smtp.holdData = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const second = runChild();
    expect(await second.exited).toBe(0);
    const after = await rows();
    expect(after.map((r) => r.status)).toEqual(ids.map(() => "sent"));
    expect(messageIds()).toHaveLength(12);
    expect(new Set(messageIds()).size).toBe(12);
    expect(new Set(messageIds())).toEqual(new Set(ids.map((id) => `<outbox-${id}@localtrust.test>`)));
    // Each email went to its own recipient.
    for (const r of after) expect(smtp.messages.find((m) => m.messageId === `<outbox-${r.id}@localtrust.test>`)?.to).toEqual([r.recipient]);
  }, 60_000);

  it("an SMTP outage: every email is retried with backoff and delivered once the server is back", async () => {
    const t0 = new Date("2026-11-01T10:00:00Z");
    const ids = await queue(5, t0);
    await smtp.stop();
    const options = { transport: transport(), from: "LocalTrust <no-reply@localtrust.test>", messageIdDomain: "localtrust.test", backoffBaseMs: 60_000 };
    try {
      const down = await sendDueEmails(handle.db, { ...options, now: () => t0 });
      expect(down).toMatchObject({ claimed: 5, sent: 0, retrying: 5 });
      let stored = await rows();
      expect(stored.map((r) => [r.status, r.attempts, /ECONNREFUSED/.test(r.last_error ?? "") || r.last_error])).toEqual(ids.map(() => ["retrying", 1, true]));
      expect(stored[0]!.next_attempt_at).toBe(new Date(t0.getTime() + backoffMs(1, 60_000)).toISOString());
      // Not due yet: nothing is tried.
      expect((await sendDueEmails(handle.db, { ...options, now: () => new Date(t0.getTime() + 30_000) })).claimed).toBe(0);
      // Still down a minute later: the second wait is twice as long.
      const t1 = new Date(t0.getTime() + 60_000);
      expect(await sendDueEmails(handle.db, { ...options, now: () => t1 })).toMatchObject({ claimed: 5, retrying: 5 });
      stored = await rows();
      expect(stored.every((r) => r.attempts === 2 && r.next_attempt_at === new Date(t1.getTime() + 120_000).toISOString())).toBe(true);
    } finally {
      await smtp.start();
    }
    const back = await sendDueEmails(handle.db, { ...options, now: () => new Date(t0.getTime() + 180_000) });
    expect(back).toMatchObject({ claimed: 5, sent: 5 });
    expect((await rows()).every((r) => r.status === "sent" && r.last_error === null && r.attempts === 3)).toBe(true);
    expect(messageIds().sort()).toEqual(ids.map((id) => `<outbox-${id}@localtrust.test>`).sort());
  }, 60_000);

  it("gives up after the last attempt: the row is failed with the last error", async () => {
    const t0 = new Date("2026-11-02T10:00:00Z");
    await queue(1, t0);
    await smtp.stop();
    try {
      const options = { transport: transport(), from: "x@localtrust.test", messageIdDomain: "localtrust.test", maxAttempts: 2, backoffBaseMs: 1000 };
      expect((await sendDueEmails(handle.db, { ...options, now: () => t0 })).retrying).toBe(1);
      expect((await sendDueEmails(handle.db, { ...options, now: () => new Date(t0.getTime() + 5000) })).failed).toBe(1);
      const [row] = await rows();
      expect(row).toMatchObject({ status: "failed", attempts: 2 });
      expect(row!.last_error).toMatch(/ECONNREFUSED/);
      expect((await sendDueEmails(handle.db, { ...options, now: () => new Date(t0.getTime() + 86_400_000) })).claimed).toBe(0);
    } finally {
      await smtp.start();
    }
  });

  it("two sender processes at once: each email is sent exactly once", async () => {
    const ids = await queue(40);
    // A slow server, so the two senders' batches overlap.
    smtp.holdData = () => new Promise((resolve) => setTimeout(resolve, 20));
    const a = runChild(4);
    const b = runChild(4);
    const outcomes = (child: ChildProcess) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      return () => out.split("\n").filter((l) => l.endsWith(" sent")).length;
    };
    const sentByA = outcomes(a.child);
    const sentByB = outcomes(b.child);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(sentByA() + sentByB()).toBe(40);
    expect(sentByA()).toBeGreaterThan(0);
    expect(sentByB()).toBeGreaterThan(0);
    expect(messageIds()).toHaveLength(40);
    expect(new Set(messageIds()).size).toBe(40);
    expect((await rows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    expect(ids).toHaveLength(40);
  }, 60_000);

  it("an email with a single-use link keeps it only until it is sent", async () => {
    const id = (await insertOutboxEmail(handle.db, {
      kind: "invitation",
      recipient: "new@council.example",
      subject: "You are invited",
      text: "Link: http://x/invite/SECRET",
      html: '<a href="http://x/invite/SECRET">x</a>',
      status: "queued",
      now: new Date(),
    }))!;
    const [other] = await queue(1);
    await sendDueEmails(handle.db, { transport: transport(), from: "x@localtrust.test", messageIdDomain: "localtrust.test" });
    expect(smtp.messages.find((m) => m.messageId === `<outbox-${id}@localtrust.test>`)!.text).toContain("/invite/SECRET");
    const stored = await rows();
    expect(stored.find((r) => r.id === id)).toMatchObject({ status: "sent", body_text: ERASED_BODY, body_html: ERASED_BODY });
    expect(stored.find((r) => r.id === other)!.body_text).toBe("Body 1");
  });

  it("a dedupe key is written once", async () => {
    const email = {
      kind: "test",
      recipient: "a@council.example",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      status: "queued" as const,
      dedupeKey: "k1",
      now: new Date(),
    };
    expect(await insertOutboxEmail(handle.db, email)).not.toBeNull();
    expect(await insertOutboxEmail(handle.db, email)).toBeNull();
    expect(await rows()).toHaveLength(1);
  });
});
