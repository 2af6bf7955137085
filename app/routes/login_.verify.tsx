import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, PageTitle } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { checkSecondFactor, landingPathFor, requireStaffBeforeSecondFactor } from "../services/auth.server";
import { localRedirect, safeRedirectPath } from "../services/request.server";
import { throttleMessage } from "../services/throttle.server";

async function verifyingUser(request: Request) {
  const user = await requireStaffBeforeSecondFactor(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), landingPathFor(user.role));
  if (!user.mfaEnabledAt) throw localRedirect(`/account/security?${new URLSearchParams({ redirectTo })}`);
  if (user.sessionMfaVerified) throw localRedirect(redirectTo);
  return { user, redirectTo };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { redirectTo } = await verifyingUser(request);
  return json({ redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await verifyingUser(request);
  const form = await request.formData();
  const redirectTo = safeRedirectPath(String(form.get("redirectTo") ?? ""), landingPathFor(user.role));
  const result = await checkSecondFactor(request, user, String(form.get("code") ?? ""));
  if (!result.ok && result.throttled) return json({ error: throttleMessage }, { status: 429 });
  if (!result.ok) return json({ error: "Enter the code your authenticator app shows now, or a recovery code" }, { status: 400 });
  throw localRedirect(redirectTo, { headers: result.headers });
}

export default function VerifySecondFactor() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Enter your security code" hasErrors={!!error} />
        <ErrorSummary errors={error ? [{ field: "code", message: error }] : []} />
        <h1 className="govuk-heading-l">Enter your security code</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextInput
            name="code"
            label="Code from your authenticator app"
            hint="Or one of your recovery codes, like abcde-23456"
            autoComplete="one-time-code"
            spellCheck={false}
            widthClass="govuk-input--width-10"
            error={error}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Continue
          </button>
        </Form>
      </div>
    </div>
  );
}
