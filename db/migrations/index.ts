import type { Migration, MigrationProvider } from "kysely";
import * as m001 from "./001-initial";
import * as m002 from "./002-security";
import * as m003 from "./003-response-scores";
import * as m004 from "./004-one-submission-per-version";
import * as m005 from "./005-council-teams";
import * as m006 from "./006-throttle-counters";
import * as m007 from "./007-wave-snapshots";
import * as m009 from "./009-benchmark-figures";
import * as m011 from "./011-data-releases";
import * as m012 from "./012-outbox";
import * as m013 from "./013-wave-closed-at";

// Listed explicitly: a bundled server build cannot read a folder of migrations at run time.
export const migrations: Record<string, Migration> = {
  "001-initial": m001,
  "002-security": m002,
  "003-response-scores": m003,
  "004-one-submission-per-version": m004,
  "005-council-teams": m005,
  "006-throttle-counters": m006,
  "007-wave-snapshots": m007,
  "009-benchmark-figures": m009,
  "011-data-releases": m011,
  "012-outbox": m012,
  "013-wave-closed-at": m013,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
