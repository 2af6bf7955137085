import type { ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "../services/auth.server";
import { localRedirect } from "../services/request.server";

// Signing out changes state, so it is a POST; a GET only shows where to go.
export async function loader() {
  throw localRedirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const headers = await signOut(request);
  throw localRedirect("/login", { headers });
}
