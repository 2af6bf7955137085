import type { Kysely } from "kysely";
import { encodeAnswer, type AnswerValue } from "../../app/domain/answers";
import { getItem, type Instrument } from "../../app/domain/instrument";
import { CURRENT_INSTRUMENT_VERSION, getInstrument } from "../../app/domain/instruments";
import { instrumentV1 } from "../../app/domain/instrument-v1";
import { applyCouncilRegister } from "../../app/models/council.server";
import { isDemoDatabase, setMeta } from "../../app/models/meta.server";
import { startResponse } from "../../app/models/response.server";
import { saveResponseScores } from "../../app/models/scores.server";
import { setCouncilLead } from "../../app/models/team.server";
import { createUser } from "../../app/models/user.server";
import { createWave } from "../../app/models/wave.server";
import { prepareBenchmarkFigures } from "../../app/services/benchmark-report.server";
import { hashPassword } from "../../app/services/password.server";
import type { Database } from "../schema";
import { councilProfile, demoAnswers } from "./demo-answers";
import { DEMO_COUNCILS } from "./demo-councils";
import { seededRandom } from "./random";

export const DEMO_PASSWORD = "localtrust-demo-2026";
export const DEMO_ACCOUNTS = [
  { email: "admin@localtrust.example", name: "Priya Shah", role: "admin", council: null },
  { email: "staff@localtrust.example", name: "Tom Hughes", role: "staff", council: null },
  { email: "it.manager@leeds.example", name: "Sam Carter", role: "respondent", council: "E08000035" },
  { email: "digital.lead@cardiff.example", name: "Rhian Evans", role: "respondent", council: "W06000015" },
] as const;

const FIRST_NAMES = ["Alex", "Jordan", "Morgan", "Chris", "Jamie", "Pat", "Sarah", "David", "Aisha", "Owen", "Fiona", "Gareth", "Niamh", "Ravi", "Helen", "Mark"];
const LAST_NAMES = ["Taylor", "Brown", "Wilson", "Patel", "Campbell", "Jones", "Murphy", "Khan", "Roberts", "Walker", "Davies", "Reid", "Kelly", "Green"];

const TABLES_IN_DELETE_ORDER = [
  "audit_log", "wave_snapshot_views", "wave_snapshots", "benchmark_figures", "response_scores", "response_versions", "answers", "response_sections", "responses", "waves",
  "invitations", "sessions", "users", "councils", "instrument_versions", "app_meta",
] as const;

export async function isEmptyDatabase(db: Kysely<Database>): Promise<boolean> {
  const councils = await db.selectFrom("councils").select("id").limit(1).execute();
  const users = await db.selectFrom("users").select("id").limit(1).execute();
  return councils.length === 0 && users.length === 0;
}

export class NotADemoDatabaseError extends Error {}

/**
 * Builds the demo from a fixed random seed: real councils, last year's published wave, an open
 * wave with a deadline, and responses submitted, in progress and not started. Refuses a database
 * that holds anything but demo data; replaces an earlier demo.
 */
export async function seedDemo(db: Kysely<Database>, options: { now: Date; seed?: number }): Promise<void> {
  if (!(await isEmptyDatabase(db)) && !(await isDemoDatabase(db))) {
    throw new NotADemoDatabaseError("This database holds data that is not demo data, so the demo was not seeded. Use an empty database.");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    // Councils name their lead (a user): unlink them before the users go.
    await trx.updateTable("councils").set({ lead_user_id: null }).execute();
    for (const table of TABLES_IN_DELETE_ORDER) await trx.deleteFrom(table).execute();
    await seedInto(trx, options.now, options.seed ?? 20261127, passwordHash);
  });
}

