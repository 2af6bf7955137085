import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { associationMay } from "../domain/team";
import { formatDate } from "../components/format";
import { IssuedLinkPanel } from "../components/issued-link";
import { Tag } from "../components/tag";
import { requireStaff } from "../services/auth.server";
import { listManageableInvitations, resendInvitation, revokeInvitationAs } from "../services/invitations.server";
import { TableScroll } from "../components/table-scroll";
import { TableHead } from "../components/table-head";

export const meta: MetaFunction = () => [{ title: "Invitations – LocalTrust" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const invitations = await listManageableInvitations(user);
  return json({ invitations, now: new Date().toISOString() }, { headers: { "Cache-Control": "no-store" } });
}

const actionSchema = z.object({ intent: z.enum(["revoke", "resend"]), id: z.coerce.number().int().positive() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ message: "That request could not be handled", issued: null }, { status: 400 });
  if (parsed.data.intent === "revoke") {
    const done = await revokeInvitationAs(request, user, parsed.data.id);
    return json(
      { message: done ? "The invitation was revoked: its link no longer works." : "That invitation cannot be revoked", issued: null },
      { status: done ? 200 : 404 },
    );
  }
  const issued = await resendInvitation(request, user, parsed.data.id);
  return json(
    { message: issued ? null : "That invitation cannot be re-sent", issued },
    { status: issued ? 200 : 404, headers: { "Cache-Control": "no-store" } },
  );
}

function statusOf(invitation: { acceptedAt: string | null; revokedAt: string | null; expiresAt: string; approval: string }, now: string) {
  if (invitation.acceptedAt) return <Tag colour="green">Accepted</Tag>;
  if (invitation.revokedAt) return <Tag colour="grey">Revoked</Tag>;
  if (invitation.approval === "refused") return <Tag colour="red">Refused by the council</Tag>;
  if (invitation.approval === "waiting") return <Tag colour="purple">Waiting for the council&apos;s approval</Tag>;
  if (invitation.approval === "approved") return <Tag colour="blue">Approved: the council passes the link on</Tag>;
  if (invitation.expiresAt <= now) return <Tag colour="yellow">Expired</Tag>;
  return <Tag colour="blue">Waiting</Tag>;
}

export default function Invitations() {
  const { invitations, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result?.issued ? <IssuedLinkPanel issued={result.issued} what="new invitation" /> : null}
      {result?.message ? (
        <div className="govuk-inset-text" role="status">
          {result.message}
        </div>
      ) : null}
      <h1 className="govuk-heading-l">Invitations</h1>
      <p className="govuk-body">
        <Link className="govuk-button" to="/invitations/new" data-module="govuk-button">
          Invite someone
        </Link>
      </p>
      <TableScroll label="Invitations and password reset links">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Invitations and password reset links</caption>
          <TableHead columns={["Email", "For", "Sent", "Status", "Actions"]} />
          <tbody className="govuk-table__body">
            {invitations.map((invitation) => {
              const open = !invitation.acceptedAt && !invitation.revokedAt;
              // Listed invitations are the association's own (listInvitations).
              const may = associationMay({ role: invitation.role, approval: invitation.approval, madeByAssociation: true });
              return (
                <tr key={invitation.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{invitation.email}</td>
                  <td className="govuk-table__cell">
                    {invitation.purpose === "reset" ? "Password reset: " : ""}
                    {invitation.role === "respondent" ? invitation.councilName : invitation.role === "admin" ? "Association admin" : "Association staff"}
                  </td>
                  <td className="govuk-table__cell">{formatDate(invitation.createdAt)}</td>
                  <td className="govuk-table__cell">{statusOf(invitation, now)}</td>
                  <td className="govuk-table__cell">
                    {open && (may.resend || may.revoke) ? (
                      <div className="govuk-button-group">
                        {may.resend ? (
                          <Form method="post" className="lt-inline-form">
                            <input type="hidden" name="id" value={invitation.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="resend"
                              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
                              Re-send<span className="govuk-visually-hidden"> to {invitation.email}</span>
                            </button>
                          </Form>
                        ) : null}
                        {may.revoke ? (
                          <Form method="post" className="lt-inline-form">
                            <input type="hidden" name="id" value={invitation.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="revoke"
                              className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                              data-module="govuk-button"
                            >
                              Revoke<span className="govuk-visually-hidden"> for {invitation.email}</span>
                            </button>
                          </Form>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
