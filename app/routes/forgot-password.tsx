import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { getUser, landingPathFor } from "../services/auth.server";
import { requestPasswordReset } from "../services/password-reset.server";
import { localRedirect } from "../services/request.server";
import { resetThrottleMessage } from "../services/throttle.server";

export const meta: MetaFunction = () => [{ title: "Reset your password – LocalTrust" }];

const schema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Enter an email address in the correct format, like name@council.gov.uk")
    .regex(/^[^\s@]+@[^\s@]+$/, "Enter an email address in the correct format, like name@council.gov.uk"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw localRedirect(landingPathFor(user.role));
  return json({});
}

// The same answer whether or not the address has an account (decision 049).
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  const parsed = schema.safeParse({ email });
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({ field: "email", message: issue.message }));
    return json({ errors, email, done: false }, { status: 400 });
  }
  const { throttled } = await requestPasswordReset(request, parsed.data.email);
  if (throttled) return json({ errors: [{ field: "email", message: resetThrottleMessage }], email, done: false }, { status: 429 });
  return json({ errors: [] as FieldError[], email: parsed.data.email, done: true });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  if (result?.done) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PageTitle title="Check your email" hasErrors={false} />
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body lt-break-word">If {result.email} has a LocalTrust account, we have sent it a link to choose a new password.</p>
          <p className="govuk-body">
            The link works once and expires in 1 hour. If nothing arrives within a few minutes, check your spam folder, or ask the association.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/login">
              Back to sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Reset your password" hasErrors={errors.length > 0} />
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">Enter the email address you sign in with. If it has an account, we will email it a link to choose a new password.</p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={result?.email}
            error={errors.find((e) => e.field === "email")?.message}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Send the link
          </button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/login">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