async function seedInto(db: Kysely<Database>, now: Date, seed: number, passwordHash: string) {
  const random = seededRandom(seed);
  const instrument = getInstrument(CURRENT_INSTRUMENT_VERSION);
  const iso = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * 86_400_000).toISOString();
  const day = (daysFromNow: number) => iso(daysFromNow).slice(0, 10);

  await setMeta(db, "demo_data", "true");
  await db
    .insertInto("instrument_versions")
    .values({ version: instrument.version, title: instrument.title, definition: JSON.stringify(instrumentV1), created_at: iso(-400) })
    .execute();
  await applyCouncilRegister(db, DEMO_COUNCILS, { fullRegister: false });
  const councils = await db.selectFrom("councils").selectAll().orderBy("gss_code").execute();

  for (const account of DEMO_ACCOUNTS) {
    const council = account.council ? councils.find((c) => c.gss_code === account.council) : null;
    const id = await createUser(db, { email: account.email, name: account.name, passwordHash, role: account.role, councilId: council?.id ?? null });
    // The demo respondents lead their councils' teams (decision 026).
    if (council) await setCouncilLead(db, council.id, id);
  }
  const signInCouncils = new Set<string>(DEMO_ACCOUNTS.flatMap((a) => (a.council ? [a.council] : [])));

  // Colleagues who answered for other councils; they have no password, so they cannot sign in.
  const respondentOf = new Map<number, number>();
  for (const council of councils) {
    const existing = await db.selectFrom("users").select("id").where("council_id", "=", council.id).executeTakeFirst();
    if (existing) {
      respondentOf.set(council.id, existing.id);
      continue;
    }
    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    const email = `${name.toLowerCase().replace(" ", ".")}.${council.gss_code.toLowerCase()}@council.example`;
    respondentOf.set(council.id, await createUser(db, { email, name, passwordHash: null, role: "respondent", councilId: council.id }));
  }

  const lastYear = await createWave(db, {
    slug: String(now.getUTCFullYear() - 1),
    title: `${now.getUTCFullYear() - 1} survey`,
    instrumentVersion: instrument.version,
    status: "published",
    opensOn: day(-386),
    closesOn: day(-330),
    publishedAt: iso(-300),
  });
  const thisYear = await createWave(db, {
    slug: String(now.getUTCFullYear()),
    title: `${now.getUTCFullYear()} survey`,
    instrumentVersion: instrument.version,
    status: "open",
    opensOn: day(-21),
    closesOn: day(45),
  });

  for (const council of councils) {
    const profile = councilProfile(random, council.type);
    const userId = respondentOf.get(council.id) ?? null;
    // Last year: about four in five councils submitted, a few started and never finished.
    const lastYearRoll = random.next();
    if (signInCouncils.has(council.gss_code) || lastYearRoll < 0.8) {
      await writeDemoResponse(db, instrument, { waveId: lastYear, councilId: council.id, userId, at: iso(-340 - random.next() * 40) }, demoAnswers(instrument, profile, random), "submitted", random);
    } else if (lastYearRoll < 0.88) {
      await writeDemoResponse(db, instrument, { waveId: lastYear, councilId: council.id, userId, at: iso(-345) }, demoAnswers(instrument, profile, random), "partial", random);
    }
    // This year: the sign-in councils have not started, so a newcomer can try the whole journey.
    if (signInCouncils.has(council.gss_code)) continue;
    const roll = random.next();
    const drifted = { ...profile, trustInCentre: profile.trustInCentre - 0.1 + 0.3 * random.normal() };
    const at = iso(-20 + random.next() * 19);
    if (roll < 0.4) await writeDemoResponse(db, instrument, { waveId: thisYear, councilId: council.id, userId, at }, demoAnswers(instrument, drifted, random), random.chance(0.1) ? "amended" : "submitted", random);
    else if (roll < 0.65) await writeDemoResponse(db, instrument, { waveId: thisYear, councilId: council.id, userId, at }, demoAnswers(instrument, drifted, random), "partial", random);
  }
  // Last year's wave is published, so its benchmark figures are prepared as publishing does: the
  // demo respondents can open their councils' reports at once.
  await prepareBenchmarkFigures(db, { id: lastYear, instrumentVersion: instrument.version });
}

async function writeDemoResponse(
  db: Kysely<Database>,
  instrument: Instrument,
  where: { waveId: number; councilId: number; userId: number | null; at: string },
  answers: Map<string, AnswerValue>,
  outcome: "submitted" | "amended" | "partial",
  random: ReturnType<typeof seededRandom>,
) {
  const responseId = await startResponse(db, { ...where, instrumentVersion: instrument.version, now: where.at });
  const sectionsDone = outcome === "partial" ? instrument.sections.slice(0, 1 + Math.floor(random.next() * 4)) : instrument.sections;
  const stored: Record<string, string> = {};
  for (const section of sectionsDone) {
    for (const item of section.items) {
      const value = answers.get(item.id);
      if (value === undefined) continue;
      const encoded = encodeAnswer(getItem(instrument, item.id)!, value);
      stored[item.id] = encoded;
      await db.insertInto("answers").values({ response_id: responseId, item_id: item.id, value: encoded, updated_at: where.at, updated_by: where.userId }).execute();
    }
    await db.insertInto("response_sections").values({ response_id: responseId, section_id: section.id, state: "saved", version: 1, updated_at: where.at, updated_by: where.userId }).execute();
  }
  if (outcome === "partial") {
    await db.updateTable("responses").set({ version: 1 + sectionsDone.length }).where("id", "=", responseId).execute();
    return;
  }
  const submissions = outcome === "amended" ? 2 : 1;
  for (let n = 1; n <= submissions; n++) {
    await db
      .insertInto("response_versions")
      .values({ response_id: responseId, submission_number: n, response_version: 1 + sectionsDone.length + n - 1, instrument_version: instrument.version, answers: JSON.stringify(stored), submitted_at: where.at, submitted_by: where.userId })
      .execute();
  }
  await db
    .updateTable("responses")
    .set({ status: "submitted", version: sectionsDone.length + submissions, submitted_at: where.at, submitted_by: where.userId, submission_count: submissions })
    .where("id", "=", responseId)
    .execute();
  await saveResponseScores(db, responseId);
}
