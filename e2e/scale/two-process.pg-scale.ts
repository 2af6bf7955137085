// Two app processes on one PostgreSQL database: a session, a save and a
// submission made through one are seen through the other, and concurrent saves of one section
// through both keep the no-lost-update rule. Runs in `npm test` when TEST_DATABASE_URL is postgres://.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropHiddenAnswers } from "../../app/domain/answers";
import { getInstrument } from "../../app/domain/instruments";
import { councilProfile, demoAnswers } from "../../cli/seed/demo-answers";
import { DEMO_PASSWORD } from "../../cli/seed/demo";
import { seededRandom } from "../../cli/seed/random";
import { dropPostgresDatabase, freshPostgresDatabase, postForm, startServer, type RunningServer } from "../../scripts/bench/lib";

const base = process.env.TEST_DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(base)) throw new Error("The two-process test needs TEST_DATABASE_URL=postgres://…");
const NAME = "localtrust_two_process";
const SECTION_ROUTE = "routes/surveys.$waveSlug.sections.$sectionSlug";

describe("two app processes on one PostgreSQL database", () => {
  let one: RunningServer;
  let two: RunningServer;
  let cookie: string;
  const wave = String(new Date().getUTCFullYear());
  const instrument = getInstrument(1);
  const answers = dropHiddenAnswers(instrument, demoAnswers(instrument, councilProfile(seededRandom(7), "MD"), seededRandom(8)));
  const fieldsOf = (sectionIndex: number, version: number) => {
    const fields: Record<string, string[]> = { _version: [String(version)], _intent: ["continue"] };
    for (const item of instrument.sections[sectionIndex]!.items) {
      const value = answers.get(item.id);
      if (value !== undefined) fields[item.id] = Array.isArray(value) ? value : [value];
    }
    return fields;
  };
  const sectionData = async (server: RunningServer, slug: string) => {
    const res = await fetch(`${server.url}/surveys/${wave}/sections/${slug}?_data=${encodeURIComponent(SECTION_ROUTE)}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as { version: number; values: Record<string, string[]> };
  };

  beforeAll(async () => {
    const url = await freshPostgresDatabase(base, NAME);
    one = await startServer({ databaseUrl: url, env: { DEMO_SEED: "true" } });
    two = await startServer({ databaseUrl: url, env: { DEMO_SEED: "false" } });
  }, 180_000);

  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await dropPostgresDatabase(base, NAME);
  });

  it("a session made through one process is valid on the other", async () => {
    const res = await fetch(`${one.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: one.url },
      body: new URLSearchParams({ email: "it.manager@leeds.example", password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(302);
    cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^__Host-localtrust_session=/);
    const page = await fetch(`${two.url}/surveys`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Leeds");
  });

  it("a section save through one is seen through the other", async () => {
    const slug = instrument.sections[0]!.slug;
    const saved = await postForm(`${one.url}/surveys/${wave}/sections/${slug}`, fieldsOf(0, 0), cookie);
    expect(saved.status).toBe(302);
    const seen = await sectionData(two, slug);
    expect(seen.version).toBe(1);
    for (const item of instrument.sections[0]!.items) {
      const value = answers.get(item.id);
      if (value !== undefined) expect(seen.values[item.id]).toEqual(Array.isArray(value) ? value : [value]);
    }
  });

  it("concurrent saves of one section through both processes: one succeeds, the other gets 409", async () => {
    const slug = instrument.sections[1]!.slug;
    for (let round = 0; round < 5; round++) {
      const { version } = await sectionData(one, slug);
      const [a, b] = await Promise.all([
        postForm(`${one.url}/surveys/${wave}/sections/${slug}`, fieldsOf(1, version), cookie),
        postForm(`${two.url}/surveys/${wave}/sections/${slug}`, fieldsOf(1, version), cookie),
      ]);
      expect([a.status, b.status].sort()).toEqual([302, 409]);
      expect((await sectionData(two, slug)).version).toBe(version + 1);
    }
  });

  it("a submission through one is seen through the other", async () => {
    for (let i = 2; i < instrument.sections.length; i++) {
      const slug = instrument.sections[i]!.slug;
      const { version } = await sectionData(two, slug);
      expect((await postForm(`${two.url}/surveys/${wave}/sections/${slug}`, fieldsOf(i, version), cookie)).status).toBe(302);
    }
    const check = (await (
      await fetch(`${two.url}/surveys/${wave}/check?_data=${encodeURIComponent("routes/surveys.$waveSlug.check")}`, { headers: { Cookie: cookie } })
    ).json()) as {
      response: { version: number };
      allComplete: boolean;
    };
    expect(check.allComplete).toBe(true);
    const submitted = await postForm(`${one.url}/surveys/${wave}/submit`, { _version: String(check.response.version), declaration: "yes" }, cookie);
    expect(submitted.status).toBe(302);
    expect(submitted.location).toBe(`/surveys/${wave}/confirmation`);
    const res = await fetch(`${two.url}/surveys/${wave}/confirmation?_data=${encodeURIComponent("routes/surveys.$waveSlug.confirmation")}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(200);
    const confirmation = (await res.json()) as { reference: string; submissions: number };
    expect(confirmation.submissions).toBe(1);
    expect(confirmation.reference).toMatch(/^LT-/);
  });
});
