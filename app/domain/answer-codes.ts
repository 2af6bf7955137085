/** The stored code of a "Don't know" answer on every scale that offers one (L5, M5, T11). */
export const DONT_KNOW = "dk";
