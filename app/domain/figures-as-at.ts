// "Figures as at DATE TIME, N responses": the line every page and export that shows a snapshot's
// figures carries (FIGURES.md). Times are shown in UK time, as everywhere in LocalTrust.

const FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

/** "28 November 2026 at 21:57" for an ISO 8601 time. */
export function snapshotTime(iso: string): string {
  return FORMAT.format(new Date(iso));
}

/** The line for a snapshot: the cut time and, when at least k, the number of submitted responses. */
export function figuresAsAt(snapshot: { cutAt: string; responses: number | null }, k: number): string {
  const count =
    snapshot.responses === null
      ? `fewer than ${k} responses`
      : `${snapshot.responses.toLocaleString("en-GB")} ${snapshot.responses === 1 ? "response" : "responses"}`;
  return `Figures as at ${snapshotTime(snapshot.cutAt)}, ${count}`;
}
