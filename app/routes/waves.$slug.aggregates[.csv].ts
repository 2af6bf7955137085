import type { LoaderFunctionArgs } from "@remix-run/node";
import { aggregateExport } from "../services/export-routes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return aggregateExport(request, params.slug ?? "", "csv");
}
