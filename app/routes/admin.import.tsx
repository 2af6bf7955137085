import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateInput } from "../components/date-input";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { CsvFileField, importProblemSummary } from "../components/csv-file-field";
import { plural } from "../components/format";
import { formatDate } from "../components/format";
import { SuccessBanner } from "../components/success-banner";
import { TextInput } from "../components/text-input";
import { getDb } from "../db.server";
import { parseDateParts, type DateParts } from "../domain/date-parts";
import { WAVE_SLUG_PATTERN } from "../domain/wave-slug";
import { auditActor, requireAdmin } from "../services/auth.server";
import { importHistoricalResponses, type ImportProblem, type ImportSummary } from "../services/import-responses.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { refreshTrendsAfterImportNow } from "../services/wave-summary-thread.server";
import { findWave } from "../services/waves.server";

const MAX_BYTES = 5_000_000;
/** How many problems the error summary lists; the rest are counted (decision 055). */
const ERRORS_SHOWN = 50;
/** How many councils a check lists by name; the rest are counted. */
const COUNCILS_SHOWN = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // After a successful import (post/redirect/get) the count comes back in the address; it is only shown if the wave exists.
  const url = new URL(request.url);
  const slug = url.searchParams.get("wave") ?? "";
  const imported = Number(url.searchParams.get("imported"));
  const wave = slug && Number.isInteger(imported) && imported > 0 ? await findWave(getDb(), slug) : undefined;
  return json({ done: wave ? { slug: wave.slug, title: wave.title, imported } : null });
}

const waveSchema = z
  .string({ invalid_type_error: "Enter the wave’s slug" })
  .trim()
  .min(1, "Enter the wave’s slug")
  .max(40, "The wave’s slug must be 40 characters or fewer")
  .regex(WAVE_SLUG_PATTERN, "The wave’s slug must be lowercase letters, digits and hyphens, like 2024");
// The upload handler's File may come from another realm than the global one, so check its shape.
const fileSchema = z
  .custom<File>(
    (value) => typeof value === "object" && value !== null && typeof (value as File).arrayBuffer === "function" && typeof (value as File).name === "string",
    "Select a CSV file",
  )
  .refine((file) => file.size > 0, "Select a CSV file")
  .refine((file) => /\.csv$/i.test(file.name), "The selected file must be a CSV");

type Values = { wave: string; opensOn: DateParts; closesOn: DateParts };
type ActionData =
  | { kind: "problems"; errors: FieldError[]; hiddenErrors: number; values: Values; problems: number }
  | { kind: "checked"; summary: ImportSummary; values: Values; csv: string };

const EMPTY_VALUES: Values = { wave: "", opensOn: { day: "", month: "", year: "" }, closesOn: { day: "", month: "", year: "" } };
const problem = (field: string, message: string, values: Values = EMPTY_VALUES) =>
  json<ActionData>({ kind: "problems", errors: [{ field, message }], hiddenErrors: 0, values, problems: 0 }, { status: 400 });
const FIELD_OF: Record<ImportProblem["field"], string> = { wave: "wave", opensOn: "opensOn-day", closesOn: "closesOn-day", file: "file" };

