import { getDb } from "../db.server";
import { recordAudit } from "../models/audit.server";
import { auditActor, type SignedInUser } from "./auth.server";
import { clientAddress } from "./request.server";

/**
 * For a resource that exists but belongs to another council: writes the attempt to the audit log
 * and answers 404, exactly as for a resource that does not exist, so ids cannot be probed.
 *
 *   if (response.councilId !== user.councilId) await notFoundForCouncil(request, user, { type: "response", id });
 */
export async function notFoundForCouncil(
  request: Request,
  user: Pick<SignedInUser, "id" | "email" | "role" | "councilId">,
  target: { type: string; id: string | number; councilId?: number | null },
): Promise<never> {
  await recordAudit(getDb(), {
    actor: auditActor(user),
    action: "access.other-council-refused",
    targetType: target.type,
    targetId: target.id,
    detail: { path: new URL(request.url).pathname, method: request.method, ownerCouncilId: target.councilId ?? null },
    clientAddress: clientAddress(request),
  });
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}
