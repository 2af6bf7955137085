// The council register's type codes and nations: read by the register import (cli/councils) and
// shown by the dashboard and the response tracker.

export const COUNCIL_TYPES = ["CTY", "NMD", "UA", "MD", "LBO", "CC", "SCO", "WPA", "NID"] as const;
export type CouncilType = (typeof COUNCIL_TYPES)[number];

export const NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"] as const;
export type Nation = (typeof NATIONS)[number];

/** The register's council type codes, as people read them. */
export const COUNCIL_TYPE_LABELS: Readonly<Record<CouncilType, string>> = {
  CTY: "County council",
  NMD: "District council",
  UA: "Unitary authority",
  MD: "Metropolitan district",
  LBO: "London borough",
  CC: "City of London Corporation",
  SCO: "Scottish council",
  WPA: "Welsh principal area",
  NID: "Northern Ireland district",
};

/** "Unitary authority (UA)" for a known code; an unknown code as it is. */
export function councilTypeLabel(code: string): string {
  const label = (COUNCIL_TYPE_LABELS as Readonly<Record<string, string>>)[code];
  return label ? `${label} (${code})` : code;
}

/** "Metropolitan district"; the code itself when it is not a known type. */
export function councilTypeName(code: string): string {
  return (COUNCIL_TYPE_LABELS as Readonly<Record<string, string>>)[code] ?? code;
}
