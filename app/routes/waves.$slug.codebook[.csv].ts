import type { LoaderFunctionArgs } from "@remix-run/node";
import { codebookExport } from "../services/export-routes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return codebookExport(request, params.slug ?? "");
}
