import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { getCurrentInstrument } from "../domain/instruments";
import { instrumentV1 } from "../domain/instrument-v1";
import { applyCouncilRegister } from "../models/council.server";
import { getUserWithCouncil, createUser } from "../models/user.server";
import { saveResponseScores } from "../models/scores.server";
import { createWave } from "../models/wave.server";
import { amendSurvey, loadSurvey, saveSection, startSurvey, submitSurvey, type Respondent } from "./survey.server";

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;
type Fields = Record<string, string[]>;

const COMPLETE: Record<string, Fields> = {
  "central-prescription": { PRESC1: ["4"], PRESC5: ["dk"], PRESC7: ["3-5"] },
  "audit-and-regulation-load": { BURDEN1: ["5"], BURDEN7: ["30"], BURDEN8: ["12"] },
  "technology-readiness": { TECH1: ["3"], TECH8: ["certified"] },
  "trust-in-central-government": { LTC1: ["4"], LTC2: ["2"] },
  "trust-from-central-government": { PCT1: ["6"], PCT2: ["3"] },
  "freedom-to-deliver": { FREE2: ["cloud", "data"], FREE4: ["Fewer ring-fenced pots"] },
};

async function respondent(handle: Handle, userId: number): Promise<Respondent> {
  const user = await getUserWithCouncil(handle.db, userId);
  return { ...user!, councilId: user!.councilId!, councilName: user!.councilName! } as Respondent;
}

