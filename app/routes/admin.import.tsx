import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorMessage, ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { SuccessBanner } from "../components/success-banner";
import { TextInput } from "../components/text-input";
import { getDb } from "../db.server";
import { getWaveBySlug } from "../models/wave.server";
import { auditActor, requireAdmin } from "../services/auth.server";
import { clientAddress, localRedirect } from "../services/request.server";
import { importUploadedResponses, WAVE_SLUG_PATTERN } from "../services/wave-admin.server";

const MAX_BYTES = 5_000_000;
/** How many line errors the error summary lists; the rest are counted. */
const ERRORS_SHOWN = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // After a successful import (post/redirect/get) the count comes back in the address; it is only shown if the wave exists.
  const url = new URL(request.url);
  const slug = url.searchParams.get("wave") ?? "";
  const imported = Number(url.searchParams.get("imported"));
  const wave = slug && Number.isInteger(imported) && imported > 0 ? await getWaveBySlug(getDb(), slug) : undefined;
  return json({ done: wave ? { slug: wave.slug, title: wave.title, imported } : null });
}

const uploadSchema = z.object({
  wave: z
    .string({ invalid_type_error: "Enter the wave’s slug" })
    .trim()
    .min(1, "Enter the wave’s slug")
    .max(40, "The wave’s slug must be 40 characters or fewer")
    .regex(WAVE_SLUG_PATTERN, "The wave’s slug must be lowercase letters, digits and hyphens, like 2024"),
  // The upload handler's File may come from another realm than the global one, so check its shape.
  file: z
    .custom<File>((value) => typeof value === "object" && value !== null && typeof (value as File).arrayBuffer === "function" && typeof (value as File).name === "string", "Select a CSV file")
    .refine((file) => file.size > 0, "Select a CSV file")
    .refine((file) => /\.csv$/i.test(file.name), "The selected file must be a CSV"),
});

/** `problems` is set when the file itself was checked: how many problems it has in all. */
type ActionData = { errors: FieldError[]; hiddenErrors: number; wave: string; problems?: number };

export async function action({ request }: ActionFunctionArgs) {
  // Authorise before reading the body: someone who is not an admin never gets the upload parsed.
  const user = await requireAdmin(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return json<ActionData>({ errors: [{ field: "file", message: "The selected file must be smaller than 5 MB" }], hiddenErrors: 0, wave: "" }, { status: 400 });
    return json<ActionData>({ errors: [{ field: "file", message: "The upload could not be read: select the file and try again" }], hiddenErrors: 0, wave: "" }, { status: 400 });
  }
  const wave = typeof form.get("wave") === "string" ? (form.get("wave") as string).slice(0, 40) : "";
  const parsed = uploadSchema.safeParse({ wave: form.get("wave"), file: form.get("file") });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
    return json<ActionData>({ errors: errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i), hiddenErrors: 0, wave }, { status: 400 });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await parsed.data.file.arrayBuffer());
  } catch {
    return json<ActionData>({ errors: [{ field: "file", message: "The selected file must be a CSV saved as UTF-8" }], hiddenErrors: 0, wave }, { status: 400 });
  }
  const result = await importUploadedResponses(getDb(), { actor: auditActor(user), clientAddress: clientAddress(request) }, parsed.data.wave, text);
  if (!result.ok) {
    const shown = result.errors.slice(0, ERRORS_SHOWN).map((message) => ({ field: "file", message: capitalise(message) }));
    return json<ActionData>({ errors: shown, hiddenErrors: result.errors.length - shown.length, wave, problems: result.errors.length }, { status: 400 });
  }
  return localRedirect(`/admin/import?${new URLSearchParams({ wave: parsed.data.wave, imported: String(result.imported) })}`);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export default function ImportResponses() {
  const { done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const total = result?.problems ?? 0;
  const summary: FieldError[] = result?.hiddenErrors ? [...errors, { field: "file", message: `And ${result.hiddenErrors} more ${result.hiddenErrors === 1 ? "error" : "errors"} not listed` }] : errors;
  const fileError = errors.find((e) => e.field === "file");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Import historical responses" hasErrors={errors.length > 0} />
        {done && errors.length === 0 ? (
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
            one row per council, with a <code>gss_code</code> column and one column per question id (such as <code>PRESC1</code>)
          </li>
          <li>answers as stored codes, <code>dk</code> for Don’t know, empty when not answered, several choices as <code>code;code</code></li>
          <li>if the wave does not exist it is created, closed, with questionnaire version 1</li>
          <li>if any row has a problem, nothing is imported and every problem is listed with its line</li>
        </ul>
        {/* A new key after a successful import empties the form, so the same file is not sent twice by accident. */}
        <Form method="post" encType="multipart/form-data" noValidate key={done ? `imported-${done.slug}-${done.imported}` : "form"}>
          <TextInput name="wave" label="Wave slug" hint="For example, 2024" defaultValue={result?.wave} error={errors.find((e) => e.field === "wave")?.message} widthClass="govuk-input--width-20" autoComplete="off" spellCheck={false} />
          <div className={`govuk-form-group${fileError ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="file">
              CSV file
            </label>
            <div id="file-hint" className="govuk-hint">
              UTF-8, smaller than 5 MB
            </div>
            <ErrorMessage id="file-error" message={total > 0 ? `The file has ${total} ${total === 1 ? "problem" : "problems"}: nothing was imported. Fix ${total === 1 ? "it" : "them"} and upload the file again.` : fileError?.message} />
            <input className={`govuk-file-upload${fileError ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={fileError ? "file-hint file-error" : "file-hint"} />
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Import responses
          </button>
        </Form>
      </div>
    </div>
  );
}
