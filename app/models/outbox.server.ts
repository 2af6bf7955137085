import { PostgresAdapter, sql } from "kysely";
import type { OutboxStatus } from "../../db/schema";
import type { Db } from "./db-types";

// The outbox (migration 012, decision 046). Rows are written inside the transaction of the event
// that causes the email; the sender claims due rows with a lease and records what happened.

export interface NewOutboxEmail {
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** "queued" to be sent; "unsent" when no mail server is configured (the row is the record). */
  status: "queued" | "unsent";
  lastError?: string | null;
  /** Unique when set: a second write of the same email is ignored. */
  dedupeKey?: string | null;
  councilId?: number | null;
  now: Date;
}

/** Writes one email; null when its dedupe key was already written. */
export async function insertOutboxEmail(db: Db, email: NewOutboxEmail): Promise<number | null> {
  const row = await db
    .insertInto("outbox_emails")
    .values({
      kind: email.kind,
      recipient: email.recipient,
      subject: email.subject,
      body_text: email.text,
      body_html: email.html,
      status: email.status,
      attempts: 0,
      next_attempt_at: email.now.toISOString(),
      claimed_by: null,
      claimed_until: null,
      last_error: email.lastError ?? null,
      dedupe_key: email.dedupeKey ?? null,
      council_id: email.councilId ?? null,
      created_at: email.now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ClaimedEmail {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
}

/**
 * Claims up to `limit` due emails for `workerId` until `leaseUntil`: queued or retrying rows whose
 * time has come, and rows another sender claimed but whose lease ran out (it crashed). Each claim
 * counts as an attempt. On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent
 * senders take different rows; the conditional UPDATE re-checks each row, so a row is claimed by one
 * sender only (on SQLite the transaction holds the write lock from its start, decision 025).
 */
export async function claimDueEmails(db: Db, input: { workerId: string; now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedEmail[]> {
  const now = input.now.toISOString();
  const run = async (trx: Db) => {
    let candidates = trx
      .selectFrom("outbox_emails")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "in", ["queued", "retrying"]), eb("next_attempt_at", "<=", now)]),
          eb.and([eb("status", "=", "sending"), eb("claimed_until", "<", now)]),
        ]),
      )
      .orderBy("id")
      .limit(input.limit);
    if (isPostgres(trx)) candidates = candidates.forUpdate().skipLocked();
    const ids = (await candidates.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    return trx
      .updateTable("outbox_emails")
      .set((eb) => ({ status: "sending", claimed_by: input.workerId, claimed_until: input.leaseUntil.toISOString(), attempts: eb("attempts", "+", 1) }))
      .where("id", "in", ids)
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "in", ["queued", "retrying"]), eb("next_attempt_at", "<=", now)]),
          eb.and([eb("status", "=", "sending"), eb("claimed_until", "<", now)]),
        ]),
      )
      .returning(["id", "kind", "recipient", "subject", "body_text", "body_html", "attempts"])
      .execute();
  };
  const rows = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return rows.sort((a, b) => a.id - b.id);
}

/** Kinds whose body holds a single-use link: erased once the row is sent or failed (decision 049). */
export const KINDS_WITH_LINKS = ["invitation", "password-reset"];
export const ERASED_BODY = "[Erased once the email was sent or failed: it held a single-use link]";

const erasedIfLink = (kindColumn: "kind") =>
  sql<string>`case when ${sql.ref(kindColumn)} in (${sql.join(KINDS_WITH_LINKS)}) then ${ERASED_BODY} else body_text end`;
const erasedHtmlIfLink = (kindColumn: "kind") =>
  sql<string>`case when ${sql.ref(kindColumn)} in (${sql.join(KINDS_WITH_LINKS)}) then ${ERASED_BODY} else body_html end`;

/** The SMTP server accepted it: sent. Only the sender holding the claim can record it. */
export async function markEmailSent(db: Db, id: number, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("outbox_emails")
    .set({
      status: "sent",
      sent_at: now.toISOString(),
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      body_text: erasedIfLink("kind"),
      body_html: erasedHtmlIfLink("kind"),
    })
    .where("id", "=", id)
    .where("claimed_by", "=", workerId)
    .where("status", "=", "sending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A failed attempt: retried at `retryAt`, or failed for good when null. */
export async function markEmailAttemptFailed(db: Db, id: number, workerId: string, input: { error: string; retryAt: Date | null }): Promise<boolean> {
  const result = await db
    .updateTable("outbox_emails")
    .set({
      status: input.retryAt ? "retrying" : "failed",
      next_attempt_at: (input.retryAt ?? new Date()).toISOString(),
      claimed_by: null,
      claimed_until: null,
      last_error: input.error.slice(0, 1000),
      ...(input.retryAt ? {} : { body_text: erasedIfLink("kind"), body_html: erasedHtmlIfLink("kind") }),
    })
    .where("id", "=", id)
    .where("claimed_by", "=", workerId)
    .where("status", "=", "sending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface OutboxRow {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
  sent_at: string | null;
}

/** The admin's Emails page: newest first. */
export async function listOutbox(db: Db, input: { offset: number; limit: number; status?: OutboxStatus }): Promise<OutboxRow[]> {
  let query = db
    .selectFrom("outbox_emails")
    .select(["id", "kind", "recipient", "subject", "status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at"])
    .orderBy("id", "desc")
    .offset(input.offset)
    .limit(input.limit);
  if (input.status) query = query.where("status", "=", input.status);
  return query.execute();
}

/** How many emails are in each status. */
export async function countOutboxByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("outbox_emails")
    .select(["status", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
