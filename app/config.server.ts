import crypto from "node:crypto";
import fs from "node:fs";
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
    PUBLIC_URL: z.string().url("must be a URL like https://localtrust.example.org").optional(),
    DEMO_SEED: booleanFlag.default("true"),
    OPEN_DATA_LICENCE: z.enum(LICENCE_IDS).default(DEFAULT_LICENCE),
    OPEN_DATA_PUBLISHER: z.string().min(1).max(200).default("LocalTrust"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SESSION_SECRET"], message: "is required when NODE_ENV=production" });
    }
  });

export type Config = Omit<z.infer<typeof environmentSchema>, "SESSION_SECRET" | "REQUIRE_STAFF_MFA"> & {
  SESSION_SECRET: string;
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
    REQUIRE_STAFF_MFA: parsed.REQUIRE_STAFF_MFA ?? isProduction,
    isProduction,
  };
}

// Outside production a secret is generated once and kept beside the SQLite file (or in ./data),
// so sessions survive a restart without anyone having to invent a secret for the demo.
function demoSessionSecret(databaseUrl: string): string {
  const location = parseDatabaseUrl(databaseUrl);
  const folder =
    location.dialect === "sqlite" && location.file !== ":memory:" ? path.dirname(path.resolve(location.file)) : path.resolve("data");
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
