// Filters of the admin lists (the audit log and the users page), read from the URL so a view can
// be shared as a link, and the page numbers GOV.UK pagination shows. Bad input never fails the
// page: it is ignored, or named in an error message beside the field.
import { parseDateParts, type DateParts } from "./date-parts";

export interface FieldError {
  /** The id of the input to fix (the error summary links to it). */
  field: string;
  message: string;
}

const text = (params: URLSearchParams, name: string, max: number): string => (params.get(name) ?? "").trim().slice(0, max);
const id = (params: URLSearchParams, name: string): number | undefined => {
  const value = text(params, name, 12);
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined;
};
/** The page asked for: a whole number from 1, anything else is page 1. */
export function pageNumber(params: URLSearchParams): number {
  const value = text(params, "page", 7);
  return /^[1-9]\d{0,6}$/.test(value) ? Number(value) : 1;
}

function dateFilter(params: URLSearchParams, name: string, what: string): { parts: DateParts; date?: string; error?: FieldError } {
  const parts = { day: text(params, `${name}-day`, 4), month: text(params, `${name}-month`, 4), year: text(params, `${name}-year`, 6) };
  if (!parts.day && !parts.month && !parts.year) return { parts };
  const parsed = parseDateParts(parts, what);
  return parsed.ok ? { parts, date: parsed.date } : { parts, error: { field: `${name}-${parsed.part}`, message: parsed.message } };
}

export interface AuditListFilters {
  values: { actor: string; action: string; council: string; from: DateParts; to: DateParts };
  filter: { actor?: string; action?: string; councilId?: number; from?: string; to?: string };
  errors: FieldError[];
  page: number;
}

/** The audit log's filters: who (email or name), event, council, and a date range from GOV.UK date inputs (from-day, from-month, from-year; to-…). */
export function parseAuditFilters(params: URLSearchParams): AuditListFilters {
  const actor = text(params, "actor", 254);
  const action = text(params, "action", 100);
  const councilId = id(params, "council");
  const from = dateFilter(params, "from", "the start date");
  const to = dateFilter(params, "to", "the end date");
  const errors = [from.error, to.error].filter((e): e is FieldError => e !== undefined);
  if (from.date && to.date && from.date > to.date) errors.push({ field: "to-day", message: "The end date must be the same as or after the start date" });
  const datesOk = errors.length === 0;
  return {
    values: { actor, action, council: councilId ? String(councilId) : "", from: from.parts, to: to.parts },
    filter: {
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(councilId ? { councilId } : {}),
      ...(datesOk && from.date ? { from: from.date } : {}),
      ...(datesOk && to.date ? { to: to.date } : {}),
    },
    errors,
    page: pageNumber(params),
  };
}

export const USER_ROLES = ["respondent", "staff", "admin"] as const;
export const USER_STATUSES = ["active", "disabled", "no-password"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const USER_STATUS_LABELS: Record<UserStatus, string> = { active: "Active", disabled: "Disabled", "no-password": "No password yet" };

export interface UserListFilters {
  values: { q: string; role: string; council: string; status: string };
  filter: { search?: string; role?: (typeof USER_ROLES)[number]; councilId?: number; status?: UserStatus };
  page: number;
}

/** The users page's filters: name or email contains, role, council, status. Unknown values are ignored. */
export function parseUserFilters(params: URLSearchParams): UserListFilters {
  const q = text(params, "q", 254);
  const role = USER_ROLES.find((r) => r === text(params, "role", 20));
  const councilId = id(params, "council");
  const status = USER_STATUSES.find((s) => s === text(params, "status", 20));
  return {
    values: { q, role: role ?? "", council: councilId ? String(councilId) : "", status: status ?? "" },
    filter: { ...(q ? { search: q } : {}), ...(role ? { role } : {}), ...(councilId ? { councilId } : {}), ...(status ? { status } : {}) },
    page: pageNumber(params),
  };
}

/**
 * The items of GOV.UK pagination: the first and last pages, the current page and its neighbours,
 * "…" for each gap. `paginationItems(5, 10)` is [1, "…", 4, 5, 6, "…", 10].
 */
export function paginationItems(page: number, pages: number): (number | "…")[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: (number | "…")[] = [];
  for (const n of shown) {
    const last = items[items.length - 1];
    if (typeof last === "number" && n - last === 2) items.push(last + 1);
    else if (typeof last === "number" && n - last > 2) items.push("…");
    items.push(n);
  }
  return items;
}

/** The same list URL at another page: every other parameter kept, page=1 left out. */
export function pageHref(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams([...params].filter(([k, v]) => k !== "page" && v !== ""));
  if (page > 1) next.set("page", String(page));
  const query = next.toString();
  return query ? `?${query}` : "?";
}
