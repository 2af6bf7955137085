import { auditEventName, describeAuditChange, roleName } from "../domain/audit-events";
import { exportFileName } from "../domain/export-names";
import {
  countAudit,
  findAuditTargetNames,
  listAuditActions,
  listAuditEntries,
  recordAudit,
  type AuditFilter,
  type AuditTargetNames,
} from "../models/audit.server";
import type { Db } from "../models/db-types";
import { auditActor, type SignedInUser } from "./auth.server";
import { listCouncilChoices } from "./councils.server";
import { csvResponse } from "./csv-stream.server";
import { clientAddress } from "./request.server";

/** An event of a signed-in user (a sign-in step, an enrolment) for the audit log. */
export async function auditUserEvent(
  db: Db,
  user: Parameters<typeof auditActor>[0],
  entry: { action: string; targetType?: string; targetId?: string | number; clientAddress: string | null },
) {
  await recordAudit(db, { actor: auditActor(user), ...entry });
}

export const AUDIT_PAGE_SIZE = 50;

/** What an entry is about, named the same way everywhere: "User: Sam Carter", with a link where admins can act on it. */
export interface AuditTarget {
  kind: string;
  name: string;
  href: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  code: string;
  event: string;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: string;
  actorCouncil: string | null;
  target: AuditTarget | null;
  change: string | null;
  clientAddress: string | null;
}

const usersLink = (query: Record<string, string>) => `/admin/users?${new URLSearchParams(query)}`;
const waveLink = (slug: string) => `/admin/waves/${encodeURIComponent(slug)}`;

function describeTarget(type: string | null, id: string | null, names: AuditTargetNames): AuditTarget | null {
  if (!type) return null;
  const key = id ?? "";
  const numeric = /^\d+$/.test(key) ? Number(key) : NaN;
  switch (type) {
    case "user": {
      const user = names.users.get(numeric);
      return user
        ? { kind: "User", name: `${user.name} (${user.email})`, href: usersLink({ q: user.email }) }
        : { kind: "User", name: `account ${key} (no longer exists)`, href: null };
    }
    case "wave": {
      const wave = names.waves.get(key);
      return wave ? { kind: "Wave", name: wave.title, href: waveLink(wave.slug) } : { kind: "Wave", name: key, href: null };
    }
    case "council": {
      const council = names.councils.get(numeric);
      return { kind: "Council", name: council?.name ?? `council ${key}`, href: council ? usersLink({ council: key }) : null };
    }
    case "response": {
      const response = names.responses.get(numeric);
      return response
        ? { kind: "Response", name: `${response.councilName}, ${response.waveTitle}`, href: waveLink(response.waveSlug) }
        : { kind: "Response", name: `response ${key}`, href: null };
    }
    case "invitation": {
      const invitation = names.invitations.get(numeric);
      return {
        kind: "Invitation",
        name: invitation ? `${invitation.email} (${roleName(invitation.role)})` : `invitation ${key}`,
        href: invitation ? "/invitations" : null,
      };
    }
    case "benchmark-report": {
      const [slug = "", gss] = key.split("/");
      const wave = names.waves.get(slug);
      const council = gss ? names.councilsByGss.get(gss) : undefined;
      return {
        kind: "Benchmark report",
        name: [council?.name ?? gss, wave?.title ?? slug].filter(Boolean).join(", "),
        href: wave ? waveLink(wave.slug) : null,
      };
    }
    default:
      return { kind: type.charAt(0).toUpperCase() + type.slice(1).replace(/-/g, " "), name: key, href: null };
  }
}

async function auditRows(db: Db, filter: AuditFilter, page: { offset: number; limit: number }): Promise<AuditRow[]> {
  const entries = await listAuditEntries(db, filter, page);
  const names = await findAuditTargetNames(db, entries);
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    code: e.action,
    event: auditEventName(e.action),
    actorName: e.actorName,
    actorEmail: e.actorEmail,
    actorRole: roleName(e.actorRole),
    actorCouncil: e.councilName,
    target: describeTarget(e.targetType, e.targetId, names),
    change: describeAuditChange(e.action, e.detail),
    clientAddress: e.clientAddress,
  }));
}

/** One page of the audit log for the admin's audit page, with the choices its filter form offers. */
export async function loadAuditLogPage(db: Db, filter: AuditFilter, page: number) {
  const total = await countAudit(db, filter);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const rows = await auditRows(db, filter, { offset: (Math.min(page, pages) - 1) * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE });
  const codes = await listAuditActions(db);
  return {
    total,
    page: Math.min(page, pages),
    pages,
    rows,
    actions: codes.map((code) => ({ code, name: auditEventName(code) })).sort((a, b) => a.name.localeCompare(b.name)),
    councils: await listCouncilChoices(db),
  };
}

export const AUDIT_CSV_HEADER = [
  "When (UTC)",
  "Event",
  "Event code",
  "Actor name",
  "Actor email",
  "Actor role",
  "Actor council",
  "Target type",
  "Target",
  "What changed",
  "Client address",
];

/**
 * The filtered audit log as CSV, newest first, read in pages as it streams (every cell made safe
 * for spreadsheets by csvResponse). The download itself is recorded first, with its filters.
 */
export async function auditLogCsv(db: Db, request: Request, admin: SignedInUser, filter: AuditFilter): Promise<Response> {
  await recordAudit(db, { actor: auditActor(admin), action: "export.audit-log.csv", detail: { filters: filter }, clientAddress: clientAddress(request) });
  const batch = 500;
  async function* rows() {
    yield AUDIT_CSV_HEADER;
    // Entries recorded while it streams come after the first page's newest: leaving them out keeps
    // the later pages from shifting.
    let offset = 0;
    let upToId: number | undefined;
    for (;;) {
      const page = await auditRows(db, { ...filter, upToId }, { offset, limit: batch });
      upToId ??= page[0]?.id;
      for (const r of page)
        yield [
          r.at,
          r.event,
          r.code,
          r.actorName,
          r.actorEmail,
          r.actorRole,
          r.actorCouncil,
          r.target?.kind ?? null,
          r.target?.name ?? null,
          r.change,
          r.clientAddress,
        ];
      if (page.length < batch) return;
      offset += batch;
    }
  }
  const name = exportFileName(
    "audit",
    "log",
    {
      who: filter.actor,
      event: filter.action,
      council: filter.councilId === undefined ? undefined : String(filter.councilId),
      from: filter.from,
      to: filter.to,
    },
    "csv",
  );
  return csvResponse(name, rows());
}
