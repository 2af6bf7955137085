// The admin's users page: change a role, reset a second factor (disabling and enabling an account
// involve the council's team: team.server.ts). Each change and its audit record are one
// transaction; resetting the second factor ends the person's sessions in the same transaction.
import type { Role } from "../../db/schema";
import { recordAudit } from "../models/audit.server";
import { inTransaction, type Db } from "../models/db-types";
import { deleteSessionsOfUser } from "../models/session.server";
import { findUserById, listUsers, setUserMfa, setUserRole, type UserFilter } from "../models/user.server";
import { auditActor, type SignedInUser } from "./auth.server";
import { listCouncilChoices } from "./councils.server";

export type UserChange = "role" | "reset-mfa";
export type UserChangeResult = { ok: true; message: string } | { ok: false; status: 400 | 404; message: string };

export const USERS_PAGE_SIZE = 25;

/** One page of the accounts a filter matches (no secrets), with the councils the filter offers. */
export async function listAccounts(db: Db, filter: UserFilter, page: number) {
  const result = await listUsers(db, filter, { offset: (page - 1) * USERS_PAGE_SIZE, limit: USERS_PAGE_SIZE });
  return { ...result, page, pages: Math.max(1, Math.ceil(result.total / USERS_PAGE_SIZE)), councils: await listCouncilChoices(db) };
}

/** The account with this id, or undefined. */
export async function findAccount(db: Db, id: number) {
  return findUserById(db, id);
}

/**
 * Applies one change to another person's account, with its audit record, in one transaction.
 * An admin cannot change their own account here (no locking oneself out by accident); a council
 * respondent's role cannot be changed.
 */
export async function changeUser(
  db: Db,
  admin: SignedInUser,
  change: { intent: UserChange; userId: number; role?: "staff" | "admin" },
  clientAddress: string | null,
): Promise<UserChangeResult> {
  return inTransaction(db, async (trx): Promise<UserChangeResult> => {
    const target = await findUserById(trx, change.userId);
    if (!target) return { ok: false, status: 404, message: "There is no such user" };
    if (target.id === admin.id) return { ok: false, status: 400, message: "You cannot change your own account here" };
    const audit = (action: string, detail?: unknown) =>
      recordAudit(trx, { actor: auditActor(admin), action, targetType: "user", targetId: target.id, detail, clientAddress });
    switch (change.intent) {
      case "role": {
        const role = change.role;
        if (!role) return { ok: false, status: 400, message: "That request could not be handled" };
        if (target.role === "respondent")
          return { ok: false, status: 400, message: "A council respondent's role cannot be changed: invite them as staff instead" };
        await setUserRole(trx, target.id, role);
        await audit("user.role-changed", { from: target.role as Role, to: role });
        return { ok: true, message: `${target.email} is now ${role === "admin" ? "an admin" : "staff"}.` };
      }
      case "reset-mfa":
        await setUserMfa(trx, target.id, { secret: null, enabledAt: null, recoveryCodes: null, lastStep: null });
        await deleteSessionsOfUser(trx, target.id);
        await audit("user.second-factor-reset");
        return { ok: true, message: `${target.email} must set up their second factor again.` };
    }
  });
}
