import crypto from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import { getConfig } from "../config.server";
import { recordAudit } from "../models/audit.server";
import { inTransaction, type Db } from "../models/db-types";
import { claimMfaStep, findUserById, replaceRecoveryCodes, setUserMfa } from "../models/user.server";

const ISSUER = "LocalTrust";
const PERIOD = 30;

// The TOTP secret is encrypted at rest with AES-256-GCM under a key derived (HKDF-SHA-256) from
// SESSION_SECRET: a copy of the database alone does not give an attacker the second factor.
// Changing SESSION_SECRET therefore means staff enrol again (an admin can reset their second factor).
function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getConfig().SESSION_SECRET, "localtrust", "mfa-secret-v1", 32));
}

export function encryptSecret(base32: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

export function decryptSecret(stored: string): string | null {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== "v1" || !iv || !tag || !body) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(base32: string, label: string) {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(base32) });
}

/** The enrolment QR code as an SVG data URL (an <img>, so no markup is injected into the page). */
export async function enrolmentQrCode(base32: string, email: string): Promise<string> {
  const svg = await QRCode.toString(totp(base32, email).toString(), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** The time step of a valid code (one step of clock drift either way), or null. */
export function matchingStep(base32: string, code: string, now: Date = new Date()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(base32, "x").validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten single-use recovery codes (about 50 bits each), shown once; only SHA-256 hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; stored: string } {
  const codes = Array.from({ length: 10 }, () => {
    const chars = Array.from(crypto.randomBytes(10), (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, stored: JSON.stringify(codes.map(hashRecoveryCode)) };
}

function hashRecoveryCode(code: string): string {
  return crypto
    .createHash("sha256")
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ""),
    )
    .digest("hex");
}

/** Checks a TOTP code or a recovery code for the user; a code is accepted once only. */
export async function verifySecondFactor(db: Db, userId: number, input: string, now: Date = new Date()): Promise<"totp" | "recovery" | null> {
  const user = await findUserById(db, userId);
  if (!user?.mfa_secret || !user.mfa_enabled_at) return null;
  const secret = decryptSecret(user.mfa_secret);
  if (secret) {
    const step = matchingStep(secret, input, now);
    if (step !== null) return (await claimMfaStep(db, userId, step)) ? "totp" : null;
  }
  if (user.mfa_recovery_codes && /[a-z]/i.test(input)) {
    const hashes = JSON.parse(user.mfa_recovery_codes) as string[];
    const hash = hashRecoveryCode(input);
    if (hashes.includes(hash)) {
      const remaining = JSON.stringify(hashes.filter((h) => h !== hash));
      return (await replaceRecoveryCodes(db, userId, user.mfa_recovery_codes, remaining)) ? "recovery" : null;
    }
  }
  return null;
}

export type EnrolmentResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: string };

/**
 * Completes a second-factor enrolment: `pending` is the encrypted "userId:secret" the enrolment page
 * handed out, `code` what the authenticator app shows now. On success the secret, the hashed
 * recovery codes and the used step are stored with an audit record, in one transaction; the codes
 * are returned to be shown once.
 */
export async function completeEnrolment(
  db: Db,
  user: { id: number; email: string; role: string; councilId: number | null },
  input: { pending: string; code: string; clientAddress: string | null },
): Promise<EnrolmentResult> {
  const pending = decryptSecret(input.pending);
  const [owner, secret] = pending?.split(":") ?? [];
  if (!secret || owner !== String(user.id)) return { ok: false, error: "Start again: reload this page for a new QR code" };
  const step = matchingStep(secret, input.code);
  if (step === null) return { ok: false, error: "Enter the 6-digit code your authenticator app shows now" };
  const recovery = newRecoveryCodes();
  await inTransaction(db, async (trx) => {
    await setUserMfa(trx, user.id, { secret: encryptSecret(secret), enabledAt: new Date().toISOString(), recoveryCodes: recovery.stored, lastStep: step });
    await recordAudit(trx, {
      actor: { userId: user.id, email: user.email, role: user.role, councilId: user.councilId },
      action: "mfa.enabled",
      targetType: "user",
      targetId: user.id,
      clientAddress: input.clientAddress,
    });
  });
  return { ok: true, recoveryCodes: recovery.codes };
}
