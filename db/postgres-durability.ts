// What LocalTrust relies on from PostgreSQL (docs/operations.md): a commit is reported
// only once its WAL record is flushed to disk (synchronous_commit on, or remote_write, remote_apply
// with a standby), and the server really flushes (fsync on). With fsync=off a power cut can corrupt
// the whole cluster; with synchronous_commit=off (or local on a setup that expects a standby to
// confirm) the last commits before a power cut vanish after the page said "Submitted".

export interface PostgresDurabilitySettings {
  fsync: string;
  synchronous_commit: string;
  full_page_writes: string;
}

/** The problems with these settings, worded for the start-up log; empty when the server is durable. */
export function postgresDurabilityWarnings(settings: PostgresDurabilitySettings): string[] {
  const warnings: string[] = [];
  if (settings.fsync !== "on") {
    warnings.push(
      "fsync is off: PostgreSQL does not flush to disk, so a power cut can lose acknowledged submissions and corrupt the database. Set fsync = on.",
    );
  }
  if (settings.synchronous_commit === "off") {
    warnings.push(
      "synchronous_commit is off: a commit is reported before it is on disk, so a power cut can lose submissions the respondent was told were made. Set synchronous_commit = on.",
    );
  }
  if (settings.full_page_writes !== "on") {
    warnings.push("full_page_writes is off: a power cut in the middle of a page write can corrupt the database. Set full_page_writes = on.");
  }
  return warnings;
}
