import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateInput } from "../components/date-input";
import { ErrorMessage, ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { TextInput } from "../components/text-input";
import { getDb } from "../db.server";
import { parseDateParts, type DateParts } from "../domain/date-parts";
import { getInstrument, listInstrumentVersions } from "../domain/instruments";
import { auditActor, requireAdmin } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { WAVE_SLUG_PATTERN } from "../domain/wave-slug";
import { createDraftWave } from "../services/wave-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ versions: listInstrumentVersions().map((version) => ({ version, title: getInstrument(version).title })) });
}

const dateParts = (name: string) => ({
  [`${name}-day`]: z.string().max(10).default(""),
  [`${name}-month`]: z.string().max(10).default(""),
  [`${name}-year`]: z.string().max(10).default(""),
});

// Only these fields are read; anything else (status, published_at…) is ignored: a new wave is always a draft.
const newWaveSchema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(120, "Title must be 120 characters or fewer"),
  slug: z
    .string()
    .trim()
    .min(1, "Enter a slug")
    .max(40, "Slug must be 40 characters or fewer")
    .regex(WAVE_SLUG_PATTERN, "Slug must be lowercase letters, digits and hyphens, like 2027-spring"),
  instrumentVersion: z.coerce
    .number({ invalid_type_error: "Select an instrument version" })
    .int()
    .refine((v) => listInstrumentVersions().includes(v), "Select an instrument version"),
  ...dateParts("opensOn"),
  ...dateParts("closesOn"),
});

function partsOf(form: Record<string, unknown>, name: string): DateParts {
  const text = (key: string) => (typeof form[`${name}-${key}`] === "string" ? (form[`${name}-${key}`] as string).slice(0, 10) : "");
  return { day: text("day"), month: text("month"), year: text("year") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const text = (key: string, max: number) => (typeof form[key] === "string" ? (form[key] as string).slice(0, max) : "");
  const values = {
    title: text("title", 120),
    slug: text("slug", 40),
    instrumentVersion: text("instrumentVersion", 5),
    opensOn: partsOf(form, "opensOn"),
    closesOn: partsOf(form, "closesOn"),
  };
  const parsed = newWaveSchema.safeParse(form);
  const errors: FieldError[] = parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
  const opensOn = parseDateParts(values.opensOn, "the date the wave opens");
  const closesOn = parseDateParts(values.closesOn, "the deadline");
  if (!opensOn.ok) errors.push({ field: `opensOn-${opensOn.part}`, message: opensOn.message });
  if (!closesOn.ok) errors.push({ field: `closesOn-${closesOn.part}`, message: closesOn.message });
  if (errors.length > 0 || !parsed.success || !opensOn.ok || !closesOn.ok) return json({ errors: order(errors), values }, { status: 400 });
  const created = await createDraftWave(
    getDb(),
    { actor: auditActor(user), clientAddress: clientAddress(request) },
    {
      title: parsed.data.title,
      slug: parsed.data.slug,
      instrumentVersion: parsed.data.instrumentVersion,
      opensOn: opensOn.date,
      closesOn: closesOn.date,
    },
  );
  if (!created.ok) return json({ errors: [{ field: created.field, message: created.message }], values }, { status: 400 });
  return localRedirect(`/admin/waves/${encodeURIComponent(created.slug)}?done=created`);
}

// The error summary lists problems in the order of the fields on the page.
const FIELD_ORDER = ["title", "slug", "instrumentVersion", "opensOn", "closesOn"];
const groupOf = (field: string) => field.split("-")[0] as string;
// One message per field (a date's three boxes count as one field), in the order of the page.
const order = (errors: FieldError[]) =>
  errors
    .filter((error, i) => errors.findIndex((e) => groupOf(e.field) === groupOf(error.field)) === i)
    .sort((a, b) => FIELD_ORDER.indexOf(groupOf(a.field)) - FIELD_ORDER.indexOf(groupOf(b.field)));

export default function NewWave() {
  const { versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field || e.field.startsWith(`${field}-`));
  const latest = versions[versions.length - 1]?.version;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Create a wave" hasErrors={errors.length > 0} />
        <Link className="govuk-back-link" to="/admin/waves">
          Back to manage waves
        </Link>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Create a wave</h1>
        <p className="govuk-body">The wave is created as a draft: councils see it only once you open it.</p>
        <Form method="post" noValidate>
          <TextInput
            name="title"
            label="Title"
            hint="Councils see this, for example ‘2027 survey’"
            defaultValue={result?.values.title}
            error={errorFor("title")?.message}
            autoComplete="off"
          />
          <TextInput
            name="slug"
            label="Slug"
            hint="Used in web addresses and exports: lowercase letters, digits and hyphens, like 2027-spring. It cannot be changed later."
            defaultValue={result?.values.slug}
            error={errorFor("slug")?.message}
            widthClass="govuk-input--width-20"
            autoComplete="off"
            spellCheck={false}
          />
          <div className={`govuk-form-group${errorFor("instrumentVersion") ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="instrumentVersion">
              Questionnaire version
            </label>
            <ErrorMessage id="instrumentVersion-error" message={errorFor("instrumentVersion")?.message} />
            <select
              className={`govuk-select${errorFor("instrumentVersion") ? " govuk-select--error" : ""}`}
              id="instrumentVersion"
              name="instrumentVersion"
              defaultValue={result?.values.instrumentVersion || String(latest ?? "")}
              aria-describedby={errorFor("instrumentVersion") ? "instrumentVersion-error" : undefined}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}: {v.title}
                </option>
              ))}
            </select>
          </div>
          <DateInput
            name="opensOn"
            legend="When does it open?"
            hint="For example, 1 3 2027"
            values={result?.values.opensOn}
            error={errorFor("opensOn")?.message}
            errorPart={partOf(errorFor("opensOn")?.field)}
          />
          <DateInput
            name="closesOn"
            legend="What is the deadline?"
            hint="The last day councils can submit, for example, 30 4 2027"
            values={result?.values.closesOn}
            error={errorFor("closesOn")?.message}
            errorPart={partOf(errorFor("closesOn")?.field)}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Create draft wave
            </button>
            <Link className="govuk-link" to="/admin/waves">
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

function partOf(field: string | undefined): keyof DateParts {
  const part = field?.split("-")[1];
  return part === "month" || part === "year" ? part : "day";
}
