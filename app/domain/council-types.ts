/** The register's council type codes, as people read them. */
export const COUNCIL_TYPE_LABELS: Readonly<Record<string, string>> = {
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

/** "Metropolitan district (MD)"; the code itself when it is not a known type. */
export function councilTypeLabel(code: string): string {
  const label = COUNCIL_TYPE_LABELS[code];
  return label ? `${label} (${code})` : code;
}

/** "Metropolitan district"; the code itself when it is not a known type. */
export function councilTypeName(code: string): string {
  return COUNCIL_TYPE_LABELS[code] ?? code;
}
