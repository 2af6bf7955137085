import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { headers as reportHeaders, loader as reportLoader } from "../routes/surveys.$waveSlug.report";
import { listAudit } from "../models/audit.server";
import { hasBenchmarkFigures } from "../models/benchmark.server";
import { applyCouncilRegister } from "../models/council.server";
import { listReleases } from "../models/data-release.server";
import { createUser } from "../models/user.server";
import { getWaveBySlug } from "../models/wave.server";
import { startSession } from "./auth.server";
import { loadBenchmarkReport } from "./benchmark-report.server";
import { importHistoricalResponses } from "./import-responses.server";
import { finishPublishing, publishWave, unfinishedPublishing } from "./publishing.server";
import { markWavePublished, type ChangeContext } from "./wave-admin.server";

// Publishing is one service call (decision 070): the move to published, then the open-data
// release, then the benchmark figures, each step skipped when done. Between the move and the
// figures a council's report is "being prepared": the page answers 503 with Retry-After.

const OPEN_DATA = { licenceId: "OGL-UK-3.0", publisher: "LocalTrust" };
const code = (i: number) => `E08${String(i).padStart(6, "0")}`;
const COUNCILS = Array.from({ length: 12 }, (_, i) => ({
  gssCode: code(i + 1),
  name: `Metropolitan ${i + 1}`,
  type: "MD",
  region: "Yorkshire and The Humber",
  nation: "England",
}));
const csv = () =>
  [
    ["gss_code", ...[1, 2, 3, 4, 5, 6].map((k) => `PRESC${k}`), "LTC1", "PCT1"].join(","),
    ...COUNCILS.map((c, i) => [c.gssCode, ...Array<string>(6).fill(String((i % 5) + 1)), String(i % 11), String((i + 3) % 11)].join(",")),
  ].join("\n") + "\n";

