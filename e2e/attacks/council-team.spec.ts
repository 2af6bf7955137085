import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { sqlAll, sqlOne } from "../database";
import { accounts, expectAccessible, signIn } from "../helpers";
import { signInOver, STRONG_PASSWORD } from "./support";

// The council team (decision 026). Before it, staff who posted
// /invitations/new with their own address, role respondent and Cardiff's council got a link, and
// accepting it read Cardiff's answers.

const cardiffId = async () => (await sqlOne<{ id: number }>("select id from councils where name = ?", [accounts.cardiff.council]))!.id;
const invitationLinks = (html: string) => [...html.matchAll(/\/invite\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);

async function staffInvites(request: APIRequestContext, email: string, council: number) {
  const response = await request.post("/invitations/new", { form: { email, role: "respondent", council: String(council) }, maxRedirects: 0 });
  return { status: response.status(), html: await response.text() };
}

test("staff cannot reach a council's answers by any invitation path", async ({ request, playwright, baseURL }) => {
  const council = await cardiffId();
  await signInOver(request, accounts.staff.email);
  // The exact probe: their own address (it has an account, so it is refused outright)…
  const own = await staffInvites(request, accounts.staff.email, council);
  expect(own.status).toBe(400);
  expect(invitationLinks(own.html)).toEqual([]);
  // …and an address of their own that has no account: the invitation waits for Cardiff's lead, with no link.
  const personal = await staffInvites(request, "tom.hughes.personal@mail.example", council);
  expect(personal.status).toBe(200);
  expect(personal.html).toContain("already has a team, so its lead must approve");
  expect(invitationLinks(personal.html)).toEqual([]);
  const row = (await sqlOne<{ id: number; approval: string }>("select id, approval from invitations where email = ?", ["tom.hughes.personal@mail.example"]))!;
  expect(row.approval).toBe("waiting");
  // Re-sending would make a link for staff: refused, for staff and for an admin.
  const resend = await request.post("/invitations", { form: { intent: "resend", id: String(row.id) } });
  expect(resend.status()).toBe(404);
  expect(invitationLinks(await resend.text())).toEqual([]);
  const admin = await playwright.request.newContext({ baseURL });
  await signInOver(admin, accounts.admin.email);
  const adminResend = await admin.post("/invitations", { form: { intent: "resend", id: String(row.id) } });
  expect([302, 404]).toContain(adminResend.status());
  expect(invitationLinks(await adminResend.text())).toEqual([]);
  // The team page and its actions are the council's own: staff get 403 and approve nothing.
  expect((await request.get("/team", { maxRedirects: 0 })).status()).toBe(403);
  expect((await request.post("/team", { form: { intent: "approve", id: String(row.id) }, maxRedirects: 0 })).status()).toBe(403);
  // Nothing was made that can sign in, and the invitation is still waiting.
  expect(await sqlAll("select id from users where email = ?", ["tom.hughes.personal@mail.example"])).toEqual([]);
  expect(await sqlOne<{ approval: string; accepted_at: string | null }>("select approval, accepted_at from invitations where id = ?", [row.id])).toEqual({
    approval: "waiting",
    accepted_at: null,
  });
  // Cleared up so the lead's page in the next test lists only what it makes.
  expect((await request.post("/invitations", { form: { intent: "revoke", id: String(row.id) } })).status()).toBe(200);
});

async function leadPage(page: Page) {
  await signIn(page, accounts.cardiff.email);
  await expect(page).toHaveURL(/\/surveys$/);
}

test("the council's lead approves one waiting colleague and refuses another, and removing a colleague ends their sessions at once", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const council = await cardiffId();
  await signInOver(request, accounts.staff.email);
  for (const email of ["approve.me@cardiff.example", "refuse.me@cardiff.example"])
    expect(invitationLinks((await staffInvites(request, email, council)).html)).toEqual([]);

  // The lead is told on signing in.
  await leadPage(page);
  await expect(page.getByTestId("team-waiting")).toContainText("2 people are waiting for your approval");
  await page.getByRole("link", { name: "Approve or refuse them" }).click();
  await expect(page.getByRole("heading", { name: "Your council's team" })).toBeVisible();
  await page.getByRole("button", { name: "Refuse refuse.me@cardiff.example" }).click();
  await expect(page.getByRole("status")).toContainText("You refused the invitation for refuse.me@cardiff.example");
  await page.getByRole("button", { name: "Approve approve.me@cardiff.example" }).click();
  const link = await page.getByTestId("issued-link").textContent();
  const token = invitationLinks(link ?? "")[0]!;
  expect(token).toBeTruthy();
  expect((await sqlOne<{ approval: string }>("select approval from invitations where email = ?", ["refuse.me@cardiff.example"]))!.approval).toBe("refused");

  // The approved colleague joins and sees Cardiff's surveys.
  const colleague = await playwright.request.newContext({ baseURL });
  const accepted = await colleague.post(`/invite/${token}`, { form: { name: "Approved Colleague", password: STRONG_PASSWORD }, maxRedirects: 0 });
  expect(accepted.status()).toBe(302);
  expect(await (await colleague.get("/surveys")).text()).toContain(accounts.cardiff.council);
  const second = await playwright.request.newContext({ baseURL });
  await signInOver(second, "approve.me@cardiff.example", STRONG_PASSWORD);
  const colleagueId = (await sqlOne<{ id: number }>("select id from users where email = ?", ["approve.me@cardiff.example"]))!.id;
  expect(Number((await sqlOne<{ n: number }>("select count(*) as n from sessions where user_id = ?", [colleagueId]))!.n)).toBe(2);

  // The lead removes them: both sessions end on the spot.
  await page.goto("/team");
  await page.getByRole("button", { name: "Remove from team Approved Colleague" }).click();
  await expect(page.getByRole("status")).toContainText("Approved Colleague was removed");
  expect(Number((await sqlOne<{ n: number }>("select count(*) as n from sessions where user_id = ?", [colleagueId]))!.n)).toBe(0);
  for (const context of [colleague, second]) {
    const next = await context.get("/surveys", { maxRedirects: 0 });
    expect(next.status()).toBe(302);
    expect(next.headers()["location"]).toMatch(/^\/login/);
  }
  // The team history shows each change, and the audit log holds them.
  const history = page.getByTestId("history");
  for (const line of [
    "Rhian Evans removed Approved Colleague from the team",
    "Approved Colleague joined the team",
    "Rhian Evans approved the invitation for approve.me@cardiff.example",
    "Rhian Evans refused the invitation for refuse.me@cardiff.example",
    "The association asked to add approve.me@cardiff.example",
  ]) {
    await expect(history).toContainText(line);
  }
  const audited = await sqlAll<{ action: string }>("select action from audit_log where target_type = 'council' and target_id = ? order by id", [
    String(council),
  ]);
  expect(audited.map((r) => r.action)).toEqual(
    expect.arrayContaining(["team.invitation-waiting", "team.invitation-approved", "team.invitation-refused", "team.joined", "team.removed"]),
  );
});

