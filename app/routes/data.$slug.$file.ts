import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataFileResponse } from "../services/open-data.server";
import { getDb } from "../db.server";

// A file of the latest open-data release of a published wave (404 otherwise).
export async function loader({ params }: LoaderFunctionArgs) {
  return openDataFileResponse(getDb(), params.slug ?? "", null, params.file ?? "");
}
