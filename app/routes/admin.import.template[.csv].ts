import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../services/auth.server";
import { responsesTemplateDownload } from "../services/import-responses.server";

// The CSV template of the response import: the header of questionnaire version 1 (decision 055).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return responsesTemplateDownload();
}