test.describe("the team page at 320 px", () => {
  test.use({ viewport: { width: 320, height: 800 } });
  test("passes axe and does not scroll sideways, with an error and with a long address; works without JavaScript", async ({ page, browser }) => {
    // Two browsers, three sign-ins and two axe runs: about 10 s on an idle machine, more under load.
    test.setTimeout(120_000);
    const long = "a.rather.long.email.address.for.a.colleague@cardiff-council.example";
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    await leadPage(page);
    await page.goto("/team");
    await expectAccessible(page);
    expect(await width()).toBeLessThanOrEqual(320);
    await page.getByLabel("Colleague's email address").fill("not an email");
    await page.getByRole("button", { name: "Invite colleague" }).click();
    await expect(page.getByText("There is a problem")).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("Colleague's email address").fill(long);
    await page.getByRole("button", { name: "Invite colleague" }).click();
    await expect(page.getByTestId("issued-link")).toBeVisible();
    await expect(page.getByTestId("pending")).toContainText(long);
    expect(await width()).toBeLessThanOrEqual(320);
    await page.screenshot({ path: ".cache/team-320.png", fullPage: true });

    // axe needs JavaScript; the page is used with it off as well.
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const plain = await noJs.newPage();
    await leadPage(plain);
    await plain.goto("/team");
    await plain.getByLabel("Colleague's email address").fill("no.js.colleague@cardiff.example");
    await plain.getByRole("button", { name: "Invite colleague" }).click();
    await expect(plain.getByTestId("issued-link")).toBeVisible();
    await plain.screenshot({ path: ".cache/team-320-no-js.png", fullPage: true });
    for (const email of [long, "no.js.colleague@cardiff.example"]) {
      await plain.getByRole("button", { name: `Revoke the invitation for ${email}` }).click();
      await expect(plain.getByRole("status")).toContainText(`The invitation for ${email} was revoked`);
    }
    await noJs.close();
  });
});
