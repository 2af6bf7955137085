import { getCouncil, listActiveCouncils } from "../models/council.server";
import type { Db } from "../models/db-types";

/** Active councils as choices for a form (id and name, by name). */
export async function listCouncilChoices(db: Db): Promise<{ id: number; name: string }[]> {
  return (await listActiveCouncils(db)).map((c) => ({ id: c.id, name: c.name }));
}

/** The active council with this id, or null (an inactive council cannot be chosen). */
export async function findActiveCouncil(db: Db, id: number) {
  const council = await getCouncil(db, id);
  return council && council.active ? council : null;
}
