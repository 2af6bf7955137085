import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, PageTitle, type FieldError } from "../components/error-summary";
import { CsvFileField, importProblemSummary } from "../components/csv-file-field";
import { plural } from "../components/format";
import { SuccessBanner } from "../components/success-banner";
import { getDb } from "../db.server";
import type { RegisterPlan } from "../domain/council-register";
import { auditActor, requireAdmin } from "../services/auth.server";
import { importCouncilRegister } from "../services/council-register.server";
import { clientAddress, localRedirect } from "../services/request.server";

// The council register import for admins (decision 056): the same service as `npm run
// councils:import`. A file is always checked first; the preview lists what would be added, updated
// and retired, and its confirm sends the checked text back, which the service checks and plans again.

const MAX_BYTES = 5_000_000;
const ERRORS_SHOWN = 50;
/** Rows each preview table lists; the rest are counted. */
const ROWS_SHOWN = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const count = (key: string) => {
    const n = Number(url.searchParams.get(key));
    return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : null;
  };
  const [added, updated, retired] = [count("added"), count("updated"), count("retired")];
  return json({ done: url.searchParams.has("added") && added !== null && updated !== null && retired !== null ? { added, updated, retired } : null });
}

type Preview = { inFile: number; skipped: number; fullRegister: boolean; format: string; plan: RegisterPlan };
type ActionData =
  | { kind: "problems"; errors: FieldError[]; hiddenErrors: number; problems: number; partial: boolean }
  | { kind: "checked"; preview: Preview; csv: string; partial: boolean };

const problem = (message: string, partial = false) =>
  json<ActionData>({ kind: "problems", errors: [{ field: "file", message }], hiddenErrors: 0, problems: 0, partial }, { status: 400 });
const isFile = (value: unknown): value is File =>
  typeof value === "object" && value !== null && typeof (value as File).arrayBuffer === "function" && typeof (value as File).name === "string";

export async function action({ request }: ActionFunctionArgs) {
  // Authorise before reading the body.
  const user = await requireAdmin(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
  } catch (error) {
    return problem(
      error instanceof MaxPartSizeExceededError ? "The selected file must be smaller than 5 MB" : "The upload could not be read: select the file and try again",
    );
  }
  const partial = form.get("partial") === "yes";
  const confirm = form.get("_intent") === "import";
  const sent = form.get("csv");
  let text: string;
  if (confirm && typeof sent === "string" && sent.length > 0) text = sent;
  else {
    const file = form.get("file");
    if (!isFile(file) || file.size === 0) return problem("Select a CSV file", partial);
    if (!/\.csv$/i.test(file.name)) return problem("The selected file must be a CSV", partial);
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return problem("The selected file must be a CSV saved as UTF-8", partial);
    }
  }
  const result = await importCouncilRegister(getDb(), { actor: auditActor(user), clientAddress: clientAddress(request) }, { text, partial, dryRun: !confirm });
  if (!result.ok) {
    const shown = result.errors.slice(0, ERRORS_SHOWN).map((message) => ({ field: "file", message: message.charAt(0).toUpperCase() + message.slice(1) }));
    return json<ActionData>(
      { kind: "problems", errors: shown, hiddenErrors: result.errors.length - shown.length, problems: result.errors.length, partial },
      { status: 400 },
    );
  }
  const { plan } = result;
  if (result.dryRun)
    return json<ActionData>({
      kind: "checked",
      preview: { inFile: result.inFile, skipped: result.skipped, fullRegister: result.fullRegister, format: result.format, plan },
      csv: text,
      partial,
    });
  return localRedirect(
    `/admin/councils/import?${new URLSearchParams({ added: String(plan.added.length), updated: String(plan.updated.length), retired: String(plan.retired.length) })}`,
  );
}