describe(`answering a survey on ${testDialectName()}`, () => {
  let handle: Handle;
  let leeds: Respondent;
  let leedsColleague: Respondent;
  let cardiff: Respondent;

  async function versionOf(user: Respondent, slug: string) {
    const survey = await loadSurvey(handle.db, user, "2026");
    return survey.sections.find((s) => s.slug === slug)?.row?.version ?? 0;
  }
  async function save(user: Respondent, slug: string, fields: Fields, version?: number) {
    return saveSection(handle.db, user, {
      waveSlug: "2026",
      sectionSlug: slug,
      fields: { ...fields, _version: [String(version ?? (await versionOf(user, slug)))] },
    });
  }
  async function responseVersion(user: Respondent) {
    return Number((await loadSurvey(handle.db, user, "2026")).response!.version);
  }
  async function counts() {
    const n = async (table: "answers" | "responses" | "response_versions" | "audit_log" | "response_sections") =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      answers: await n("answers"),
      responses: await n("responses"),
      versions: await n("response_versions"),
      audit: await n("audit_log"),
      sections: await n("response_sections"),
    };
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    const db = handle.db;
    await db
      .insertInto("instrument_versions")
      .values({ version: 1, title: "v1", definition: JSON.stringify(instrumentV1), created_at: "2025-01-01T00:00:00.000Z" })
      .execute();
    await applyCouncilRegister(
      db,
      [
        { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },
        { gssCode: "W06000015", name: "City of Cardiff Council", type: "UA", region: "Wales", nation: "Wales" },
      ],
      { fullRegister: false },
    );
    const councils = await db.selectFrom("councils").select(["id", "gss_code"]).execute();
    const councilId = (code: string) => councils.find((c) => c.gss_code === code)!.id;
    leeds = await respondent(
      handle,
      await createUser(db, { email: "sam@leeds.example", name: "Sam Carter", passwordHash: null, role: "respondent", councilId: councilId("E08000035") }),
    );
    leedsColleague = await respondent(
      handle,
      await createUser(db, { email: "jo@leeds.example", name: "Jo Bloggs", passwordHash: null, role: "respondent", councilId: councilId("E08000035") }),
    );
    cardiff = await respondent(
      handle,
      await createUser(db, { email: "rhian@cardiff.example", name: "Rhian Evans", passwordHash: null, role: "respondent", councilId: councilId("W06000015") }),
    );
    await createWave(db, { slug: "2025", title: "2025 survey", instrumentVersion: 1, status: "published", opensOn: "2025-01-01", closesOn: "2025-03-01" });
    await createWave(db, { slug: "2026", title: "2026 survey", instrumentVersion: 1, status: "open", opensOn: "2026-01-01", closesOn: "2026-12-01" });
    await createWave(db, { slug: "2027", title: "2027 survey", instrumentVersion: 1, status: "draft", opensOn: null, closesOn: null });
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("refuses an invalid section save and stores nothing, not even a started response", async () => {
    const before = await counts();
    const result = await save(leeds, "central-prescription", { PRESC1: ["4"], PRESC2: ["9"] });
    expect(result.kind).toBe("invalid");
    expect(await counts()).toEqual(before);
  });

  it("refuses crafted posts: unknown ids, out-of-range codes, 2,001 characters, four choices", async () => {
    const before = await counts();
    expect((await save(leeds, "central-prescription", { PRESC1: ["4"], NOPE1: ["1"] })).kind).toBe("invalid");
    expect((await save(leeds, "central-prescription", { PRESC1: ["6"] })).kind).toBe("invalid");
    expect((await save(leeds, "freedom-to-deliver", { FREE4: ["x".repeat(2001)] })).kind).toBe("invalid");
    expect((await save(leeds, "freedom-to-deliver", { FREE2: ["cloud", "data", "automation", "psn-exit"] })).kind).toBe("invalid");
    expect((await save(leeds, "central-prescription", { PRESC1: ["4"], councilId: ["999"] })).kind).toBe("invalid");
    expect(await counts()).toEqual(before);
  });

  it("starts the response on the first save and audits each item's value before and after", async () => {
    const result = await save(leeds, "central-prescription", { PRESC1: ["4"], PRESC2: ["2"], _intent: ["continue"] });
    expect(result).toEqual({ kind: "saved", next: "sections/audit-and-regulation-load", followUp: null });
    const second = await save(leeds, "central-prescription", { PRESC1: ["5"] });
    expect(second.kind).toBe("saved");
    const audit = await handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "response.section-saved")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const detail = JSON.parse(audit.detail!);
    expect(detail.items.PRESC1).toEqual({ before: "4", after: "5" });
    expect(detail.items.PRESC2).toEqual({ before: "2", after: null });
    expect(audit.actor_user_id).toBe(leeds.id);
    const survey = await loadSurvey(handle.db, leeds, "2026");
    expect(Object.fromEntries(survey.stored)).toEqual({ PRESC1: "5" });
    expect(survey.sections[0]).toMatchObject({ status: "completed", row: { version: 2 } });
  });

  it("refuses a save based on a stale section version, names who changed it and keeps what was typed", async () => {
    const version = await versionOf(leeds, "trust-in-central-government");
    expect((await save(leedsColleague, "trust-in-central-government", { LTC1: ["3"] }, version)).kind).toBe("saved");
    const before = await counts();
    const stale = await save(leeds, "trust-in-central-government", { LTC1: ["8"], LTC2: ["4"] }, version);
    expect(stale).toMatchObject({ kind: "stale", changedBy: "Jo Bloggs", values: { LTC1: ["8"], LTC2: ["4"] } });
    expect(await counts()).toEqual(before);
    expect((await loadSurvey(handle.db, leeds, "2026")).stored.get("LTC1")).toBe("3");
  });

  it("drops a hidden TECH9 the rendered form sent, but refuses it in a crafted post", async () => {
    const crafted = await save(leeds, "technology-readiness", { TECH8: ["certified"], TECH9: ["cost"] });
    expect(crafted).toMatchObject({ kind: "invalid", errors: [{ field: "TECH9" }] });
    const rendered = await save(leeds, "technology-readiness", { TECH8: ["certified"], TECH9: ["cost"], _conditional: ["TECH9"] });
    expect(rendered.kind).toBe("saved");
    expect((await loadSurvey(handle.db, leeds, "2026")).stored.has("TECH9")).toBe(false);
  });

  it("saves Lapsed without TECH9 and asks for TECH9 on the same page", async () => {
    const result = await save(leeds, "technology-readiness", { TECH8: ["lapsed"], _conditional: ["TECH9"] });
    expect(result).toMatchObject({ kind: "saved", followUp: "TECH9" });
    const survey = await loadSurvey(handle.db, leeds, "2026");
    expect(survey.sections.find((s) => s.id === "C")!.status).toBe("in-progress");
    expect((await save(leeds, "technology-readiness", { TECH8: ["lapsed"], TECH9: ["capacity"], _conditional: ["TECH9"] })).kind).toBe("saved");
  });

  it("refuses to submit while a section is incomplete", async () => {
    const result = await submitSurvey(handle.db, leeds, {
      waveSlug: "2026",
      fields: { declaration: ["yes"], _version: [String(await responseVersion(leeds))] },
    });
    expect(result.kind).toBe("invalid");
    expect((await counts()).versions).toBe(0);
  });

  it("submits once when the same submit is posted twice, and refuses without the declaration", async () => {
    for (const [slug, fields] of Object.entries(COMPLETE)) expect((await save(leeds, slug, fields)).kind).toBe("saved");
    const version = String(await responseVersion(leeds));
    expect((await submitSurvey(handle.db, leeds, { waveSlug: "2026", fields: { _version: [version] } })).kind).toBe("invalid");
    const [first, second] = await Promise.all([
      submitSurvey(handle.db, leeds, { waveSlug: "2026", fields: { declaration: ["yes"], _version: [version] } }),
      submitSurvey(handle.db, leeds, { waveSlug: "2026", fields: { declaration: ["yes"], _version: [version] } }),
    ]);
    expect([first.kind, second.kind]).toEqual(["submitted", "submitted"]);
    const again = await submitSurvey(handle.db, leeds, { waveSlug: "2026", fields: { declaration: ["yes"], _version: [version] } });
    expect(again.kind).toBe("submitted");
    expect((await counts()).versions).toBe(1);
    await expect(save(leeds, "central-prescription", { PRESC1: ["1"] })).rejects.toMatchObject({ status: 409 });
  });

  it("keeps the first submission when the council amends and resubmits", async () => {
    await amendSurvey(handle.db, leeds, { waveSlug: "2026" });
    expect((await loadSurvey(handle.db, leeds, "2026")).response!.status).toBe("in_progress");
    expect((await save(leeds, "central-prescription", { PRESC1: ["1"] })).kind).toBe("saved");
    const version = String(await responseVersion(leeds));
    expect((await submitSurvey(handle.db, leeds, { waveSlug: "2026", fields: { declaration: ["yes"], _version: [version] } })).kind).toBe("submitted");
    const versions = await handle.db.selectFrom("response_versions").select(["submission_number", "answers"]).orderBy("submission_number").execute();
    expect(versions.map((v) => v.submission_number)).toEqual([1, 2]);
    expect(JSON.parse(versions[0]!.answers).PRESC1).toBe("4");
    expect(JSON.parse(versions[1]!.answers).PRESC1).toBe("1");
    expect((await loadSurvey(handle.db, leeds, "2026")).response!.submission_count).toBe(2);
    // The scores stored by the submit (from the answers it had read) equal scoring the stored answers afresh.
    const responseId = (await loadSurvey(handle.db, leeds, "2026")).response!.id;
    const { computed_at: _at, ...stored } = await handle.db
      .selectFrom("response_scores")
      .selectAll()
      .where("response_id", "=", responseId)
      .executeTakeFirstOrThrow();
    await saveResponseScores(handle.db, responseId);
    const { computed_at: _again, ...fresh } = await handle.db
      .selectFrom("response_scores")
      .selectAll()
      .where("response_id", "=", responseId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual(fresh);
    expect((JSON.parse(stored.item_values) as { PRESC: (number | null)[] }).PRESC.some((v) => v !== null)).toBe(true);
  });

  it("stores at most one submission per response version, as a database rule", async () => {
    const responseId = (await loadSurvey(handle.db, leeds, "2026")).response!.id;
    const first = await handle.db
      .selectFrom("response_versions")
      .selectAll()
      .where("response_id", "=", responseId)
      .orderBy("submission_number")
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = first;
    await expect(
      handle.db
        .insertInto("response_versions")
        .values({ ...copy, submission_number: 99 })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("never touches another council's response", async () => {
    const leedsBefore = Object.fromEntries((await loadSurvey(handle.db, leeds, "2026")).stored);
    expect((await loadSurvey(handle.db, cardiff, "2026")).response).toBeNull();
    const leedsResponseId = String((await loadSurvey(handle.db, leeds, "2026")).response!.id);
    expect((await save(cardiff, "central-prescription", { PRESC1: ["2"], responseId: [leedsResponseId] })).kind).toBe("invalid");
    expect((await save(cardiff, "central-prescription", { PRESC1: ["2"] })).kind).toBe("saved");
    expect(Object.fromEntries((await loadSurvey(handle.db, leeds, "2026")).stored)).toEqual(leedsBefore);
  });

  it("starts a new wave from last wave's submitted answers as sections to check and confirm", async () => {
    const db = handle.db;
    await db.updateTable("waves").set({ status: "published" }).where("slug", "=", "2026").execute();
    await db.updateTable("waves").set({ status: "open" }).where("slug", "=", "2027").execute();
    const survey = await loadSurvey(db, leeds, "2027");
    expect(survey.previousWave).toEqual({ title: "2026 survey" });
    await startSurvey(db, leeds, { waveSlug: "2027", prefill: true });
    const started = await loadSurvey(db, leeds, "2027");
    expect(started.sections.map((s) => s.status)).toEqual(["check", "check", "check", "check", "check", "check"]);
    expect(started.stored.get("PRESC1")).toBe("1");
    expect(started.stored.get("FREE2")).toBe("cloud;data");
    const submit = await submitSurvey(db, leeds, { waveSlug: "2027", fields: { declaration: ["yes"], _version: [String(started.response!.version)] } });
    expect(submit.kind).toBe("invalid");
    await db.updateTable("waves").set({ status: "draft" }).where("slug", "=", "2027").execute();
    await db.updateTable("waves").set({ status: "open" }).where("slug", "=", "2026").execute();
  });

  it("refuses every change to a closed wave and hides draft and unknown waves", async () => {
    const db = handle.db;
    await db.updateTable("waves").set({ status: "closed" }).where("slug", "=", "2026").execute();
    const before = await counts();
    await expect(save(cardiff, "central-prescription", { PRESC1: ["3"] })).rejects.toMatchObject({ status: 409 });
    await expect(amendSurvey(db, leeds, { waveSlug: "2026" })).rejects.toMatchObject({ status: 409 });
    await expect(submitSurvey(db, cardiff, { waveSlug: "2026", fields: { declaration: ["yes"], _version: ["1"] } })).rejects.toMatchObject({ status: 409 });
    await expect(startSurvey(db, cardiff, { waveSlug: "2026", prefill: false })).rejects.toMatchObject({ status: 409 });
    await expect(loadSurvey(db, leeds, "2027")).rejects.toMatchObject({ status: 404 });
    await expect(loadSurvey(db, leeds, "1999")).rejects.toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
    expect(getCurrentInstrument().sections).toHaveLength(6);
  });
});
