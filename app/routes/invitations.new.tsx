import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorMessage, ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { IssuedLinkPanel } from "../components/issued-link";
import { TextInput } from "../components/text-input";
import { getDb } from "../db.server";
import { requireStaff } from "../services/auth.server";
import { findActiveCouncil, listCouncilChoices } from "../services/councils.server";
import { invitableRoles, inviteUser } from "../services/invitations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return json({ roles: invitableRoles(user), councils: await listCouncilChoices(getDb()) });
}

// Only these fields are read; anything else in the form (councilId for staff, status…) is ignored.
const inviteSchema = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, "Enter an email address")
      .max(254, "Email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.org"),
    role: z.enum(["respondent", "staff", "admin"], { errorMap: () => ({ message: "Select what the person will do" }) }),
    council: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.role === "respondent" && !/^\d+$/.test(value.council ?? ""))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["council"], message: "Select the person's council" });
  });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = inviteSchema.safeParse(form);
  const values = { email: typeof form.email === "string" ? form.email.slice(0, 254) : "" };
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
    return json({ errors, values, issued: null, waiting: null }, { status: 400 });
  }
  let councilId: number | null = null;
  if (parsed.data.role === "respondent") {
    const council = await findActiveCouncil(getDb(), Number(parsed.data.council));
    if (!council) return json({ errors: [{ field: "council", message: "Select the person's council" }], values, issued: null, waiting: null }, { status: 400 });
    councilId = council.id;
  }
  const outcome = await inviteUser(request, user, { email: parsed.data.email, role: parsed.data.role, councilId });
  if (!outcome.ok)
    return json(
      { errors: [{ field: outcome.field, message: outcome.message }], values, issued: null, waiting: null },
      { status: outcome.field === "role" ? 403 : 400 },
    );
  return json(
    { errors: [] as FieldError[], values: { email: "" }, issued: outcome.issued, waiting: outcome.waiting },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const roleLabels = { respondent: "Council respondent", staff: "Association staff", admin: "Association admin" } as const;

export default function NewInvitation() {
  const { roles, councils } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Invite someone" hasErrors={errors.length > 0} />
        {result?.issued ? <IssuedLinkPanel issued={result.issued} what="invitation" /> : null}
        {result?.waiting ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="waiting-title" data-testid="invitation-waiting">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="waiting-title">
                Waiting for the council
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                {result.waiting.councilName} already has a team, so its lead must approve {result.waiting.email} first.
              </p>
              <p className="govuk-body">No link is made until the lead approves. The lead is told, and passes the link on once they approve.</p>
            </div>
          </div>
        ) : null}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Invite someone</h1>
        <p className="govuk-body">
          You invite a council&apos;s first respondent, who becomes its lead. When a council already has a team, its lead approves anyone else you invite; the
          team invites its own colleagues.
        </p>
        <Form method="post" noValidate key={result?.issued?.link ?? result?.waiting?.email ?? "form"}>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={result?.values.email}
            error={errorFor("email")}
          />
          <div className={`govuk-form-group${errorFor("role") ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={errorFor("role") ? "role-error" : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">What will they do?</legend>
              <ErrorMessage id="role-error" message={errorFor("role")} />
              <div className="govuk-radios" data-module="govuk-radios">
                {roles.map((role, index) => (
                  <div className="govuk-radios__item" key={role}>
                    <input
                      className="govuk-radios__input"
                      id={index === 0 ? "role" : `role-${role}`}
                      name="role"
                      type="radio"
                      value={role}
                      defaultChecked={index === 0}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={index === 0 ? "role" : `role-${role}`}>
                      {roleLabels[role]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div className={`govuk-form-group${errorFor("council") ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="council">
              Council (for a council respondent)
            </label>
            <ErrorMessage id="council-error" message={errorFor("council")} />
            <select className="govuk-select" id="council" name="council" aria-describedby={errorFor("council") ? "council-error" : undefined}>
              <option value="">Select a council</option>
              {councils.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Send invitation
            </button>
            <Link className="govuk-link" to="/invitations">
              Back to invitations
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
