import type { OutboxStatus } from "../../db/schema";
import type { Db } from "../models/db-types";
import { countOutboxByStatus, listOutbox } from "../models/outbox.server";
import { mailConfigured } from "./email.server";

/** The admin's "Emails" page: a page of the outbox (newest first) and the count in each status. */
export async function loadOutboxPage(db: Db, input: { page: number; pageSize: number; status: OutboxStatus | null }) {
  const counts = await countOutboxByStatus(db);
  const total = input.status ? (counts[input.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = await listOutbox(db, { offset: (input.page - 1) * input.pageSize, limit: input.pageSize, status: input.status ?? undefined });
  return { counts, total, rows, configured: mailConfigured() };
}
