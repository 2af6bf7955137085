import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { IssuedLinkPanel } from "../components/issued-link";
import { Pagination } from "../components/pagination";
import { TableScroll } from "../components/table-scroll";
import { Tag } from "../components/tag";
import { pageHref, parseUserFilters, USER_STATUS_LABELS, USER_STATUSES } from "../domain/list-filters";
import { getDb } from "../db.server";
import { requireAdmin } from "../services/auth.server";
import { issuePasswordReset } from "../services/invitations.server";
import { disableAccount, enableAccount } from "../services/team.server";
import { clientAddress } from "../services/request.server";
import { changeUser, findAccount, listAccounts } from "../services/user-admin.server";
import { SelectField } from "../components/select-field";
import { NoRowsRow, TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Users – LocalTrust" }];

// Filters live in the URL (GET), so a filtered list can be shared and survives a change below.
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const { values, filter, page } = parseUserFilters(params);
  const list = await listAccounts(getDb(), filter, page);
  return json({ ...list, values, query: params.toString(), filtered: Object.keys(filter).length > 0, selfId: admin.id });
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
  const target = await findAccount(db, parsed.data.id);
  if (!target) return json({ message: "There is no such user", issued: null }, { status: 404 });
  if (parsed.data.intent === "reset") {
    const issued = await issuePasswordReset(request, admin, target.id);
    return json({ message: issued ? null : "A reset link cannot be made for this account", issued }, { headers: { "Cache-Control": "no-store" } });
  }
  // An admin cannot lock themselves out by accident.
  if (target.id === admin.id) return json({ message: "You cannot change your own account here", issued: null }, { status: 400 });
  if (parsed.data.intent === "disable") {
    await disableAccount(request, admin, target.id);
    return json({ message: `${target.email} is disabled and signed out everywhere.`, issued: null });
  }
  if (parsed.data.intent === "enable") {
    const enabled = await enableAccount(request, admin, target.id);
    if (!enabled.ok) return json({ message: enabled.message, issued: null }, { status: 409 });
    return json({ message: `${target.email} can sign in again.`, issued: null });
  }
  const outcome = await changeUser(
    db,
    admin,
    { intent: parsed.data.intent, userId: target.id, role: "role" in parsed.data ? parsed.data.role : undefined },
    clientAddress(request),
  );
  return json({ message: outcome.message, issued: null }, outcome.ok ? undefined : { status: outcome.status });
}

export default function Users() {
  const { rows, total, page, pages, councils, values, query, filtered, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const params = new URLSearchParams(query);
  return (
    <>
      {result?.issued ? <IssuedLinkPanel issued={result.issued} what="password reset" /> : null}
      {result?.message ? (
        <div className="govuk-inset-text" role="status">
          {result.message}
        </div>
      ) : null}
      <h1 className="govuk-heading-l">Users</h1>
      <Form method="get" className="lt-filters" aria-label="Filter users">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="q">
                Name or email address contains
              </label>
              <input className="govuk-input" id="q" name="q" type="search" defaultValue={values.q} spellCheck={false} autoComplete="off" />
            </div>
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField
              name="council"
              label="Council"
              any="Any council"
              options={councils.map((c) => ({ value: c.id, label: c.name }))}
              defaultValue={values.council}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <SelectField
              name="role"
              label="Role"
              any="Any role"
              options={[
                { value: "respondent", label: "Respondent" },
                { value: "staff", label: "Staff" },
                { value: "admin", label: "Admin" },
              ]}
              defaultValue={values.role}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField
              name="status"
              label="Status"
              any="Any status"
              options={USER_STATUSES.map((v) => ({ value: v, label: USER_STATUS_LABELS[v] }))}
              defaultValue={values.status}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <Link className="govuk-link" to="/admin/users">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      <TableScroll label="Users">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {filtered ? `${total} matching ${total === 1 ? "account" : "accounts"}` : `Everyone with an account: ${total}`}
            {pages > 1 ? ` (page ${page} of ${pages})` : ""}
          </caption>
          <TableHead columns={["Name and email", "Role", "Status", "Actions"]} />
          <tbody className="govuk-table__body">
            {rows.length === 0 ? <NoRowsRow columns={4}>No account matches these filters.</NoRowsRow> : null}
            {rows.map((user) => (
              <tr key={user.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {user.name}
                  <br />
                  <span className="govuk-hint govuk-!-margin-bottom-0">{user.email}</span>
                </td>
                <td className="govuk-table__cell">
                  {user.role === "respondent" ? `Respondent, ${user.councilName ?? ""}` : user.role === "admin" ? "Admin" : "Staff"}
                </td>
                <td className="govuk-table__cell">
                  {user.disabledAt ? (
                    <Tag colour="red">Disabled</Tag>
                  ) : user.hasPassword ? (
                    <Tag colour="green">Active</Tag>
                  ) : (
                    <Tag colour="grey">No password</Tag>
                  )}
                  {user.mfaEnabledAt ? (
                    <>
                      {" "}
                      <Tag colour="blue">2FA</Tag>
                    </>
                  ) : null}
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
                            <button
                              type="submit"
                              name="intent"
                              value="role"
                              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
                              Make {user.role === "admin" ? "staff" : "admin"}
                              <span className="govuk-visually-hidden"> ({user.email})</span>
                            </button>
                          </>
                        ) : null}
                        {user.disabledAt ? (
                          <button
                            type="submit"
                            name="intent"
                            value="enable"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            data-module="govuk-button"
                          >
                            Enable<span className="govuk-visually-hidden"> {user.email}</span>
                          </button>
                        ) : (
                          <>
                            <button
                              type="submit"
                              name="intent"
                              value="reset"
                              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
                              Reset password<span className="govuk-visually-hidden"> for {user.email}</span>
                            </button>
                            {user.mfaEnabledAt ? (
                              <button
                                type="submit"
                                name="intent"
                                value="reset-mfa"
                                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                data-module="govuk-button"
                              >
                                Reset 2FA<span className="govuk-visually-hidden"> for {user.email}</span>
                              </button>
                            ) : null}
                            <button
                              type="submit"
                              name="intent"
                              value="disable"
                              className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
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
      </TableScroll>
      <Pagination page={page} pages={pages} hrefFor={(n) => pageHref(params, n)} label="Pages of users" />
    </>
  );
}
