import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "../components/date-input";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { formatDate } from "../components/format";
import { getDb } from "../db.server";
import { parseDateParts, type DateParts } from "../domain/date-parts";
import { auditActor, requireAdmin } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { addFieldworkDates } from "../services/wave-admin.server";
import { refreshTrendsAfterImportNow } from "../services/wave-summary-thread.server";
import { requireWave } from "../services/waves.server";

// /admin/waves/<slug>/fieldwork: the fieldwork dates of a wave that has none (imported before
// migration 013), so it takes its place in lists and trends (decision 053). Admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const wave = await requireWave(getDb(), params.slug);
  return json({ wave: { slug: wave.slug, title: wave.title, opensOn: wave.opens_on, closesOn: wave.closes_on } });
}

const partsOf = (form: FormData, name: string): DateParts => {
  const text = (key: string) => (typeof form.get(`${name}-${key}`) === "string" ? (form.get(`${name}-${key}`) as string).slice(0, 10) : "");
  return { day: text("day"), month: text("month"), year: text("year") };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const wave = await requireWave(getDb(), params.slug);
  const form = await request.formData();
  const values = { opensOn: partsOf(form, "opensOn"), closesOn: partsOf(form, "closesOn") };
  const opensOn = parseDateParts(values.opensOn, "the date fieldwork started");
  const closesOn = parseDateParts(values.closesOn, "the date fieldwork ended");
  const errors: FieldError[] = [];
  if (!opensOn.ok) errors.push({ field: `opensOn-${opensOn.part}`, message: opensOn.message });
  if (!closesOn.ok) errors.push({ field: `closesOn-${closesOn.part}`, message: closesOn.message });
  if (!opensOn.ok || !closesOn.ok) return json({ errors, values }, { status: 400 });
  const changed = await addFieldworkDates(getDb(), { actor: auditActor(user), clientAddress: clientAddress(request) }, wave.slug, {
    opensOn: opensOn.date,
    closesOn: closesOn.date,
  });
  if (!changed.ok) return json({ errors: [{ field: changed.field, message: changed.message }], values }, { status: 400 });
  // Later waves' trends gain this wave in its place, as after an import.
  await refreshTrendsAfterImportNow(wave.slug).catch((error: unknown) =>
    console.error(`trends after dating ${wave.slug}: ${error instanceof Error ? error.message : String(error)}`),
  );
  return localRedirect(`/admin/waves/${encodeURIComponent(wave.slug)}?done=fieldwork`);
}

export default function FieldworkDates() {
  const { wave } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (name: string) => errors.find((e) => e.field.startsWith(`${name}-`));
  const partOf = (field: string | undefined) => (field?.split("-")[1] ?? "day") as keyof DateParts;
  const dated = wave.opensOn !== null || wave.closesOn !== null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title={`Fieldwork dates of ${wave.title}`} hasErrors={errors.length > 0} />
        <Link className="govuk-back-link" to={`/admin/waves/${encodeURIComponent(wave.slug)}`}>
          Back to manage {wave.title}
        </Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{wave.title}</span>
        <h1 className="govuk-heading-l">Fieldwork dates</h1>
        {dated ? (
          <p className="govuk-body">
            This wave already has its fieldwork dates: {formatDate(wave.opensOn) || "not set"} to {formatDate(wave.closesOn) || "not set"}.
          </p>
        ) : (
          <>
            <p className="govuk-body">
              This wave was imported without dates, so it is listed by the day it was imported. Its fieldwork dates place it in time in every list and trend.
            </p>
            <Form method="post" noValidate>
              <DateInput
                name="opensOn"
                legend="When did fieldwork start?"
                hint="For example, 1 10 2019"
                values={result?.values.opensOn}
                error={errorFor("opensOn")?.message}
                errorPart={partOf(errorFor("opensOn")?.field)}
              />
              <DateInput
                name="closesOn"
                legend="When did fieldwork end?"
                hint="For example, 1 12 2019"
                values={result?.values.closesOn}
                error={errorFor("closesOn")?.message}
                errorPart={partOf(errorFor("closesOn")?.field)}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Save the fieldwork dates
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
