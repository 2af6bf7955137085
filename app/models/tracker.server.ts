import { trackerStatus, type TrackerStatus } from "../domain/tracker-status";
import type { Db } from "./db-types";

export interface TrackerRow {
  councilId: number;
  gssCode: string;
  name: string;
  type: string;
  region: string;
  nation: string;
  status: TrackerStatus;
  /** Latest of the response's last change, submission or the latest invitation; null when nothing happened. */
  lastActivity: string | null;
  reference: string | null;
}

/** Every active council with its status in the wave, by name. */
export async function listTracker(db: Db, waveId: number, now: string): Promise<TrackerRow[]> {
  const councils = await db.selectFrom("councils").select(["id", "gss_code", "name", "type", "region", "nation"]).where("active", "=", 1).orderBy("name").execute();
  const responses = await db.selectFrom("responses").select(["council_id", "status", "updated_at", "submitted_at", "reference"]).where("wave_id", "=", waveId).execute();
  const respondents = await db
    .selectFrom("users")
    .select(["council_id"])
    .where("role", "=", "respondent")
    .where("password_hash", "is not", null)
    .where("disabled_at", "is", null)
    .execute();
  const invitations = await db
    .selectFrom("invitations")
    .select(["council_id", "created_at", "expires_at", "accepted_at", "revoked_at"])
    .where("purpose", "=", "invite")
    .where("council_id", "is not", null)
    .execute();
  const responseOf = new Map(responses.map((r) => [r.council_id, r]));
  const canSignIn = new Set(respondents.map((u) => u.council_id));
  return councils.map((c) => {
    const response = responseOf.get(c.id);
    const invites = invitations.filter((i) => i.council_id === c.id);
    const open = invites.some((i) => i.accepted_at === null && i.revoked_at === null && i.expires_at > now);
    const latestInvite = invites.map((i) => i.created_at).sort().at(-1) ?? null;
    const activity = [response?.updated_at, response?.submitted_at, latestInvite].filter((v): v is string => typeof v === "string").sort().at(-1) ?? null;
    return {
      councilId: c.id,
      gssCode: c.gss_code,
      name: c.name,
      type: c.type,
      region: c.region,
      nation: c.nation,
      status: trackerStatus({ responseStatus: response?.status ?? null, hasActiveRespondent: canSignIn.has(c.id), hasOpenInvitation: open }),
      lastActivity: activity,
      reference: response?.reference ?? null,
    };
  });
}
