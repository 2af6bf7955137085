import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister } from "../models/council.server";
import { createSession } from "../models/session.server";
import { findUsableInvitation, hashInvitationToken, insertInvitation, newInvitationToken } from "../models/invitation.server";
import { createUser, getUserWithCouncil } from "../models/user.server";
import { hashPassword } from "./password.server";
import type { SignedInUser } from "./auth.server";

// The council team (decision 026), through the services on a real database.
// Before this change a member of staff's invitation to a council with a team gave a working link.

const PASSWORD = "a long and unusual passphrase 42";

function request(path = "/team") {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { "X-LocalTrust-Client-Address": "127.0.0.1" } });
}

function tokenOf(link: string): string {
  return /\/invite\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;
}

describe(`the council team on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let cardiff: number;
  let leeds: number;
  let york: number;
  let staff: SignedInUser;
  let admin: SignedInUser;
  let passwordHash: string;
  let invitations: typeof import("./invitations.server");
  let team: typeof import("./team.server");

  async function signedIn(id: number): Promise<SignedInUser> {
    return { ...(await getUserWithCouncil(handle.db, id))!, sessionMfaVerified: true };
  }
  async function member(id: number) {
    const user = await signedIn(id);
    return { ...user, councilId: user.councilId!, councilName: user.councilName! };
  }
  async function joined(email: string, councilId: number, createdAt?: string) {
    const id = await createUser(handle.db, { email, name: email.split("@")[0]!, passwordHash, role: "respondent", councilId });
    if (createdAt) await handle.db.updateTable("users").set({ created_at: createdAt }).where("id", "=", id).execute();
    return id;
  }
  const leadOf = async (councilId: number) =>
    (await handle.db.selectFrom("councils").select("lead_user_id").where("id", "=", councilId).executeTakeFirstOrThrow()).lead_user_id;
  const history = async (councilId: number) => (await team.teamPage(await member((await leadOf(councilId))!))).history;
  const actions = async (councilId: number) =>
    (
      await handle.db
        .selectFrom("audit_log")
        .select("action")
        .where("target_type", "=", "council")
        .where("target_id", "=", String(councilId))
        .orderBy("id")
        .execute()
    ).map((r) => r.action);

  beforeAll(async () => {
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    invitations = await import("./invitations.server");
    team = await import("./team.server");
    await applyCouncilRegister(
      handle.db,
      [
        { gssCode: "W06000015", name: "City of Cardiff Council", type: "UA", region: "Wales", nation: "Wales" },
        { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },
        { gssCode: "E06000014", name: "City of York Council", type: "UA", region: "Yorkshire and The Humber", nation: "England" },
        { gssCode: "W06000022", name: "Newport City Council", type: "UA", region: "Wales", nation: "Wales" },
      ],
      { fullRegister: false },
    );
    const ids = Object.fromEntries((await handle.db.selectFrom("councils").select(["id", "gss_code"]).execute()).map((c) => [c.gss_code, c.id]));
    [cardiff, leeds, york] = [ids.W06000015!, ids.E08000035!, ids.E06000014!];
    passwordHash = await hashPassword(PASSWORD);
    staff = await signedIn(
      await createUser(handle.db, { email: "staff@association.example", name: "Stan Staff", passwordHash, role: "staff", councilId: null }),
    );
    admin = await signedIn(
      await createUser(handle.db, { email: "admin@association.example", name: "Ada Admin", passwordHash, role: "admin", councilId: null }),
    );
  }, 60_000);
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });

  it("seats the association's first respondent as the lead, and the team history says so", async () => {
    const outcome = await invitations.inviteUser(request("/invitations/new"), staff, {
      email: "rhian@cardiff.example",
      role: "respondent",
      councilId: cardiff,
    });
    expect(outcome.ok && outcome.issued).toBeTruthy();
    const accepted = await invitations.acceptInvitation(request(), tokenOf(outcome.ok ? outcome.issued!.link : ""), {
      name: "Rhian Evans",
      password: PASSWORD,
    });
    expect(accepted.ok).toBe(true);
    const rhian = (await handle.db.selectFrom("users").select("id").where("email", "=", "rhian@cardiff.example").executeTakeFirstOrThrow()).id;
    expect(await leadOf(cardiff)).toBe(rhian);
    expect(await actions(cardiff)).toEqual(["team.invited", "team.joined", "team.lead-changed"]);
    expect((await history(cardiff)).map((h) => h.text)).toEqual([
      "Rhian Evans became the lead (the council's first respondent)",
      "Rhian Evans joined the team",
      "The association invited rhian@cardiff.example",
    ]);
  });

  it("staff inviting their own address to a council with a team get no link, and nothing can reach the answers until the lead decides", async () => {
    const outcome = await invitations.inviteUser(request("/invitations/new"), staff, {
      email: "stan.personal@mail.example",
      role: "respondent",
      councilId: cardiff,
    });
    expect(outcome).toMatchObject({ ok: true, issued: null, waiting: { email: "stan.personal@mail.example", councilName: "City of Cardiff Council" } });
    const row = await handle.db.selectFrom("invitations").selectAll().where("email", "=", "stan.personal@mail.example").executeTakeFirstOrThrow();
    expect(row.approval).toBe("waiting");
    // Re-sending (which would hand staff a fresh link) is refused; so is an admin's.
    expect(await invitations.resendInvitation(request("/invitations"), staff, row.id)).toBeNull();
    expect(await invitations.resendInvitation(request("/invitations"), admin, row.id)).toBeNull();
    // Whatever token a waiting invitation carries, it is not usable.
    const known = newInvitationToken();
    await handle.db.updateTable("invitations").set({ token_hash: known.hash }).where("id", "=", row.id).execute();
    expect(await findUsableInvitation(handle.db, known.token, new Date())).toBeUndefined();
    expect((await invitations.acceptInvitation(request(), known.token, { name: "Stan", password: PASSWORD })).ok).toBe(false);
    expect(await handle.db.selectFrom("users").select("id").where("email", "=", "stan.personal@mail.example").executeTakeFirst()).toBeUndefined();
    // The lead is told on the team page and their landing page.
    const lead = await member((await leadOf(cardiff))!);
    expect(await team.waitingForMyApproval(lead)).toBe(1);
    expect((await team.teamPage(lead)).waiting.map((w) => w.email)).toEqual(["stan.personal@mail.example"]);
  });

  it("the lead refuses a waiting colleague: the invitation is dead and cannot be approved afterwards", async () => {
    const lead = await member((await leadOf(cardiff))!);
    const row = await handle.db.selectFrom("invitations").select("id").where("email", "=", "stan.personal@mail.example").executeTakeFirstOrThrow();
    expect(await team.refuseInvitation(request(), lead, row.id)).toMatchObject({ ok: true });
    expect(await team.approveInvitation(request(), lead, row.id)).toMatchObject({ ok: false, status: 404 });
    expect(await team.waitingForMyApproval(lead)).toBe(0);
    expect((await actions(cardiff)).slice(-2)).toEqual(["team.invitation-waiting", "team.invitation-refused"]);
  });

  it("the lead approves a waiting colleague: only then is a link made, and it seats a member, not a lead", async () => {
    const outcome = await invitations.inviteUser(request("/invitations/new"), staff, { email: "owen@cardiff.example", role: "respondent", councilId: cardiff });
    expect(outcome.ok && outcome.waiting).toBeTruthy();
    const id = (await handle.db.selectFrom("invitations").select("id").where("email", "=", "owen@cardiff.example").executeTakeFirstOrThrow()).id;
    const lead = await member((await leadOf(cardiff))!);
    const approved = await team.approveInvitation(request(), lead, id);
    expect(approved.ok && approved.issued).toBeTruthy();
    // Approving twice is refused: one decision, one link.
    expect(await team.approveInvitation(request(), lead, id)).toMatchObject({ ok: false });
    // The association cannot re-send or revoke an approved invitation (a new link would reach staff).
    expect(await invitations.resendInvitation(request("/invitations"), staff, id)).toBeNull();
    expect(await invitations.revokeInvitationAs(request("/invitations"), staff, id)).toBe(false);
    const accepted = await invitations.acceptInvitation(request(), tokenOf(approved.ok ? approved.issued!.link : ""), {
      name: "Owen Price",
      password: PASSWORD,
    });
    expect(accepted.ok).toBe(true);
    expect((await team.teamPage(lead)).members.map((m) => [m.name, m.isLead])).toEqual([
      ["Rhian Evans", true],
      ["Owen Price", false],
    ]);
  });

  it("only the lead approves, refuses, removes or hands over; a colleague can invite and revoke", async () => {
    const owen = await member((await handle.db.selectFrom("users").select("id").where("email", "=", "owen@cardiff.example").executeTakeFirstOrThrow()).id);
    const lead = await member((await leadOf(cardiff))!);
    await invitations.inviteUser(request("/invitations/new"), staff, { email: "third@cardiff.example", role: "respondent", councilId: cardiff });
    const waiting = (await handle.db.selectFrom("invitations").select("id").where("email", "=", "third@cardiff.example").executeTakeFirstOrThrow()).id;
    expect(await team.approveInvitation(request(), owen, waiting)).toMatchObject({ ok: false, status: 403 });
    expect(await team.refuseInvitation(request(), owen, waiting)).toMatchObject({ ok: false, status: 403 });
    expect(await team.revokeTeamInvitation(request(), owen, waiting)).toMatchObject({ ok: false, status: 403 });
    expect(await team.removeColleague(request(), owen, lead.id)).toMatchObject({ ok: false, status: 403 });
    expect(await team.handOverLead(request(), owen, owen.id)).toMatchObject({ ok: false });
    expect(await team.waitingForMyApproval(owen)).toBe(0);
    const invited = await team.inviteColleague(request(), owen, "Fourth@Cardiff.example");
    expect(invited.ok && invited.issued).toBeTruthy();
    expect(await team.inviteColleague(request(), owen, "fourth@cardiff.example")).toMatchObject({ ok: false, field: "email" });
    const fourth = (await handle.db.selectFrom("invitations").select("id").where("email", "=", "fourth@cardiff.example").executeTakeFirstOrThrow()).id;
    // A colleague's invitation is the council's: the association can neither re-send nor revoke it.
    expect(await invitations.resendInvitation(request("/invitations"), admin, fourth)).toBeNull();
    expect(await invitations.revokeInvitationAs(request("/invitations"), admin, fourth)).toBe(false);
    // Staff inviting the same address does not revoke the team's invitation (it waits beside it).
    await invitations.inviteUser(request("/invitations/new"), staff, { email: "fourth@cardiff.example", role: "respondent", councilId: cardiff });
    expect((await handle.db.selectFrom("invitations").select("revoked_at").where("id", "=", fourth).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect(await team.revokeTeamInvitation(request(), owen, fourth)).toMatchObject({ ok: true });
    // Another council's invitation cannot be touched from this team.
    const other = await insertInvitation(handle.db, {
      tokenHash: hashInvitationToken("x".repeat(43)),
      purpose: "invite",
      email: "x@leeds.example",
      role: "respondent",
      councilId: leeds,
      userId: null,
      createdBy: staff.id,
      now: new Date(),
      approval: "waiting",
    });
    expect(await team.approveInvitation(request(), lead, other)).toMatchObject({ ok: false, status: 404 });
    expect(await team.revokeTeamInvitation(request(), lead, other)).toMatchObject({ ok: false, status: 404 });
    await team.refuseInvitation(request(), lead, waiting);
  });

  it("removing a colleague ends their sessions at once, revokes their invitations and is in the history, in one transaction", async () => {
    const lead = await member((await leadOf(cardiff))!);
    const owen = await member((await handle.db.selectFrom("users").select("id").where("email", "=", "owen@cardiff.example").executeTakeFirstOrThrow()).id);
    await createSession(handle.db, { userId: owen.id, now: new Date(), absoluteMinutes: 60, clientAddress: null, userAgent: null });
    await createSession(handle.db, { userId: owen.id, now: new Date(), absoluteMinutes: 60, clientAddress: null, userAgent: null });
    await team.inviteColleague(request(), owen, "owens.friend@cardiff.example");
    expect(await team.removeColleague(request(), lead, lead.id)).toMatchObject({ ok: false, status: 400 });
    expect(await team.removeColleague(request(), lead, owen.id)).toMatchObject({ ok: true });
    expect(await handle.db.selectFrom("sessions").select("id_hash").where("user_id", "=", owen.id).execute()).toEqual([]);
    expect((await handle.db.selectFrom("users").select("disabled_at").where("id", "=", owen.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
    expect(
      (await handle.db.selectFrom("invitations").select("revoked_at").where("email", "=", "owens.friend@cardiff.example").executeTakeFirstOrThrow()).revoked_at,
    ).not.toBeNull();
    expect((await team.teamPage(lead)).history[0]!.text).toBe("Rhian Evans removed Owen Price from the team");
    expect(await team.removeColleague(request(), lead, owen.id)).toMatchObject({ ok: false, status: 404 });
    // An admin cannot put them back on a team that has a lead: that is the team's decision.
    expect(await team.enableAccount(request("/admin/users"), admin, owen.id)).toMatchObject({ ok: false });
  });

  it("when the lead is disabled, the longest-serving remaining member leads; with nobody left the council has no lead", async () => {
    const first = await joined("first@york.example", york, "2024-01-01T00:00:00.000Z");
    const second = await joined("second@york.example", york, "2023-05-01T00:00:00.000Z");
    const third = await joined("third@york.example", york, "2025-01-01T00:00:00.000Z");
    await handle.db.updateTable("councils").set({ lead_user_id: first }).where("id", "=", york).execute();
    await team.disableAccount(request("/admin/users"), admin, first);
    expect(await leadOf(york)).toBe(second);
    expect((await actions(york)).slice(-2)).toEqual(["team.removed", "team.lead-changed"]);
    // The new lead hands over; the old one is no longer the lead.
    expect(await team.handOverLead(request(), await member(second), third)).toMatchObject({ ok: true });
    expect(await leadOf(york)).toBe(third);
    expect(await team.handOverLead(request(), await member(second), second)).toMatchObject({ ok: false });
    await team.disableAccount(request("/admin/users"), admin, third);
    await team.disableAccount(request("/admin/users"), admin, second);
    expect(await leadOf(york)).toBeNull();
    // With no team left, re-enabling a former member seats them as lead (the association's first respondent).
    expect(await team.enableAccount(request("/admin/users"), admin, second)).toEqual({ ok: true });
    expect(await leadOf(york)).toBe(second);
  });

  it("two first-respondent invitations: the second waits; and if both were open, the later acceptance creates nothing and waits", async () => {
    const a = await invitations.inviteUser(request("/invitations/new"), staff, { email: "a@leeds.example", role: "respondent", councilId: leeds });
    const b = await invitations.inviteUser(request("/invitations/new"), staff, { email: "b@leeds.example", role: "respondent", councilId: leeds });
    expect(a.ok && a.issued).toBeTruthy();
    expect(b.ok && b.waiting).toBeTruthy();
    // Two links open at once (as a race between two invitations would leave them).
    const c = newInvitationToken();
    await insertInvitation(handle.db, {
      tokenHash: c.hash,
      purpose: "invite",
      email: "c@leeds.example",
      role: "respondent",
      councilId: leeds,
      userId: null,
      createdBy: staff.id,
      now: new Date(),
    });
    expect((await invitations.acceptInvitation(request(), tokenOf(a.ok ? a.issued!.link : ""), { name: "A", password: PASSWORD })).ok).toBe(true);
    expect(await invitations.acceptInvitation(request(), c.token, { name: "C", password: PASSWORD })).toEqual({ ok: false, waitingFor: "Leeds City Council" });
    expect(await handle.db.selectFrom("users").select("id").where("email", "=", "c@leeds.example").executeTakeFirst()).toBeUndefined();
    expect(
      await handle.db.selectFrom("invitations").select(["approval", "accepted_at"]).where("email", "=", "c@leeds.example").executeTakeFirstOrThrow(),
    ).toEqual({ approval: "waiting", accepted_at: null });
    expect(await findUsableInvitation(handle.db, c.token, new Date())).toBeUndefined();
    const lead = await member((await leadOf(leeds))!);
    expect((await team.teamPage(lead)).waiting.map((w) => w.email)).toEqual(["x@leeds.example", "b@leeds.example", "c@leeds.example"]);
  });

  it("the probe on any council with a joined respondent, even one with no lead recorded: no link, the invitation waits (failed before: a link)", async () => {
    const newport = (await handle.db.selectFrom("councils").select("id").where("gss_code", "=", "W06000022").executeTakeFirstOrThrow()).id;
    await joined("member@newport.example", newport);
    const outcome = await invitations.inviteUser(request("/invitations/new"), staff, {
      email: "staff.own@mail.example",
      role: "respondent",
      councilId: newport,
    });
    expect(outcome).toMatchObject({ ok: true, issued: null, waiting: { councilName: "Newport City Council" } });
  });

  it("an admin cannot reset the password of a respondent who never joined a council that has a team", async () => {
    const never = await createUser(handle.db, {
      email: "never.joined@leeds.example",
      name: "Never Joined",
      passwordHash: null,
      role: "respondent",
      councilId: leeds,
    });
    expect(await invitations.issuePasswordReset(request("/admin/users"), admin, never)).toBeNull();
  });
});
