/** Length limits for a new password (NIST SP 800-63B style: length, no composition rules). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
