import { expect, test } from "@playwright/test";
import { accounts } from "../helpers";
import { appRoutes, concrete, councilIdByOffset, countAudit, inviteOver, signInOver, STRONG_PASSWORD, withE2eDatabase } from "./support";

// The respondent routes take the council from the session, never from the URL or the form. Council
// A (a council of its own, so the other specs' Leeds and Cardiff journeys are untouched) names council B's (Cardiff's) response, section, submission and version ids in every
// respondent form and query string; B's rows must not change and A must never see B's data.
function councilData(councilName: string) {
  return withE2eDatabase((db) => {
    const council = db.prepare("select id from councils where name = ?").get(councilName) as { id: number };
    const responses = db.prepare("select * from responses where council_id = ? order by id").all(council.id) as { id: number; reference: string }[];
    const ids = responses.map((r) => r.id);
    const inList = ids.length ? ids.join(",") : "-1";
    return {
      councilId: council.id,
      responseIds: ids,
      references: responses.map((r) => r.reference),
      versionIds: (db.prepare(`select id from response_versions where response_id in (${inList})`).all() as { id: number }[]).map((r) => r.id),
      snapshot: JSON.stringify([
        responses,
        db.prepare(`select * from answers where response_id in (${inList}) order by 1, 2`).all(),
        db.prepare(`select * from response_sections where response_id in (${inList}) order by 1, 2`).all(),
        db.prepare(`select * from response_versions where response_id in (${inList}) order by id`).all(),
      ]),
    };
  });
}

const respondentRoutes = appRoutes().filter((r) => r.path.startsWith("/surveys"));

test("council A's respondent naming council B's ids in every respondent route, query and form changes and reveals nothing of B", async ({
  request,
  playwright,
  baseURL,
}) => {
  const b = councilData(accounts.cardiff.council);
  expect(b.responseIds.length, "Cardiff has responses in the demo").toBeGreaterThan(0);
  await signInOver(request, accounts.staff.email);
  const token = await inviteOver(request, "council.a@example.org", "respondent", String(councilIdByOffset(11).id));
  request = await playwright.request.newContext({ baseURL });
  expect((await request.post(`/invite/${token}`, { form: { name: "Council A", password: STRONG_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);
  const bIds = {
    councilId: String(b.councilId),
    council_id: String(b.councilId),
    responseId: String(b.responseIds[0]),
    response_id: String(b.responseIds[0]),
    versionId: String(b.versionIds[0] ?? b.responseIds[0]),
    submissionId: String(b.versionIds[0] ?? b.responseIds[0]),
    sectionId: "central-prescription",
    reference: b.references[0] ?? "",
    status: "submitted",
    role: "admin",
  };
  for (const wave of ["2026", "2025"]) {
    for (const route of respondentRoutes) {
      const url = concrete(route.path, { waveSlug: wave, sectionSlug: "central-prescription", submissionId: bIds.submissionId });
      // The reference stays out of the URL: Remix echoes the URL into the page's data.
      const { reference: _reference, ...inQuery } = bIds;
      const query = `?${new URLSearchParams(inQuery)}`;
      if (route.hasLoader) {
        const response = await request.get(url + query, { maxRedirects: 0 });
        expect(response.status(), `GET ${url}`).toBeLessThan(500);
        const body = await response.text();
        expect(body, `GET ${url} shows nothing of Cardiff`).not.toContain(accounts.cardiff.council);
        for (const reference of b.references) expect(body).not.toContain(reference);
      }
      if (route.hasAction) {
        const response = await request.post(url + query, {
          form: { ...bIds, _intent: "later", PRESC1: "1", declaration: "yes", version: "1" },
          maxRedirects: 0,
        });
        expect(response.status(), `POST ${url}`).toBeLessThan(500);
      }
    }
  }
  expect(councilData(accounts.cardiff.council).snapshot).toBe(b.snapshot);
});

test("a respondent asking for a wave or section that does not exist gets 404", async ({ request }) => {
  await signInOver(request, accounts.leeds.email);
  for (const url of ["/surveys/1999", "/surveys/1999/check", "/surveys/2026/sections/no-such-section", `/surveys/2026/sections/..%2F..%2Fadmin`]) {
    expect((await request.get(url, { maxRedirects: 0 })).status(), url).toBe(404);
  }
});

test("a respondent can read their own council's earlier submission, and another council's answers 404 and is audited", async ({ request }) => {
  const leeds = councilData(accounts.leeds.council);
  const cardiff = councilData(accounts.cardiff.council);
  expect(leeds.versionIds.length, "Leeds submitted last year in the demo").toBeGreaterThan(0);
  expect(cardiff.versionIds.length, "Cardiff submitted last year in the demo").toBeGreaterThan(0);
  await signInOver(request, accounts.leeds.email);
  const own = await request.get(`/surveys/submissions/${leeds.versionIds[0]}`, { maxRedirects: 0 });
  expect(own.status()).toBe(200);
  expect(await own.text()).toMatch(/<title>Submission 1 – /);
  const before = countAudit("access.other-council-refused");
  for (const id of cardiff.versionIds) {
    const other = await request.get(`/surveys/submissions/${id}`, { maxRedirects: 0 });
    expect(other.status(), `Cardiff's submission ${id}`).toBe(404);
    expect(await other.text()).not.toContain(accounts.cardiff.council);
  }
  expect(countAudit("access.other-council-refused")).toBe(before + cardiff.versionIds.length);
  // An id that does not exist answers the same 404, without an audit entry to tell them apart by.
  expect((await request.get("/surveys/submissions/99999999", { maxRedirects: 0 })).status()).toBe(404);
  expect(countAudit("access.other-council-refused")).toBe(before + cardiff.versionIds.length);
});
