import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { getUser, landingPathFor, signIn } from "../services/auth.server";
import { localRedirect, safeRedirectPath } from "../services/request.server";
import { throttleMessage } from "../services/throttle.server";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter a correct email address and password"),
  password: z.string().min(1, "Enter your password").max(1024, "Enter a correct email address and password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw localRedirect(landingPathFor(user.role));
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  return json({ redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = signInSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
    return json({ errors, email }, { status: 400 });
  }
  const result = await signIn(request, parsed.data.email, parsed.data.password, parsed.data.redirectTo ?? null);
  if (!result.ok && result.throttled) {
    // Throttled by the email typed or the client address, never by whether the account exists.
    return json({ errors: [{ field: "email", message: throttleMessage }], email }, { status: 429 });
  }
  if (!result.ok) {
    // The same words whether or not the account exists.
    return json({ errors: [{ field: "email", message: "Enter a correct email address and password" }], email }, { status: 400 });
  }
  throw localRedirect(result.location, { headers: result.headers });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const { redirectTo } = useLoaderData<typeof loader>();
  const errors = actionData?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Sign in" hasErrors={errors.length > 0} />
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in to LocalTrust</h1>
        <p className="govuk-body">
          Council IT managers answer the association&apos;s survey here; association staff see the results. Use the email address your invitation was sent to.
        </p>
        <Form method="post" noValidate>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={actionData?.email}
            error={errorFor("email")}
          />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errorFor("password")} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">
            Forgot your password?
          </Link>
        </p>
      </div>
    </div>
  );
}
