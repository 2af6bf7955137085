// The outbox sender as a process of its own, for the crash test (app/services/mail-sender.server.test.ts):
// it drains the outbox of OUTBOX_DB_URL through the SMTP server on 127.0.0.1:OUTBOX_SMTP_PORT and exits.
import nodemailer from "nodemailer";
import { openDatabase } from "../db/connection";
import { sendDueEmails } from "../app/services/mail-sender.server";

const handle = openDatabase(process.env.OUTBOX_DB_URL!, { poolSize: 2 });
const transport = nodemailer.createTransport({ host: "127.0.0.1", port: Number(process.env.OUTBOX_SMTP_PORT), secure: false, ignoreTLS: true });
const leaseMs = Number(process.env.OUTBOX_LEASE_MS ?? 1000);
for (;;) {
  const tally = await sendDueEmails(handle.db, {
    transport,
    from: "LocalTrust <no-reply@localtrust.test>",
    messageIdDomain: "localtrust.test",
    leaseMs,
    batch: Number(process.env.OUTBOX_BATCH ?? 20),
    onRecorded: (id, outcome) => console.log(`${id} ${outcome}`),
  });
  if (tally.claimed === 0) break;
}
transport.close();
await handle.close();
