// A real SMTP server for tests and the end-to-end run (smtp-server + mailparser): it accepts every
// message, parses it and keeps it in memory. `holdData` lets a test act while a message is being
// received, before the server accepts it (to crash the sender mid-batch).
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  receivedAt: string;
}

export interface TestSmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** Stops listening (an outage); `start` listens again on the same port. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Called with each message's data before the server answers; a returned promise delays the answer. */
  holdData?: (count: number) => Promise<void> | void;
}

export async function startTestSmtpServer(port = 0): Promise<TestSmtpServer> {
  let chosen = port;
  let server: SMTPServer | null = null;
  const state: TestSmtpServer = {
    port: 0,
    messages: [],
    stop: async () => {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            void (async () => {
              const count = state.messages.length + 1;
              if (state.holdData) await state.holdData(count);
              const parsed = await simpleParser(Buffer.concat(chunks));
              const to = parsed.to ? (Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) => a.value.map((v) => v.address ?? "")) : [];
              state.messages.push({
                messageId: parsed.messageId ?? "",
                to,
                from: parsed.from?.text ?? "",
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                kind: String(parsed.headers.get("x-localtrust-kind") ?? ""),
                receivedAt: new Date().toISOString(),
              });
              callback();
            })().catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(chosen, "127.0.0.1", () => resolve());
      });
      const address = s.server.address();
      chosen = typeof address === "object" && address ? address.port : chosen;
      state.port = chosen;
    },
  };
  await state.start();
  return state;
}
