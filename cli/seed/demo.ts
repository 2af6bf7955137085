import { encodeAnswer, type AnswerValue } from "../../app/domain/answers";
import { getItem, type Instrument } from "../../app/domain/instrument";
import { CURRENT_INSTRUMENT_VERSION, getInstrument, getInstrumentDefinition } from "../../app/domain/instruments";
import { applyCouncilRegister, listAllCouncils } from "../../app/models/council.server";
import { deleteAllRows, isEmptyDatabase } from "../../app/models/database.server";
import { inTransaction, type Db } from "../../app/models/db-types";
import { isDemoDatabase, setMeta } from "../../app/models/meta.server";
import { startResponse } from "../../app/models/response.server";
import { saveResponseScores } from "../../app/models/scores.server";
import {
  insertAnswers,
  insertSavedSection,
  insertSubmissionSnapshot,
  markResponseSubmitted,
  setResponseVersion,
} from "../../app/models/stored-response.server";
import { createUser, findAnyUserOfCouncil } from "../../app/models/user.server";
import { createWave, ensureInstrumentVersionStored } from "../../app/models/wave.server";
import { setCouncilLead } from "../../app/models/team.server";
import { prepareBenchmarkFigures } from "../../app/services/benchmark-report.server";
import { hashPassword } from "../../app/services/password.server";
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

const FIRST_NAMES = [
  "Alex",
  "Jordan",
  "Morgan",
  "Chris",
  "Jamie",
  "Pat",
  "Sarah",
  "David",
  "Aisha",
  "Owen",
  "Fiona",
  "Gareth",
  "Niamh",
  "Ravi",
  "Helen",
  "Mark",
];
const LAST_NAMES = ["Taylor", "Brown", "Wilson", "Patel", "Campbell", "Jones", "Murphy", "Khan", "Roberts", "Walker", "Davies", "Reid", "Kelly", "Green"];

export { isEmptyDatabase };

export class NotADemoDatabaseError extends Error {}

/**
 * Builds the demo from a fixed random seed: real councils, last year's published wave, an open
 * wave with a deadline, and responses submitted, in progress and not started. Refuses a database
 * that holds anything but demo data; replaces an earlier demo.
 */
export async function seedDemo(db: Db, options: { now: Date; seed?: number }): Promise<void> {
  if (!(await isEmptyDatabase(db)) && !(await isDemoDatabase(db))) {
    throw new NotADemoDatabaseError("This database holds data that is not demo data, so the demo was not seeded. Use an empty database.");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await inTransaction(db, async (trx) => {
    await deleteAllRows(trx);
    await seedInto(trx, options.now, options.seed ?? 20261127, passwordHash);
  });
}

async function seedInto(db: Db, now: Date, seed: number, passwordHash: string) {
  const random = seededRandom(seed);
  const instrument = getInstrument(CURRENT_INSTRUMENT_VERSION);
  const iso = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * 86_400_000).toISOString();
  const day = (daysFromNow: number) => iso(daysFromNow).slice(0, 10);

  await setMeta(db, "demo_data", "true");
  await ensureInstrumentVersionStored(db, {
    version: instrument.version,
    title: instrument.title,
    definition: getInstrumentDefinition(instrument.version),
    createdAt: iso(-400),
  });
  await applyCouncilRegister(db, DEMO_COUNCILS, { fullRegister: false });
  const councils = await listAllCouncils(db);

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
    const existing = await findAnyUserOfCouncil(db, council.id);
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
    closedAt: iso(-330),
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
      await writeDemoResponse(
        db,
        instrument,
        { waveId: lastYear, councilId: council.id, userId, at: iso(-340 - random.next() * 40) },
        demoAnswers(instrument, profile, random),
        "submitted",
        random,
      );
    } else if (lastYearRoll < 0.88) {
      await writeDemoResponse(
        db,
        instrument,
        { waveId: lastYear, councilId: council.id, userId, at: iso(-345) },
        demoAnswers(instrument, profile, random),
        "partial",
        random,
      );
    }
    // This year: the sign-in councils have not started, so a newcomer can try the whole journey.
    if (signInCouncils.has(council.gss_code)) continue;
    const roll = random.next();
    const drifted = { ...profile, trustInCentre: profile.trustInCentre - 0.1 + 0.3 * random.normal() };
    const at = iso(-20 + random.next() * 19);
    if (roll < 0.4)
      await writeDemoResponse(
        db,
        instrument,
        { waveId: thisYear, councilId: council.id, userId, at },
        demoAnswers(instrument, drifted, random),
        random.chance(0.1) ? "amended" : "submitted",
        random,
      );
    else if (roll < 0.65)
      await writeDemoResponse(
        db,
        instrument,
        { waveId: thisYear, councilId: council.id, userId, at },
        demoAnswers(instrument, drifted, random),
        "partial",
        random,
      );
  }
  // Last year's wave is published, so its benchmark figures are prepared as publishing does: the
  // demo respondents can open their councils' reports at once.
  // Its public snapshot is cut at the seed's "now", like everything else the seed writes.
  await prepareBenchmarkFigures(
    db,
    { id: lastYear, slug: String(now.getUTCFullYear() - 1), instrumentVersion: instrument.version },
    { now: () => now.toISOString() },
  );
}

async function writeDemoResponse(
  db: Db,
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
    const inSection: Record<string, string> = {};
    for (const item of section.items) {
      const value = answers.get(item.id);
      if (value === undefined) continue;
      inSection[item.id] = encodeAnswer(getItem(instrument, item.id)!, value);
    }
    Object.assign(stored, inSection);
    await insertAnswers(db, { responseId, answers: inSection, userId: where.userId, now: where.at });
    await insertSavedSection(db, { responseId, sectionId: section.id, userId: where.userId, now: where.at });
  }
  if (outcome === "partial") {
    await setResponseVersion(db, responseId, 1 + sectionsDone.length);
    return;
  }
  const submissions = outcome === "amended" ? 2 : 1;
  for (let n = 1; n <= submissions; n++) {
    await insertSubmissionSnapshot(db, {
      responseId,
      submissionNumber: n,
      responseVersion: 1 + sectionsDone.length + n - 1,
      instrumentVersion: instrument.version,
      answers: stored,
      userId: where.userId,
      at: where.at,
    });
  }
  await markResponseSubmitted(db, { responseId, version: sectionsDone.length + submissions, submissionCount: submissions, userId: where.userId, at: where.at });
  await saveResponseScores(db, responseId);
}
