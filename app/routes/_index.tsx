import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser, landingPathFor } from "../services/auth.server";
import { localRedirect } from "../services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  throw localRedirect(user ? landingPathFor(user.role) : "/login");
}
