import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { formatDate, formatDateTime } from "../components/format";
import { IssuedLinkPanel } from "../components/issued-link";
import { Tag } from "../components/tag";
import { TextInput } from "../components/text-input";
import { requireCouncilRespondent } from "../services/auth.server";
import {
  approveInvitation,
  handOverLead,
  inviteColleague,
  refuseInvitation,
  removeColleague,
  revokeTeamInvitation,
  teamPage,
  type TeamOutcome,
} from "../services/team.server";

export const meta: MetaFunction = () => [{ title: "Your council's team – LocalTrust" }];

// The council always comes from the session: nothing in the URL or the form names one.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  return json(await teamPage(user), { headers: { "Cache-Control": "no-store" } });
}

const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your colleague's email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.org");

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string().optional() }),
  z.object({ intent: z.enum(["approve", "refuse", "revoke", "remove", "lead"]), id: z.coerce.number().int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCouncilRespondent(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  const reply = (outcome: TeamOutcome, email = "") =>
    outcome.ok
      ? json({ message: outcome.message, issued: outcome.issued ?? null, errors: [] as FieldError[], email: "" }, { headers: { "Cache-Control": "no-store" } })
      : outcome.field
        ? json({ message: null, issued: null, errors: [{ field: outcome.field, message: outcome.message }], email }, { status: outcome.status })
        : json({ message: outcome.message, issued: null, errors: [] as FieldError[], email }, { status: outcome.status });
  if (!parsed.success) return json({ message: "That request could not be handled", issued: null, errors: [] as FieldError[], email: "" }, { status: 400 });
  const data = parsed.data;
  switch (data.intent) {
    case "invite": {
      const typed = (data.email ?? "").slice(0, 254);
      const email = emailSchema.safeParse(typed);
      if (!email.success)
        return json({ message: null, issued: null, errors: [{ field: "email", message: email.error.issues[0]!.message }], email: typed }, { status: 400 });
      return reply(await inviteColleague(request, user, email.data), typed);
    }
    case "approve":
      return reply(await approveInvitation(request, user, data.id));
    case "refuse":
      return reply(await refuseInvitation(request, user, data.id));
    case "revoke":
      return reply(await revokeTeamInvitation(request, user, data.id));
    case "remove":
      return reply(await removeColleague(request, user, data.id));
    case "lead":
      return reply(await handOverLead(request, user, data.id));
  }
}

function ActionButton({ intent, id, label, hidden, warning }: { intent: string; id: number; label: string; hidden: string; warning?: boolean }) {
  return (
    <Form method="post" className="lt-inline-form">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className={`govuk-button ${warning ? "govuk-button--warning" : "govuk-button--secondary"} govuk-!-margin-bottom-1 govuk-!-margin-right-1`}
        data-module="govuk-button"
      >
        {label}
        <span className="govuk-visually-hidden"> {hidden}</span>
      </button>
    </Form>
  );
}

export default function Team() {
  const team = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Your council's team" hasErrors={errors.length > 0} />
        {result?.issued ? <IssuedLinkPanel issued={result.issued} what="invitation" /> : null}
        {result?.message ? (
          <div className="govuk-inset-text lt-break-word" role="status">
            {result.message}
          </div>
        ) : null}
        <ErrorSummary errors={errors} />
        {team.isLead && team.waiting.length > 0 ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="waiting-banner-title" data-module="govuk-notification-banner">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="waiting-banner-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                {team.waiting.length === 1 ? "1 person is" : `${team.waiting.length} people are`} waiting for your approval to join your council&apos;s team.
              </p>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{team.councilName}</span>
        <h1 className="govuk-heading-l">Your council&apos;s team</h1>
        <p className="govuk-body">
          Everyone on the team can see and change your council&apos;s answers. {team.lead ? `${team.lead.name} is the team's lead: ` : "The lead "}
          approves anyone the association asks to add, and can remove a colleague.
        </p>

        {team.waiting.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Waiting for approval</h2>
            <p className="govuk-body">
              The association asked to add these people. They cannot see anything until {team.isLead ? "you approve" : "your lead approves"} them.
            </p>
            <dl className="govuk-summary-list" data-testid="waiting">
              {team.waiting.map((invitation) => (
                <div className="govuk-summary-list__row" key={invitation.id}>
                  <dt className="govuk-summary-list__key lt-break-word">{invitation.email}</dt>
                  <dd className="govuk-summary-list__value">
                    Asked by {invitation.invitedBy} on {formatDate(invitation.createdAt)}
                    {team.isLead ? (
                      <div className="govuk-!-margin-top-2">
                        <ActionButton intent="approve" id={invitation.id} label="Approve" hidden={invitation.email} />
                        <ActionButton intent="refuse" id={invitation.id} label="Refuse" hidden={invitation.email} warning />
                      </div>
                    ) : null}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}

        <h2 className="govuk-heading-m">Team members</h2>
        <dl className="govuk-summary-list" data-testid="members">
          {team.members.map((member) => (
            <div className="govuk-summary-list__row" key={member.id}>
              <dt className="govuk-summary-list__key">
                {member.name}
                {member.isYou ? " (you)" : ""}
              </dt>
              <dd className="govuk-summary-list__value">
                <span className="lt-break-word">{member.email}</span>
                <br />
                Joined {formatDate(member.joinedAt)} {member.isLead ? <Tag colour="blue">Lead</Tag> : null}
                {team.isLead && !member.isYou ? (
                  <div className="govuk-!-margin-top-2">
                    <ActionButton intent="lead" id={member.id} label="Make lead" hidden={member.name} />
                    <ActionButton intent="remove" id={member.id} label="Remove from team" hidden={member.name} warning />
                  </div>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>

        <h2 className="govuk-heading-m">Invitations not yet accepted</h2>
        {team.pending.length === 0 ? (
          <p className="govuk-body">There are no open invitations.</p>
        ) : (
          <dl className="govuk-summary-list" data-testid="pending">
            {team.pending.map((invitation) => (
              <div className="govuk-summary-list__row" key={invitation.id}>
                <dt className="govuk-summary-list__key lt-break-word">{invitation.email}</dt>
                <dd className="govuk-summary-list__value">
                  {invitation.approved ? "Approved" : "Invited"} by {invitation.invitedBy}, link expires {formatDate(invitation.expiresAt)}
                  <div className="govuk-!-margin-top-2">
                    <ActionButton intent="revoke" id={invitation.id} label="Revoke" hidden={`the invitation for ${invitation.email}`} warning />
                  </div>
                </dd>
              </div>
            ))}
          </dl>
        )}

        <h2 className="govuk-heading-m">Invite a colleague</h2>
        <Form method="post" noValidate key={result?.issued?.link ?? "invite"}>
          <input type="hidden" name="intent" value="invite" />
          <TextInput
            name="email"
            label="Colleague's email address"
            hint="They get a link to set a password. They will see and can change your council's answers."
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={result?.email}
            error={errors.find((e) => e.field === "email")?.message}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Invite colleague
          </button>
        </Form>

        <h2 className="govuk-heading-m">Team history</h2>
        {team.history.length === 0 ? (
          <p className="govuk-body">No changes yet.</p>
        ) : (
          <ul className="govuk-list" data-testid="history">
            {team.history.map((entry) => (
              <li key={entry.id} className="lt-break-word">
                <span className="govuk-body-s govuk-!-margin-right-1">{formatDateTime(entry.at)}</span> {entry.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
