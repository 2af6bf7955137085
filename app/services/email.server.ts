import nodemailer from "nodemailer";
import { getConfig } from "../config.server";

/** Sends a plain-text email when SMTP_URL is set; returns false when there is no mail server. */
export async function sendEmail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  const { SMTP_URL } = getConfig();
  if (!SMTP_URL) return false;
  const transport = nodemailer.createTransport(SMTP_URL);
  const from = new URL(SMTP_URL).searchParams.get("from") ?? "LocalTrust <no-reply@localtrust.invalid>";
  await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
  return true;
}
