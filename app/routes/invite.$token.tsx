import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { landingPathFor } from "../services/auth.server";
import { acceptInvitation, findUsableLink } from "../services/invitations.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "../domain/password-rules";
import { passwordProblem } from "../services/password-policy.server";
import { localRedirect } from "../services/request.server";

// The token is in the path: never send it on as a Referer, never cache the page.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

function unusable() {
  return new Response("This link cannot be used", { status: 404, statusText: "Not Found" });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findUsableLink(params.token ?? "");
  if (!invitation) throw unusable();
  return json(
    { purpose: invitation.purpose, email: invitation.email, role: invitation.role, councilName: invitation.councilName },
    { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } },
  );
}

const acceptSchema = z.object({
  name: z.string().trim().min(1, "Enter your full name").max(100, "Name must be 100 characters or fewer"),
  password: z.string().superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const invitation = await findUsableLink(token);
  if (!invitation) throw unusable();
  const form = Object.fromEntries(await request.formData());
  // Resets keep the name; only name and password are read, whatever else is posted (role, councilId…).
  const parsed = acceptSchema.safeParse({ name: invitation.purpose === "reset" ? "unchanged" : form.name, password: form.password });
  const name = typeof form.name === "string" ? form.name.slice(0, 100) : "";
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
    return json({ errors, name, waitingFor: null }, { status: 400 });
  }
  const outcome = await acceptInvitation(request, token, { name: parsed.data.name, password: parsed.data.password });
  if (!outcome.ok && outcome.waitingFor) return json({ errors: [] as FieldError[], name, waitingFor: outcome.waitingFor }, { status: 409 });
  if (!outcome.ok) throw unusable();
  throw localRedirect(landingPathFor(outcome.role), { headers: outcome.headers });
}

export default function AcceptInvitation() {
  const invitation = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const isReset = invitation.purpose === "reset";
  if (result?.waitingFor) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PageTitle title="Your invitation needs your council's approval" hasErrors={false} />
          <h1 className="govuk-heading-l">Your invitation needs your council&apos;s approval</h1>
          <p className="govuk-body">
            {result.waitingFor} already has a team on LocalTrust, so its lead must approve your invitation before you can join. No account has been made and
            this link no longer works.
          </p>
          <p className="govuk-body">The lead has been told. Once they approve, they pass a new link on to you.</p>
        </div>
      </div>
    );
  }
  const title = isReset ? "Choose a new password" : "Set up your account";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={title} hasErrors={errors.length > 0} />
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">
          {isReset ? "For " : "You have been invited to LocalTrust as "}
          {isReset
            ? invitation.email
            : invitation.role === "respondent"
              ? `the respondent for ${invitation.councilName ?? "your council"}`
              : invitation.role === "admin"
                ? "an association admin"
                : "association staff"}
          {isReset ? "" : `, with the email address ${invitation.email}`}.
        </p>
        <Form method="post" noValidate>
          {isReset ? null : (
            <TextInput name="name" label="Full name" autoComplete="name" spellCheck={false} defaultValue={result?.name} error={errorFor("name")} />
          )}
          <TextInput
            name="password"
            label="Create a password"
            hint={`Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A few unrelated words make a good password. Very common passwords are not allowed.`}
            type="password"
            autoComplete="new-password"
            error={errorFor("password")}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            {isReset ? "Save password and sign in" : "Create account and sign in"}
          </button>
        </Form>
      </div>
    </div>
  );
}