function PreviewTable({ id, caption, headers, rows }: { id: string; caption: string; headers: string[]; rows: string[][] }) {
  const more = rows.length - ROWS_SHOWN;
  return (
    <>
      <div className="app-table-container" role="region" aria-label={caption} tabIndex={0} id={id}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {headers.map((h) => (
                <th key={h} scope="col" className="govuk-table__header">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.slice(0, ROWS_SHOWN).map((row) => (
              <tr key={row[1]} className="govuk-table__row">
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className="govuk-table__header">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="govuk-table__cell">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? <p className="govuk-body">and {plural(more, "more council", "more councils")} not listed</p> : null}
    </>
  );
}

const FIELD_WORDS: Record<string, string> = { name: "Name", type: "Type", region: "Region", nation: "Nation", active: "Status" };

function RegisterPreview({ preview, csv, partial }: { preview: Preview; csv: string; partial: boolean }) {
  const { plan } = preview;
  const nothing = plan.added.length + plan.updated.length + plan.retired.length === 0;
  return (
    <>
      <h2 className="govuk-heading-m">What importing this file would change</h2>
      <p className="govuk-body">Nothing has changed yet.</p>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">In the file</dt>
          <dd className="govuk-summary-list__value">
            {plural(preview.inFile, "row", "rows")} ({preview.format === "mysociety" ? "mySociety’s format" : "plain format"}),{" "}
            {plural(preview.skipped, "skipped", "skipped")} (not current, or not a council)
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Added</dt>
          <dd className="govuk-summary-list__value">{plural(plan.added.length, "council", "councils")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Updated</dt>
          <dd className="govuk-summary-list__value">{plural(plan.updated.length, "council", "councils")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Retired</dt>
          <dd className="govuk-summary-list__value">
            {plural(plan.retired.length, "council", "councils")}
            {preview.fullRegister ? " (in the register but not in the file; kept, marked inactive)" : " (none: the file lists only some councils)"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Unchanged</dt>
          <dd className="govuk-summary-list__value">{plural(plan.unchanged, "council", "councils")}</dd>
        </div>
      </dl>
      {plan.added.length > 0 ? (
        <PreviewTable
          id="added"
          caption="Councils to add"
          headers={["Council", "GSS code", "Type", "Region", "Nation"]}
          rows={plan.added.map((r) => [r.name, r.gssCode, r.type, r.region, r.nation])}
        />
      ) : null}
      {plan.updated.length > 0 ? (
        <PreviewTable
          id="updated"
          caption="Councils to update"
          headers={["Council", "GSS code", "What changes"]}
          rows={plan.updated.map((u) => [u.name, u.gssCode, u.changes.map((c) => `${FIELD_WORDS[c.field] ?? c.field}: ${c.from} to ${c.to}`).join("; ")])}
        />
      ) : null}
      {plan.retired.length > 0 ? (
        <PreviewTable id="retired" caption="Councils to retire" headers={["Council", "GSS code"]} rows={plan.retired.map((r) => [r.name, r.gssCode])} />
      ) : null}
      {nothing ? (
        <p className="govuk-body">The register already matches this file: there is nothing to import.</p>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="csv" value={csv} />
          {partial ? <input type="hidden" name="partial" value="yes" /> : null}
          <button type="submit" name="_intent" value="import" className="govuk-button" data-module="govuk-button">
            Import: {plan.added.length} added, {plan.updated.length} updated, {plan.retired.length} retired
          </button>
        </Form>
      )}
      <h2 className="govuk-heading-m">Or check another file</h2>
    </>
  );
}

export default function ImportCouncils() {
  const { done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.kind === "problems" ? result.errors : [];
  const hidden = result?.kind === "problems" ? result.hiddenErrors : 0;
  const total = result?.kind === "problems" ? result.problems : 0;
  const summary = importProblemSummary(errors, hidden);
  const fileError = errors[0];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageTitle title="Import the council register" hasErrors={errors.length > 0} />
        {done && !result ? (
          <SuccessBanner>
            Council register imported: {done.added} added, {done.updated} updated, {done.retired} retired.
          </SuccessBanner>
        ) : null}
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">Import the council register</h1>
        <p className="govuk-body">Update the list of member councils from a CSV file. You will see what changes before anything is imported.</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            mySociety’s “UK local authority names and codes” file (current authorities only; combined authorities and the GLA are skipped), or a plain file with
            the header <code className="lt-break-word">gss_code,name,type,region,nation</code>
          </li>
          <li>councils are matched by GSS code; a council missing from a whole register is marked inactive, never deleted</li>
          <li>every problem of the file is listed at once, with its line; if there is any, nothing changes</li>
          <li>
            the same as <code>npm run councils:import</code>; every import is in the audit log
          </li>
        </ul>
      </div>
      <div className="govuk-grid-column-full">
        {result?.kind === "checked" ? <RegisterPreview preview={result.preview} csv={result.csv} partial={result.partial} /> : null}
      </div>
      <div className="govuk-grid-column-two-thirds">
        <Form method="post" encType="multipart/form-data" noValidate key={result?.kind ?? (done ? "done" : "form")}>
          <CsvFileField error={fileError} problems={total} outcome="nothing changed" nextStep="check the file again" />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="partial"
                  name="partial"
                  type="checkbox"
                  value="yes"
                  defaultChecked={result?.partial}
                  aria-describedby="partial-hint"
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="partial">
                  This file lists only some councils
                </label>
                <div id="partial-hint" className="govuk-hint govuk-checkboxes__hint">
                  Councils missing from it are left as they are, not retired
                </div>
              </div>
            </div>
          </div>
          <button type="submit" name="_intent" value="check" className="govuk-button" data-module="govuk-button">
            Check the file
          </button>
        </Form>
      </div>
    </div>
  );
}