describe(`publishing a wave on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let context: ChangeContext;
  let councilId: number;
  let cookie: string;
  const ctx = () => ({ db: handle.db, dialect: handle.dialect });

  /**
   * The report page's loader, as the router calls it, for the signed-in respondent. The page reads the
   * app's database (getDb), so the test's is the app's while it runs — only then: as the app's, a SQLite
   * file would have publishing build in worker threads, which this test does not set out to measure.
   */
  const reportPage = async (slug: string) => {
    const request = new Request(`http://localhost/surveys/${slug}/report`, { headers: { Cookie: cookie } });
    globalThis.__localtrustDb = handle;
    try {
      return await reportLoader({ request, params: { waveSlug: slug }, context: {} });
    } finally {
      globalThis.__localtrustDb = undefined;
    }
  };
  const importWave = async (slug: string) =>
    expect(
      await importHistoricalResponses(handle.db, context, { slug, fieldwork: { opensOn: `${slug}-10-01`, closesOn: `${slug}-12-01` }, text: csv() }),
    ).toMatchObject({ ok: true, imported: COUNCILS.length });
  const state = async (slug: string) => {
    const wave = (await getWaveBySlug(handle.db, slug))!;
    return {
      status: wave.status,
      releases: (await listReleases(handle.db, wave.id)).length,
      figures: await hasBenchmarkFigures(handle.db, wave.id),
      published: (await listAudit(handle.db, { action: "wave.published" })).filter((e) => e.target_id === String(wave.id)).length,
    };
  };

  beforeAll(async () => {
    process.env.SESSION_SECRET ??= "publishing-test-session-secret-long-enough-0123";
    handle = await openTestDatabase();
    await applyCouncilRegister(handle.db, COUNCILS, { fullRegister: false });
    const adminId = await createUser(handle.db, { email: "admin@example.org", name: "Admin", passwordHash: null, role: "admin", councilId: null });
    context = { actor: { userId: Number(adminId), email: "admin@example.org", role: "admin", councilId: null }, clientAddress: "127.0.0.1" };
    councilId = (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", code(1)).executeTakeFirstOrThrow()).id;
    const respondent = await createUser(handle.db, { email: "r@metropolitan1.example", name: "Respondent", passwordHash: null, role: "respondent", councilId });
    globalThis.__localtrustDb = handle;
    const headers = await startSession(new Request("http://localhost/login", { method: "POST" }), Number(respondent), { mfaVerified: false });
    globalThis.__localtrustDb = undefined;
    cookie = headers.get("Set-Cookie")!.split(";")[0]!;
  }, 60_000);
  afterAll(async () => {
    await handle.dispose();
  });

  it("publishes in one call: published, one audit record, its first release and its figures; the report is 200", async () => {
    await importWave("2021");
    expect(await publishWave(ctx(), context, "2021", OPEN_DATA)).toEqual({ ok: true, slug: "2021" });
    expect(await state("2021")).toEqual({ status: "published", releases: 1, figures: true, published: 1 });
    expect(await unfinishedPublishing(handle.db, (await getWaveBySlug(handle.db, "2021"))!)).toBeNull();
    const page = await reportPage("2021");
    expect(page.status).toBe(200);
    expect(page.headers.get("Retry-After")).toBeNull();
    expect(((await page.json()) as { status: string }).status).toBe("ok");
  });

  it("publishing a finished wave again, or a wave that is not closed, changes nothing", async () => {
    expect(await publishWave(ctx(), context, "2021", OPEN_DATA)).toEqual({
      ok: false,
      published: true,
      message: "Close the wave before publishing it; a published wave cannot be changed. This wave is published.",
    });
    expect(await state("2021")).toEqual({ status: "published", releases: 1, figures: true, published: 1 });
    expect(await publishWave(ctx(), context, "no-such-wave", OPEN_DATA)).toMatchObject({ ok: false, published: false });
  });

  it("between the move and the figures the report is being prepared: 503 with Retry-After, then 200 once publishing finishes", async () => {
    await importWave("2022");
    // Step 1 alone, as publishWave runs it: the state every council sees until the figures are stored.
    expect(await markWavePublished(handle.db, context, "2022")).toEqual({ ok: true, slug: "2022" });
    const wave = (await getWaveBySlug(handle.db, "2022"))!;
    expect(await unfinishedPublishing(handle.db, wave)).toEqual({ release: true, figures: true });
    expect(await loadBenchmarkReport(handle.db, councilId, "2022")).toEqual({ status: "preparing", wave: { slug: "2022", title: wave.title } });
    const preparing = await reportPage("2022");
    expect(preparing.status).toBe(503);
    expect(preparing.headers.get("Retry-After")).toBe("60");
    expect(preparing.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await preparing.json()).toEqual({ status: "preparing", wave: { slug: "2022", title: wave.title } });
    // The document takes them from the loader (a route's headers are its own to give).
    const document = new Headers(
      reportHeaders({ loaderHeaders: preparing.headers, parentHeaders: new Headers(), actionHeaders: new Headers(), errorHeaders: undefined }),
    );
    expect([document.get("Retry-After"), document.get("Cache-Control")]).toEqual(["60", "private, no-store"]);

    expect(await finishPublishing(ctx(), "2022", OPEN_DATA)).toEqual({ ok: true, slug: "2022" });
    expect(await state("2022")).toEqual({ status: "published", releases: 1, figures: true, published: 1 });
    const ready = await reportPage("2022");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("Retry-After")).toBeNull();
    const body = (await ready.json()) as { status: string; report: { council: { gssCode: string }; wave: { slug: string } } };
    expect(body).toMatchObject({ status: "ok", report: { council: { gssCode: code(1) }, wave: { slug: "2022" } } });
  });

  it("a failure in the second step (the release) leaves the wave published and unfinished; publishing again finishes it, once", async () => {
    await importWave("2023");
    const failed = await publishWave(ctx(), context, "2023", { licenceId: "no-such-licence", publisher: "LocalTrust" });
    expect(failed).toEqual({
      ok: false,
      published: true,
      message: expect.stringMatching(
        /^The wave is published, but its open data could not be released: Unknown licence no-such-licence\. .*publish again to finish$/,
      ),
    });
    // Final from the first step on (no submission, amendment, import or reopening), with neither the release nor the figures.
    expect(await state("2023")).toEqual({ status: "published", releases: 0, figures: false, published: 1 });
    expect(await unfinishedPublishing(handle.db, (await getWaveBySlug(handle.db, "2023"))!)).toEqual({ release: true, figures: true });
    expect(await importHistoricalResponses(handle.db, context, { slug: "2023", fieldwork: { opensOn: null, closesOn: null }, text: csv() })).toMatchObject({
      ok: false,
    });
    expect((await reportPage("2023")).status).toBe(503);

    expect(await publishWave(ctx(), context, "2023", OPEN_DATA)).toEqual({ ok: true, slug: "2023" });
    // The move is not made or audited twice; the release is the first (seq 1).
    expect(await state("2023")).toEqual({ status: "published", releases: 1, figures: true, published: 1 });
    expect((await listReleases(handle.db, (await getWaveBySlug(handle.db, "2023"))!.id)).map((r) => r.seq)).toEqual([1]);
    expect((await reportPage("2023")).status).toBe(200);
    // Finishing a finished wave does nothing more.
    expect(await finishPublishing(ctx(), "2023", OPEN_DATA)).toEqual({ ok: true, slug: "2023" });
    expect(await state("2023")).toEqual({ status: "published", releases: 1, figures: true, published: 1 });
  });
});
