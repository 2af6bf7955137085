import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, PageTitle } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { landingPathFor, markSecondFactorPassed, requireStaffBeforeSecondFactor } from "../services/auth.server";
import { completeEnrolment, encryptSecret, enrolmentQrCode, newTotpSecret } from "../services/mfa.server";
import { clientAddress, localRedirect, safeRedirectPath } from "../services/request.server";

export const headers = () => ({ "Cache-Control": "no-store" });

async function enrollingUser(request: Request) {
  const user = await requireStaffBeforeSecondFactor(request);
  // Someone who has enrolled must pass the check first: enrolling again is not a way round it.
  if (user.mfaEnabledAt && !user.sessionMfaVerified) {
    throw localRedirect(`/login/verify?${new URLSearchParams({ redirectTo: new URL(request.url).pathname })}`);
  }
  return user;
}

// GET writes nothing: the new secret travels in the form, encrypted and bound to this user.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await enrollingUser(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), landingPathFor(user.role));
  if (user.mfaEnabledAt) return json({ enrolled: true as const, redirectTo, required: getConfig().REQUIRE_STAFF_MFA });
  const secret = newTotpSecret();
  return json({
    enrolled: false as const,
    redirectTo,
    required: getConfig().REQUIRE_STAFF_MFA,
    secret,
    pending: encryptSecret(`${user.id}:${secret}`),
    qrCode: await enrolmentQrCode(secret, user.email),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await enrollingUser(request);
  const form = await request.formData();
  const redirectTo = safeRedirectPath(String(form.get("redirectTo") ?? ""), landingPathFor(user.role));
  if (user.mfaEnabledAt) return json({ error: "Two-factor authentication is already set up", recoveryCodes: null, redirectTo }, { status: 400 });
  const enrolment = await completeEnrolment(getDb(), user, {
    pending: String(form.get("pending") ?? ""),
    code: String(form.get("code") ?? ""),
    clientAddress: clientAddress(request),
  });
  if (!enrolment.ok) return json({ error: enrolment.error, recoveryCodes: null, redirectTo }, { status: 400 });
  // The session keeps its id (issued fresh at sign-in): a new id here would sign out the page's own
  // reload after a form post without JavaScript, which still carries the old cookie.
  await markSecondFactorPassed(request);
  return json({ error: null, recoveryCodes: enrolment.recoveryCodes, redirectTo }, { headers: { "Cache-Control": "no-store" } });
}

export default function AccountSecurity() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PageTitle title="Save your recovery codes" />
          <h1 className="govuk-heading-l">Two-factor authentication is on</h1>
          <h2 className="govuk-heading-m">Save your recovery codes</h2>
          <p className="govuk-body">If you lose your phone, each of these codes signs you in once. They are shown only now: keep them somewhere safe.</p>
          <ul className="govuk-list lt-recovery-codes" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <Link className="govuk-button" to={result.redirectTo} data-module="govuk-button">
            Continue
          </Link>
        </div>
      </div>
    );
  }
  if (data.enrolled) {
    return (
      <>
        <PageTitle title="Account security" />
        <h1 className="govuk-heading-l">Account security</h1>
        <p className="govuk-body">
          Two-factor authentication is on for your account. If you lose your authenticator app and your recovery codes, ask an admin to reset it.
        </p>
      </>
    );
  }
  const error = result?.error ?? null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Set up two-factor authentication" hasErrors={!!error} />
        <ErrorSummary errors={error ? [{ field: "code", message: error }] : []} />
        <h1 className="govuk-heading-l">Set up two-factor authentication</h1>
        {data.required ? <p className="govuk-body">Association staff must use an authenticator app to sign in. Set it up before you go on.</p> : null}
        <ol className="govuk-list govuk-list--number">
          <li>Open an authenticator app on your phone.</li>
          <li>Scan this QR code, or type in the key below.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <img src={data.qrCode} alt="QR code for your authenticator app" width={200} height={200} className="lt-qr-code" />
        <p className="govuk-body">
          Key: <code data-testid="totp-secret">{data.secret}</code>
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="pending" value={data.pending} />
          <input type="hidden" name="redirectTo" value={data.redirectTo} />
          <TextInput
            name="code"
            label="Code from your app"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            widthClass="govuk-input--width-5"
            error={error ?? undefined}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Turn on two-factor authentication
          </button>
        </Form>
      </div>
    </div>
  );
}
