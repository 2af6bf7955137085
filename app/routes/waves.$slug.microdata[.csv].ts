import type { LoaderFunctionArgs } from "@remix-run/node";
import { microdataExport } from "../services/export-routes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return microdataExport(request, params.slug ?? "");
}
