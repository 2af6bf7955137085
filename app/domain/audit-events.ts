// The audit log in people's words (decision 052): each event code the app records has a name, and
// each event's stored detail says what changed in one line. Pure: the page, the CSV export and the
// tests share it.
import { getCurrentInstrument } from "./instruments";

/** Event code → what happened, as the audit log shows it. Codes not listed are shown by a fallback. */
export const AUDIT_EVENT_NAMES: Readonly<Record<string, string>> = {
  "sign-in.succeeded": "Signed in",
  "sign-in.failed": "Sign-in failed",
  "sign-in.throttled": "Sign-in blocked: too many attempts",
  "sign-in.second-factor-passed": "Second factor accepted",
  "sign-in.second-factor-failed": "Second factor refused",
  "sign-in.recovery-code-used": "Signed in with a recovery code",
  "sign-out": "Signed out",
  "mfa.enabled": "Two-factor authentication turned on",
  "invitation.created": "Invitation sent",
  "invitation.resent": "Invitation sent again",
  "invitation.revoked": "Invitation revoked",
  "invitation.accepted": "Invitation accepted",
  "password-reset.created": "Password reset link made",
  "password-reset.accepted": "Password reset",
  "password-reset.requested": "Password reset asked for",
  "password-reset.throttled": "Password reset blocked: too many requests",
  "reminder.sent": "Reminder sent",
  "reminder.automatic-run": "Automatic reminders sent",
  "user.role-changed": "Role changed",
  "user.disabled": "Account disabled",
  "user.enabled": "Account enabled",
  "user.second-factor-reset": "Two-factor authentication reset",
  "team.invited": "Team: colleague invited",
  "team.invitation-waiting": "Team: invitation waiting for the lead",
  "team.invitation-approved": "Team: invitation approved",
  "team.invitation-refused": "Team: invitation refused",
  "team.invitation-revoked": "Team: invitation revoked",
  "team.joined": "Team: colleague joined",
  "team.removed": "Team: colleague removed",
  "team.lead-changed": "Team: new lead",
  "response.started": "Response started",
  "response.section-saved": "Section saved",
  "response.submitted": "Response submitted",
  "response.amend-started": "Amendment started",
  "responses.imported": "Responses imported",
  "councils.imported": "Council register imported",
  "wave.created": "Wave created",
  "wave.opened": "Wave opened",
  "wave.closed": "Wave closed",
  "wave.reopened": "Wave reopened",
  "wave.published": "Wave published",
  "wave.deadline-changed": "Deadline changed",
  "wave.fieldwork-dates-added": "Fieldwork dates added",
  "export.aggregates.csv": "Aggregate tables downloaded (CSV)",
  "export.aggregates.xlsx": "Aggregate tables downloaded (Excel)",
  "export.microdata.csv": "Microdata downloaded",
  "export.codebook.csv": "Codebook downloaded",
  "export.chase-list": "Chase list downloaded",
  "export.audit-log.csv": "Audit log downloaded",
  "report.previewed": "Benchmark report previewed",
  "report.not-available": "Benchmark report refused: not available",
  "access.other-council-refused": "Refused: another council's page",
};

/** The name of an event: from the map, or its code made readable ("data.release-frozen" → "Data: release frozen"). */
export function auditEventName(code: string): string {
  const known = AUDIT_EVENT_NAMES[code];
  if (known) return known;
  const [first = "", ...rest] = code.split(".");
  const words = (text: string) => text.replace(/[-_]+/g, " ").trim();
  const head = words(first);
  const tail = rest.map(words).join(" ");
  const sentence = tail ? `${head}: ${tail}` : head;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const ROLE_NAMES: Readonly<Record<string, string>> = { respondent: "Respondent", staff: "Staff", admin: "Admin" };

/** "Admin" for "admin"; unknown roles as stored. */
export function roleName(role: string | null | undefined): string {
  return role ? (ROLE_NAMES[role] ?? role) : "";
}

const WAVE_STATES: Readonly<Record<string, string>> = { draft: "draft", open: "open", closed: "closed", published: "published" };

type Detail = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null);

function sectionTitle(id: unknown): string | null {
  const code = text(id);
  if (!code) return null;
  return getCurrentInstrument().sections.find((s) => s.id === code)?.title ?? `section ${code}`;
}

function fromTo(detail: Detail, name: (v: string) => string = (v) => v): string | null {
  const from = text(detail.from);
  const to = text(detail.to);
  if (!from && !to) return null;
  return `${from ? name(from) : "none"} → ${to ? name(to) : "none"}`;
}

function filtersText(filters: unknown): string {
  if (!filters || typeof filters !== "object") return "all councils";
  const shown = Object.entries(filters as Detail)
    .map(([k, v]) => (text(v) ? `${k === "type" ? "council type" : k} ${text(v)}` : null))
    .filter((v): v is string => v !== null);
  return shown.length > 0 ? shown.join(", ") : "all councils";
}

/** ", changed: PRESC1, PRESC3" from a save's { itemId: { before, after } }; ", nothing changed" when no answer differs. */
function changedItems(items: unknown): string {
  if (!items || typeof items !== "object" || Array.isArray(items)) return "";
  const changed = Object.entries(items as Detail)
    .filter(([, v]) => v && typeof v === "object" && (v as Detail).before !== (v as Detail).after)
    .map(([id]) => id);
  if (changed.length === 0) return ", nothing changed";
  const shown = changed.slice(0, 6).join(", ");
  return `, changed: ${shown}${changed.length > 6 ? ` and ${changed.length - 6} more` : ""}`;
}

