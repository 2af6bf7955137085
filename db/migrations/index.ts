import type { Migration, MigrationProvider } from "kysely";
import * as m001 from "./001-initial";

// Listed explicitly: a bundled server build cannot read a folder of migrations at run time.
export const migrations: Record<string, Migration> = {
  "001-initial": m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
