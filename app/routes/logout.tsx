import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "../services/auth.server";

// Signing out changes state, so it is a POST; a GET only shows where to go.
export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const headers = await signOut(request);
  throw redirect("/login", { headers });
}
