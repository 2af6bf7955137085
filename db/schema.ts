import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Portable column conventions (see docs/decisions/001-two-dialects.md):
// timestamps are ISO-8601 UTC text, dates are YYYY-MM-DD text, booleans are integers 0/1,
// ids are integer identities. The same types hold for SQLite and PostgreSQL.
type Timestamp = string;
type Flag = number;

export type Role = "respondent" | "staff" | "admin";
export type WaveStatus = "draft" | "open" | "closed" | "published";
export type ResponseStatus = "in_progress" | "submitted";
export type SectionState = "saved" | "prefilled";

export interface CouncilsTable {
  id: Generated<number>;
  gss_code: string;
  name: string;
  type: string;
  region: string;
  nation: string;
  active: Flag;
  /** The council's lead: one of its joined, enabled respondents, or null when it has none (migration 005). */
  lead_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  council_id: number | null;
  disabled_at: Timestamp | null;
  /** TOTP secret, AES-256-GCM encrypted with a key derived from SESSION_SECRET (services/mfa.server.ts). */
  mfa_secret: string | null;
  mfa_enabled_at: Timestamp | null;
  /** JSON array of SHA-256 hashes of the unused recovery codes. */
  mfa_recovery_codes: string | null;
  /** The last TOTP time step accepted: a code cannot be used twice. */
  mfa_last_step: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 of the random id held in the cookie: a copy of the table cannot be replayed. */
  id_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  client_address: string | null;
  user_agent: string | null;
  /** 1 once this session has passed the second factor (staff and admins). */
  mfa_verified: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface InvitationsTable {
  id: Generated<number>;
  token_hash: string;
  purpose: "invite" | "reset";
  email: string;
  role: Role;
  council_id: number | null;
  user_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Whether the council's lead must approve it first (migration 005, decision 026). */
  approval: ColumnType<InvitationApproval, InvitationApproval | undefined, InvitationApproval>;
  decided_by: ColumnType<number | null, number | null | undefined, number | null>;
  decided_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export type InvitationApproval = "none" | "waiting" | "approved" | "refused";

export interface InstrumentVersionsTable {
  version: number;
  title: string;
  definition: string;
  created_at: Timestamp;
}

export interface WavesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  instrument_version: number;
  status: WaveStatus;
  opens_on: string | null;
  closes_on: string | null;
  published_at: Timestamp | null;
  /** When the wave actually closed (migration 013): set by the close move, kept at publish, cleared by a reopen. */
  closed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResponsesTable {
  id: Generated<number>;
  wave_id: number;
  council_id: number;
  instrument_version: number;
  status: ResponseStatus;
  /** Incremented by every change; a save or submit based on an older version is refused. */
  version: number;
  reference: string;
  prefilled_from: number | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  updated_by: number | null;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  /** How many times this response has been submitted (1 = first submission, 2+ = amended). */
  submission_count: number;
}

export interface ResponseSectionsTable {
  response_id: number;
  section_id: string;
  state: SectionState;
  version: number;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface AnswersTable {
  response_id: number;
  item_id: string;
  value: string;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface ResponseVersionsTable {
  id: Generated<number>;
  response_id: number;
  submission_number: number;
  response_version: number;
  instrument_version: number;
  answers: string;
  submitted_at: Timestamp;
  submitted_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: number | null;
  actor_email: string | null;
  actor_role: string | null;
  actor_council_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: string | null;
  client_address: string | null;
}

/** Stored per-response scores (migration 003); see db/migrations/003-response-scores.ts. */
export interface ResponseScoresTable {
  response_id: number;
  wave_id: number;
  council_id: number;
  instrument_version: number;
  presc: number | null;
  burden: number | null;
  tech: number | null;
  ltc: number | null;
  pct: number | null;
  gap: number | null;
  headline_gap: number | null;
  gap2: number | null;
  gap3: number | null;
  gap4: number | null;
  gap5: number | null;
  gap6: number | null;
  /** JSON: index code → rescaled 0–100 item values in index order, null for dk or blank. */
  item_values: string;
  computed_at: Timestamp;
}

/** The comparator figures of a published wave (migration 009): group-level only, JSON. */
export interface BenchmarkFiguresTable {
  wave_id: number;
  k: number;
  /** Submitted responses the figures were prepared from. */
  responses: number;
  /** JSON: app/domain/benchmark-figures.ts ComparatorFigures. */
  figures: string;
  prepared_at: Timestamp;
  /** How long preparing took, in milliseconds. */
  prepare_ms: number;
}

/** One throttled key's attempts in its current window (migration 006, decision 028). */
export interface ThrottleCountersTable {
  /** "account:<normalised email>", "mfa:<user id>" or "address:<client address>". */
  key: string;
  window_started_at: Timestamp;
  attempts: number;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

/** An audited snapshot of one wave's figures for one audience (migration 007). */
export interface WaveSnapshotsTable {
  id: Generated<number>;
  wave_id: number;
  audience: string;
  k: number;
  seq: number;
  cut_at: Timestamp;
  reason: string;
  wave_status: string;
  responses: number;
  /** JSON: the groups that carried figures, as contributions; server-side only, for the next audit. */
  shown_groups: string;
  build_ms: number;
}

export interface WaveSnapshotViewsTable {
  snapshot_id: number;
  view_key: string;
  /** JSON: { summary, charts } of the view. */
  document: string;
}

/** An open-data release (migration 011): frozen at publish, never updated. */
export interface DataReleasesTable {
  id: Generated<number>;
  wave_id: number;
  seq: number;
  snapshot_id: number;
  published_at: string;
  revision_note: string | null;
  /** JSON: the release document every published file is generated from. */
  document: string;
}

export type OutboxStatus = "queued" | "sending" | "sent" | "retrying" | "failed" | "unsent";

/** One email (migration 012, decision 046): written with the event that causes it, delivered by the sender. */
export interface OutboxEmailsTable {
  id: Generated<number>;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  status: OutboxStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  /** The sender holding it while sending, until claimed_until (a lease: a crashed sender's rows come back). */
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  last_error: string | null;
  /** Unique when set: the same email cannot be written twice. */
  dedupe_key: string | null;
  council_id: number | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** One council reminded in a wave (migration 012). */
export interface RemindersTable {
  id: Generated<number>;
  wave_id: number;
  council_id: number;
  sent_at: Timestamp;
  sent_by: number | null;
  automatic: Flag;
  recipients: number;
}

/** One automatic reminder run (migration 012): the primary key makes it happen once. */
export interface ReminderRunsTable {
  wave_id: number;
  days_before: number;
  closes_on: string;
  run_at: Timestamp;
  outcome: string;
  councils: number;
}

export interface Database {
  outbox_emails: OutboxEmailsTable;
  reminders: RemindersTable;
  reminder_runs: ReminderRunsTable;
  councils: CouncilsTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  instrument_versions: InstrumentVersionsTable;
  waves: WavesTable;
  responses: ResponsesTable;
  response_sections: ResponseSectionsTable;
  answers: AnswersTable;
  response_versions: ResponseVersionsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  throttle_counters: ThrottleCountersTable;
  response_scores: ResponseScoresTable;
  benchmark_figures: BenchmarkFiguresTable;
  wave_snapshots: WaveSnapshotsTable;
  wave_snapshot_views: WaveSnapshotViewsTable;
  data_releases: DataReleasesTable;
}

export type Council = Selectable<CouncilsTable>;
export type NewCouncil = Insertable<CouncilsTable>;
export type User = Selectable<UsersTable>;
export type Wave = Selectable<WavesTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type ResponseUpdate = Updateable<ResponsesTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type { ColumnType };
