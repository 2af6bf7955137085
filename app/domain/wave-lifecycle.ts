// The life of a wave: draft → open → closed → published, with reopening a
// closed wave allowed; nothing goes back to draft and a published wave is final.

export const WAVE_STATUSES = ["draft", "open", "closed", "published"] as const;
/** The same union as db/schema.ts's WaveStatus column type (checked in wave-lifecycle.test.ts). */
export type WaveStatus = (typeof WAVE_STATUSES)[number];

export const WAVE_ACTIONS = ["open", "close", "reopen", "publish"] as const;
export type WaveAction = (typeof WAVE_ACTIONS)[number];

const MOVES: Record<WaveAction, { from: readonly WaveStatus[]; to: WaveStatus }> = {
  open: { from: ["draft"], to: "open" },
  close: { from: ["open"], to: "closed" },
  reopen: { from: ["closed"], to: "open" },
  publish: { from: ["closed"], to: "published" },
};

export type Transition = { ok: true; to: WaveStatus } | { ok: false; reason: string };

/** The status after the action, or the reason it is refused (opening a published wave, publishing an open one, …). */
export function transition(from: WaveStatus, action: WaveAction): Transition {
  const move = MOVES[action];
  if (move.from.includes(from)) return { ok: true, to: move.to };
  const reasons: Record<WaveAction, string> = {
    open: "Only a draft wave can be opened",
    close: "Only an open wave can be closed",
    reopen: "Only a closed wave can be reopened",
    publish: "Close the wave before publishing it; a published wave cannot be changed",
  };
  return { ok: false, reason: reasons[action] };
}

/** The actions allowed from a status, in the order buttons are shown. */
export function allowedActions(from: WaveStatus): WaveAction[] {
  return WAVE_ACTIONS.filter((action) => transition(from, action).ok);
}

/** A deadline can be set while the wave is a draft or open, to a real date (YYYY-MM-DD) not before it opens. */
export function checkDeadline(status: WaveStatus, closesOn: string, opensOn: string | null): string | null {
  if (status === "closed" || status === "published") return "The deadline of a closed or published wave cannot be changed";
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(closesOn) ||
    Number.isNaN(Date.parse(`${closesOn}T00:00:00Z`)) ||
    new Date(`${closesOn}T00:00:00Z`).toISOString().slice(0, 10) !== closesOn
  ) {
    return "Enter a real date for the deadline";
  }
  if (opensOn !== null && closesOn < opensOn) return "The deadline must be on or after the day the wave opens";
  return null;
}
