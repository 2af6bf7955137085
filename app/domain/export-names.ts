// File names of downloads: a filtered export says its filters, so two downloads of one wave with
// different filters never share a name (decision 051).

/** A piece of a file name: lower case letters, digits and single hyphens ("South East" → "south-east"). */
export function fileNamePart(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * localtrust-<wave>-<what>[-<filter>-<value>…].<extension>, filters in the order given, empty ones
 * left out: `exportFileName("2026", "aggregates", { region: "Wales" }, "csv")` is
 * "localtrust-2026-aggregates-region-wales.csv".
 */
export function exportFileName(wave: string, what: string, filters: Record<string, string | null | undefined>, extension: string): string {
  const parts = ["localtrust", fileNamePart(wave), fileNamePart(what)];
  for (const [name, value] of Object.entries(filters)) {
    const cleaned = value ? fileNamePart(value) : "";
    if (cleaned) parts.push(fileNamePart(name), cleaned);
  }
  return `${parts.filter(Boolean).join("-")}.${fileNamePart(extension)}`;
}
