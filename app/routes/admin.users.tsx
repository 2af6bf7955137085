import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { IssuedLinkPanel } from "../components/issued-link";
import { Tag } from "../components/tag";
import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { findUserById, listUsers, setUserMfa, setUserRole } from "../models/user.server";
import { auditActor, endAllSessionsOf, requireAdmin } from "../services/auth.server";
import { issuePasswordReset } from "../services/invitations.server";
import { disableAccount, enableAccount } from "../services/team.server";
import { clientAddress } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "Users – LocalTrust" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return json({ users: await listUsers(getDb()), selfId: admin.id });
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), id: z.coerce.number().int().positive(), role: z.enum(["staff", "admin"]) }),
  z.object({ intent: z.enum(["disable", "enable", "reset", "reset-mfa"]), id: z.coerce.number().int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ message: "That request could not be handled", issued: null }, { status: 400 });
  const db = getDb();
  const target = await findUserById(db, parsed.data.id);
  if (!target) return json({ message: "There is no such user", issued: null }, { status: 404 });
  // An admin cannot lock themselves out by accident.
  if (target.id === admin.id && parsed.data.intent !== "reset") return json({ message: "You cannot change your own account here", issued: null }, { status: 400 });
  const audit = (action: string, detail?: unknown) =>
    recordAudit(db, { actor: auditActor(admin), action, targetType: "user", targetId: target.id, detail, clientAddress: clientAddress(request) });
  switch (parsed.data.intent) {
    case "role":
      if (target.role === "respondent") return json({ message: "A council respondent's role cannot be changed: invite them as staff instead", issued: null }, { status: 400 });
      await setUserRole(db, target.id, parsed.data.role);
      await audit("user.role-changed", { from: target.role, to: parsed.data.role });
      return json({ message: `${target.email} is now ${parsed.data.role === "admin" ? "an admin" : "staff"}.`, issued: null });
    case "disable":
      await disableAccount(request, admin, target.id);
      return json({ message: `${target.email} is disabled and signed out everywhere.`, issued: null });
    case "enable": {
      const enabled = await enableAccount(request, admin, target.id);
      if (!enabled.ok) return json({ message: enabled.message, issued: null }, { status: 409 });
      return json({ message: `${target.email} can sign in again.`, issued: null });
    }
    case "reset-mfa":
      await setUserMfa(db, target.id, { secret: null, enabledAt: null, recoveryCodes: null, lastStep: null });
      await endAllSessionsOf(target.id);
      await audit("user.second-factor-reset");
      return json({ message: `${target.email} must set up their second factor again.`, issued: null });
    case "reset": {
      const issued = await issuePasswordReset(request, admin, target.id);
      return json({ message: issued ? null : "A reset link cannot be made for this account", issued }, { headers: { "Cache-Control": "no-store" } });
    }
  }
}

export default function Users() {
  const { users, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result?.issued ? <IssuedLinkPanel issued={result.issued} what="password reset" /> : null}
      {result?.message ? (
        <div className="govuk-inset-text" role="status">
          {result.message}
        </div>
      ) : null}
      <h1 className="govuk-heading-l">Users</h1>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Everyone with an account</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name and email</th>
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">Actions</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {users.map((user) => (
            <tr key={user.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                {user.name}
                <br />
                <span className="govuk-hint govuk-!-margin-bottom-0">{user.email}</span>
              </td>
              <td className="govuk-table__cell">{user.role === "respondent" ? `Respondent, ${user.councilName ?? ""}` : user.role === "admin" ? "Admin" : "Staff"}</td>
              <td className="govuk-table__cell">
                {user.disabledAt ? <Tag colour="red">Disabled</Tag> : user.hasPassword ? <Tag colour="green">Active</Tag> : <Tag colour="grey">No password</Tag>}
                {user.mfaEnabledAt ? <> <Tag colour="blue">2FA</Tag></> : null}
              </td>
              <td className="govuk-table__cell">
                {user.id === selfId ? (
                  "You"
                ) : (
                  <Form method="post">
                    <input type="hidden" name="id" value={user.id} />
                    <div className="govuk-button-group govuk-!-margin-bottom-0">
                      {user.role !== "respondent" ? (
                        <>
                          <input type="hidden" name="role" value={user.role === "admin" ? "staff" : "admin"} />
                          <button type="submit" name="intent" value="role" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            Make {user.role === "admin" ? "staff" : "admin"}
                            <span className="govuk-visually-hidden"> ({user.email})</span>
                          </button>
                        </>
                      ) : null}
                      {user.disabledAt ? (
                        <button type="submit" name="intent" value="enable" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                          Enable<span className="govuk-visually-hidden"> {user.email}</span>
                        </button>
                      ) : (
                        <>
                          <button type="submit" name="intent" value="reset" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            Reset password<span className="govuk-visually-hidden"> for {user.email}</span>
                          </button>
                          {user.mfaEnabledAt ? (
                            <button type="submit" name="intent" value="reset-mfa" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                              Reset 2FA<span className="govuk-visually-hidden"> for {user.email}</span>
                            </button>
                          ) : null}
                          <button type="submit" name="intent" value="disable" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                            Disable<span className="govuk-visually-hidden"> {user.email}</span>
                          </button>
                        </>
                      )}
                    </div>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
