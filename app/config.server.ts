import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { parseDatabaseUrl } from "../db/connection";
import { DEFAULT_LICENCE, LICENCE_IDS } from "./domain/open-data";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"], {
    errorMap: () => ({ message: "must be true or false" }),
  })
  .transform((v) => ["true", "1", "on", "yes"].includes(v));

const minutes = z.coerce.number({ invalid_type_error: "must be a number of minutes" }).int().positive();

/** The demo's feedback address; a real installation sets FEEDBACK_URL to the association's own. */
export const DEFAULT_FEEDBACK_URL = "mailto:feedback@localtrust.example?subject=LocalTrust%20feedback";

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./data/localtrust.sqlite")
      .superRefine((value, ctx) => {
        try {
          parseDatabaseUrl(value);
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        }
      }),
    PORT: z.coerce
      .number({ invalid_type_error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    SESSION_IDLE_MINUTES: minutes.default(30),
    SESSION_ABSOLUTE_MINUTES: minutes.default(720),
    REQUIRE_STAFF_MFA: booleanFlag.optional(),
    SMTP_URL: z.string().url("must be a URL like smtp://user:pass@host:587").optional(),
    // The From of every email, like "LocalTrust <no-reply@localtrust.example.org>" (decision 046).
    MAIL_FROM: z
      .string()
      .max(200)
      .regex(/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, "must be an address like no-reply@example.org or LocalTrust <no-reply@example.org>")
      .optional(),
    // The association's name, in every email (why the person gets it, who sent it).
    ASSOCIATION_NAME: z.string().min(1).max(120).default("The LocalTrust association"),
    // Automatic reminders: days before an open wave's deadline (decision 048); "off" for none.
    REMINDER_DAYS_BEFORE: z
      .string()
      .transform((v, ctx): number[] => {
        const value = v.trim().toLowerCase();
        if (["off", "none", "false", "no"].includes(value)) return [];
        const days = value.split(",").map((d) => d.trim());
        if (days.some((d) => !/^\d{1,3}$/.test(d) || Number(d) < 1 || Number(d) > 365)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be days before the deadline like 14,3 (each 1 to 365), or off" });
          return [];
        }
        return [...new Set(days.map(Number))].sort((a, b) => b - a);
      })
      .default("14,3"),
    // The address people use to reach LocalTrust: every absolute link (invitations, emails) starts
    // with it, never with a request's Host or X-Forwarded-Host. Required in production.
    PUBLIC_URL: z
      .string()
      .superRefine((v, ctx) => {
        let url: URL;
        try {
          url = new URL(v);
        } catch {
          return ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a URL like https://localtrust.example.org" });
        }
        if (!/^https?:$/.test(url.protocol))
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must start with https:// (or http:// on your own machine)" });
        else if (url.pathname !== "/" || url.search || url.hash)
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be the site's address only, like https://localtrust.example.org (no path)" });
      })
      .transform((v) => new URL(v).origin)
      .optional(),
    // Which reverse proxies to believe about the client's address (X-Forwarded-For): off, a hop
    // count, or a list of proxy addresses or subnets. Off by default (decision 029).
    TRUST_PROXY: z
      .string()
      .transform((v, ctx): TrustProxy => {
        const value = v.trim().toLowerCase();
        if (["false", "off", "no", "0"].includes(value)) return false;
        if (/^\d+$/.test(value)) {
          const hops = Number(value);
          if (hops > 10) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a hop count from 1 to 10, a list of proxy addresses, or off" });
          return hops;
        }
        const entries = value
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean);
        const bad = entries.filter((e) => !isProxyAddress(e));
        if (entries.length === 0 || bad.length > 0) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `must be off, a hop count like 1, or proxy addresses like 127.0.0.1,10.0.0.0/8 (not ${bad.join(", ") || "empty"})`,
          });
          return false;
        }
        return entries;
      })
      .default("off"),
    // The least time between an open wave's snapshots cut because k responses changed (decision 071).
    SNAPSHOT_MIN_INTERVAL_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(0, "must be 0 or more seconds")
      .max(86_400, "must be at most 86400 seconds (a day)")
      .default(60),
    DEMO_SEED: booleanFlag.default("true"),
    OPEN_DATA_LICENCE: z.enum(LICENCE_IDS).default(DEFAULT_LICENCE),
    OPEN_DATA_PUBLISHER: z.string().min(1).max(200).default("LocalTrust"),
    // Where the beta banner's feedback link goes (decision 051): a mailto: address or a web form.
    FEEDBACK_URL: z
      .string()
      .max(500)
      .refine(
        (value) => /^(https?:\/\/[^\s]+|mailto:[^\s@]+@[^\s@]+)$/i.test(value),
        "must be a mailto: address like mailto:survey@association.example or an https:// address",
      )
      .default(DEFAULT_FEEDBACK_URL),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SESSION_SECRET"], message: "is required when NODE_ENV=production" });
    }
    if (env.NODE_ENV === "production" && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["PUBLIC_URL"],
        message: "is required when NODE_ENV=production: the address people use to reach LocalTrust, like https://localtrust.example.org",
      });
    }
  });

/** Express's "trust proxy": false, a hop count, or proxy addresses and subnets. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export type Config = Omit<z.infer<typeof environmentSchema>, "SESSION_SECRET" | "REQUIRE_STAFF_MFA" | "PUBLIC_URL"> & {
  SESSION_SECRET: string;
  /** An origin, like https://localtrust.example.org; outside production http://localhost:<PORT> when unset. */
  PUBLIC_URL: string;
  REQUIRE_STAFF_MFA: boolean;
  isProduction: boolean;
};

export class ConfigError extends Error {}

/** Parses the environment; a bad variable is named in the message, e.g. "PORT: must be between 1 and 65535". */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = environmentSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new ConfigError(`LocalTrust cannot start: the configuration is invalid.\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const isProduction = parsed.NODE_ENV === "production";
  return {
    ...parsed,
    SESSION_SECRET: parsed.SESSION_SECRET ?? demoSessionSecret(parsed.DATABASE_URL),
    PUBLIC_URL: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
    REQUIRE_STAFF_MFA: parsed.REQUIRE_STAFF_MFA ?? isProduction,
    isProduction,
  };
}

// Outside production a secret is generated once and kept beside the SQLite file (or in ./data),
// so sessions survive a restart without anyone having to invent a secret for the demo.
function demoSessionSecret(databaseUrl: string): string {
  const location = parseDatabaseUrl(databaseUrl);
  const folder = location.dialect === "sqlite" && location.file !== ":memory:" ? path.dirname(path.resolve(location.file)) : path.resolve("data");
  const file = path.join(folder, ".session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(folder, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
