// Control fields of the section form, in a module without imports: pages use them in the browser,
// so they must not pull the instrument loader (and zod) into the client bundle.

/** The control field a rendered section form uses to list the conditional questions it offered. */
export const CONDITIONAL_MARKER = "_conditional";