const LEAD_REASONS: Readonly<Record<string, string>> = {
  first: "the first to join",
  succession: "after the lead left",
  "handed-over": "handed over by the lead",
};

/**
 * What changed, in one line, from an event's stored detail (JSON text or null): the section and
 * its version for a saved section, from → to for roles, wave states and deadlines, the person for
 * team events, the filters of an export. Null when the detail says nothing more than the name.
 */
export function describeAuditChange(code: string, detailJson: string | null): string | null {
  let detail: Detail = {};
  if (detailJson) {
    try {
      const parsed: unknown = JSON.parse(detailJson);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) detail = parsed as Detail;
    } catch {
      return null;
    }
  }
  const wave = text(detail.wave);
  const inWave = wave ? ` (${wave} survey)` : "";
  switch (code) {
    case "response.section-saved": {
      const version = text(detail.sectionVersion);
      return `${sectionTitle(detail.section) ?? "A section"}${version ? `, version ${version}` : ""}${changedItems(detail.items)}${inWave}`;
    }
    case "response.submitted": {
      const submission = text(detail.submission);
      const version = text(detail.responseVersion);
      return `Submission ${submission ?? "?"}${version ? `, response version ${version}` : ""}${inWave}`;
    }
    case "response.started":
      return detail.prefilledFrom ? `From the previous survey's answers (${text(detail.answersCopied) ?? "0"} copied)${inWave}` : `Blank${inWave}`;
    case "response.amend-started":
      return `After ${text(detail.submissions) ?? "?"} submissions${inWave}`;
    case "user.role-changed":
      return fromTo(detail, roleName);
    case "wave.opened":
    case "wave.closed":
    case "wave.reopened":
    case "wave.published":
      return fromTo(detail, (v) => WAVE_STATES[v] ?? v);
    case "wave.deadline-changed":
      return fromTo(detail);
    case "password-reset.requested":
      return detail.sent === true ? "Link emailed" : detail.sent === false ? "No account with this address: nothing sent" : null;
    case "password-reset.throttled":
      return detail.by ? `Too many requests for this ${detail.by === "address" ? "network address" : "email address"}` : null;
    case "reminder.sent": {
      const recipients = Array.isArray(detail.recipients) ? detail.recipients.length : null;
      const progress =
        detail.sectionsDone !== undefined && detail.sectionsTotal !== undefined
          ? `, ${text(detail.sectionsDone)} of ${text(detail.sectionsTotal)} sections done`
          : "";
      const how =
        typeof detail.automatic === "number"
          ? `, automatic (${detail.automatic} days before the deadline)`
          : detail.remindedAgain
            ? ", reminded again within 7 days"
            : "";
      return `${recipients ?? "?"} ${recipients === 1 ? "person" : "people"}${progress}${how}${inWave}`;
    }
    case "reminder.automatic-run":
      return `${text(detail.councils) ?? "?"} councils, ${text(detail.daysBefore) ?? "?"} days before the deadline (${text(detail.closesOn) ?? "?"})`;
    case "wave.fieldwork-dates-added":
      return `${text(detail.opensOn) ?? "?"} to ${text(detail.closesOn) ?? "?"}`;
    case "councils.imported":
      return (
        [
          detail.added !== undefined ? `${text(detail.added)} added` : null,
          detail.updated !== undefined ? `${text(detail.updated)} updated` : null,
          detail.retired !== undefined ? `${text(detail.retired)} retired` : null,
        ]
          .filter(Boolean)
          .join(", ") || null
      );
    case "wave.created":
      return (
        [text(detail.title), detail.opensOn || detail.closesOn ? `${text(detail.opensOn) ?? "?"} to ${text(detail.closesOn) ?? "?"}` : null]
          .filter(Boolean)
          .join(", ") || null
      );
    case "invitation.created":
      return (
        [text(detail.email), detail.role ? `as ${roleName(text(detail.role))}` : null, detail.approval === "waiting" ? "waiting for the council's lead" : null]
          .filter(Boolean)
          .join(" ") || null
      );
    case "team.lead-changed": {
      const reason = text(detail.reason);
      return (
        [text(detail.name), text(detail.email) ? `(${text(detail.email)})` : null, reason ? `– ${LEAD_REASONS[reason] ?? reason}` : null]
          .filter(Boolean)
          .join(" ") || null
      );
    }
    case "team.removed":
    case "team.joined":
      return (
        [text(detail.name), text(detail.email) ? `(${text(detail.email)})` : null, detail.reason === "disabled" ? "– account disabled" : null]
          .filter(Boolean)
          .join(" ") || null
      );
    case "team.invited":
    case "team.invitation-waiting":
    case "team.invitation-approved":
    case "team.invitation-refused":
    case "team.invitation-revoked":
      return text(detail.email);
    case "responses.imported":
      return `${text(detail.imported) ?? "?"} responses${detail.waveCreated ? ", wave created" : ""}`;
    case "export.aggregates.csv":
    case "export.aggregates.xlsx":
    case "export.audit-log.csv":
      return filtersText(detail.filters);
    case "export.chase-list":
      return detail.rows !== undefined ? `${text(detail.rows) ?? "?"} councils` : null;
    case "sign-in.throttled":
      return detail.by ? `Too many attempts for this ${detail.by === "address" ? "address" : "account"}` : null;
    case "access.other-council-refused":
    case "report.not-available":
      return text(detail.path);
    default:
      return null;
  }
}
