import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataFileResponse } from "../services/open-data.server";
import { getDb } from "../db.server";

// A file of one release (earlier releases stay downloadable; 404 for an unpublished wave).
export async function loader({ params }: LoaderFunctionArgs) {
  const seq = /^[1-9][0-9]{0,5}$/.test(params.seq ?? "") ? Number(params.seq) : -1;
  return openDataFileResponse(getDb(), params.slug ?? "", seq, params.file ?? "");
}
