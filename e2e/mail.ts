// The mail server of e2e/email.spec.ts (playwright.config.ts, second webServer): an app with
// SMTP_URL pointing at a real SMTP server in its process, and that server's mailbox as JSON.
import { expect } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const MAIL_APP = `http://localhost:${PORT + 1}`;
const MAILBOX = `http://127.0.0.1:${PORT + 3}/messages`;

export interface Mail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
}

export async function mailbox(): Promise<Mail[]> {
  const response = await fetch(MAILBOX);
  return (await response.json()) as Mail[];
}

/** Waits (up to 15 s) until a message matching `match` has arrived, and returns it. */
export async function waitForMail(match: (m: Mail) => boolean, what: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailbox()).find(match);
        return found !== undefined;
      },
      { message: `an email: ${what}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** The first link to this app in the message's plain text. */
export function linkIn(mail: Mail, path: RegExp): string {
  const link = mail.text.split(/\s+/).find((word) => word.startsWith(MAIL_APP) && path.test(new URL(word).pathname));
  expect(link, `a link matching ${path} in "${mail.subject}"`).toBeTruthy();
  return link!;
}