export async function action({ request }: ActionFunctionArgs) {
  // Authorise before reading the body: someone who is not an admin never gets the upload parsed.
  const user = await requireAdmin(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return problem("file", "The selected file must be smaller than 5 MB");
    return problem("file", "The upload could not be read: select the file and try again");
  }
  const text = (key: string, max: number) => (typeof form.get(key) === "string" ? (form.get(key) as string).slice(0, max) : "");
  const parts = (name: string): DateParts => ({ day: text(`${name}-day`, 10), month: text(`${name}-month`, 10), year: text(`${name}-year`, 10) });
  const values: Values = { wave: text("wave", 40), opensOn: parts("opensOn"), closesOn: parts("closesOn") };
  const dryRun = form.get("_intent") === "check";

  const errors: FieldError[] = [];
  const wave = waveSchema.safeParse(form.get("wave"));
  if (!wave.success) errors.push({ field: "wave", message: wave.error.issues[0]?.message ?? "Enter the wave’s slug" });
  const dateOf = (name: "opensOn" | "closesOn", what: string): string | null => {
    const p = values[name];
    if (!p.day.trim() && !p.month.trim() && !p.year.trim()) return null;
    const parsed = parseDateParts(p, what);
    if (parsed.ok) return parsed.date;
    errors.push({ field: `${name}-${parsed.part}`, message: parsed.message });
    return null;
  };
  const opensOn = dateOf("opensOn", "the date fieldwork started");
  const closesOn = dateOf("closesOn", "the date fieldwork ended");
  // A confirmed check sends the checked file back as text; otherwise the file is the upload.
  const confirmed = form.get("csv");
  let csv: string | null = typeof confirmed === "string" && confirmed.length > 0 ? confirmed : null;
  if (csv === null) {
    const file = fileSchema.safeParse(form.get("file"));
    if (!file.success) errors.push({ field: "file", message: file.error.issues[0]?.message ?? "Select a CSV file" });
    else {
      try {
        csv = new TextDecoder("utf-8", { fatal: true }).decode(await file.data.arrayBuffer());
      } catch {
        errors.push({ field: "file", message: "The selected file must be a CSV saved as UTF-8" });
      }
    }
  }
  if (errors.length > 0 || !wave.success || csv === null)
    return json<ActionData>({ kind: "problems", errors, hiddenErrors: 0, values, problems: 0 }, { status: 400 });

  const result = await importHistoricalResponses(
    getDb(),
    { actor: auditActor(user), clientAddress: clientAddress(request) },
    { slug: wave.data, fieldwork: { opensOn, closesOn }, text: csv, dryRun },
  );
  if (!result.ok) {
    const fileProblems = result.errors.filter((e) => e.field === "file");
    const shown = [...result.errors.filter((e) => e.field !== "file"), ...fileProblems.slice(0, ERRORS_SHOWN)].map((e) => ({
      field: FIELD_OF[e.field],
      message: capitalise(e.message),
    }));
    return json<ActionData>(
      {
        kind: "problems",
        errors: shown,
        hiddenErrors: fileProblems.length - Math.min(fileProblems.length, ERRORS_SHOWN),
        values,
        problems: fileProblems.length,
      },
      { status: 400 },
    );
  }
  const { ok: _ok, ...summary } = result;
  if (dryRun) return json<ActionData>({ kind: "checked", summary, values, csv });
  // The trends of later waves gain this wave (decision 053); the import stands even if that fails.
  await refreshTrendsAfterImportNow(wave.data).catch((error: unknown) =>
    console.error(`trends after importing ${wave.data}: ${error instanceof Error ? error.message : String(error)}`),
  );
  return localRedirect(`/admin/import?${new URLSearchParams({ wave: wave.data, imported: String(result.imported) })}`);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function DatePartsHidden({ name, values }: { name: string; values: DateParts }) {
  return (
    <>
      <input type="hidden" name={`${name}-day`} value={values.day} />
      <input type="hidden" name={`${name}-month`} value={values.month} />
      <input type="hidden" name={`${name}-year`} value={values.year} />
    </>
  );
}

function CheckResult({ summary, values, csv }: { summary: ImportSummary; values: Values; csv: string }) {
  const { wave } = summary;
  const more = summary.councils.length - COUNCILS_SHOWN;
  return (
    <div className="app-check-result">
      <h2 className="govuk-heading-m">The file has no problems</h2>
      <p className="govuk-body">Nothing has been imported yet. This is what importing it would do:</p>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Wave</dt>
          <dd className="govuk-summary-list__value">
            {wave.title} ({wave.slug}){wave.created ? ": a new wave, created closed with questionnaire version 1" : ": an existing wave"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Fieldwork</dt>
          <dd className="govuk-summary-list__value">
            {wave.opensOn && wave.closesOn ? `${formatDate(wave.opensOn)} to ${formatDate(wave.closesOn)}` : "No dates"}
            {wave.datesAdded ? " (added to the wave)" : ""}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Responses</dt>
          <dd className="govuk-summary-list__value">{plural(summary.imported, "submitted response", "submitted responses")}, one per council</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Councils</dt>
          <dd className="govuk-summary-list__value">
            <ul className="govuk-list">
              {summary.councils.slice(0, COUNCILS_SHOWN).map((name, i) => (
                <li key={`${i}-${name}`}>{name}</li>
              ))}
            </ul>
            {more > 0 ? <p className="govuk-body">and {plural(more, "more council", "more councils")}</p> : null}
          </dd>
        </div>
      </dl>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="wave" value={values.wave} />
        <DatePartsHidden name="opensOn" values={values.opensOn} />
        <DatePartsHidden name="closesOn" values={values.closesOn} />
        <input type="hidden" name="csv" value={csv} />
        <button type="submit" name="_intent" value="import" className="govuk-button" data-module="govuk-button">
          Import {plural(summary.imported, "response", "responses")}
        </button>
      </Form>
      <h2 className="govuk-heading-m">Or check another file</h2>
    </div>
  );
}

export default function ImportResponses() {
  const { done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.kind === "problems" ? result.errors : [];
  const hidden = result?.kind === "problems" ? result.hiddenErrors : 0;
  const total = result?.kind === "problems" ? result.problems : 0;
  const values = result?.values ?? EMPTY_VALUES;
  const summary = importProblemSummary(errors, hidden, ": fix these and check the file again");
  const errorFor = (name: string) => errors.find((e) => e.field === name || e.field.startsWith(`${name}-`));
  const partOf = (field: string | undefined) => (field?.split("-")[1] ?? "day") as keyof DateParts;
  const fileError = errorFor("file");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Import historical responses" hasErrors={errors.length > 0} />
        {done && !result ? (
          <SuccessBanner>
            {done.imported} {done.imported === 1 ? "response" : "responses"} imported into {done.title}.{" "}
            <Link className="govuk-notification-banner__link" to={`/admin/waves/${encodeURIComponent(done.slug)}`}>
              Manage the wave
            </Link>
          </SuccessBanner>
        ) : null}
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">Import historical responses</h1>
        <p className="govuk-body">Upload the answers of an earlier survey, for example a paper one, as submitted responses of a wave.</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            one row per council, with a <code>gss_code</code> column and one column per question id (such as <code>PRESC1</code>):{" "}
            <a className="govuk-link" href="/admin/import/template.csv" download>
              download the CSV template
            </a>{" "}
            (every column of questionnaire version 1, in order)
          </li>
          <li>
            answers as stored codes, <code>dk</code> for Don’t know, empty when not answered, several choices as <code>code;code</code>
          </li>
          <li>
            if the wave does not exist it is created, closed, with questionnaire version 1 and the fieldwork dates you give: they place it in time in lists and
            trends
          </li>
          <li>every problem of the file is listed at once, with its line; if there is any, nothing is imported</li>
          <li>“Check the file” does all the checks and shows what would be imported, without importing anything</li>
        </ul>
        {result?.kind === "checked" ? <CheckResult summary={result.summary} values={result.values} csv={result.csv} /> : null}
        {/* A new key after a check or an import empties the file box, so the same file is not sent twice by accident. */}
        <Form method="post" encType="multipart/form-data" noValidate key={done ? `imported-${done.slug}-${done.imported}` : (result?.kind ?? "form")}>
          <TextInput
            name="wave"
            label="Wave slug"
            hint="For example, 2019"
            defaultValue={values.wave}
            error={errorFor("wave")?.message}
            widthClass="govuk-input--width-20"
            autoComplete="off"
            spellCheck={false}
          />
          <DateInput
            name="opensOn"
            legend="When did fieldwork start?"
            hint="Needed for a new wave, for example, 1 10 2019"
            values={values.opensOn}
            error={errorFor("opensOn")?.message}
            errorPart={partOf(errorFor("opensOn")?.field)}
          />
          <DateInput
            name="closesOn"
            legend="When did fieldwork end?"
            hint="Needed for a new wave, for example, 1 12 2019"
            values={values.closesOn}
            error={errorFor("closesOn")?.message}
            errorPart={partOf(errorFor("closesOn")?.field)}
          />
          <CsvFileField error={fileError} problems={total} outcome="nothing was imported" nextStep="upload the file again" />
          <div className="govuk-button-group">
            <button type="submit" name="_intent" value="check" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Check the file
            </button>
            <button type="submit" name="_intent" value="import" className="govuk-button" data-module="govuk-button">
              Import responses
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}
