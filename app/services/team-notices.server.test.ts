import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister } from "../models/council.server";
import { createUser, getUserWithCouncil } from "../models/user.server";
import type { SignedInUser } from "./auth.server";
import { hashPassword } from "./password.server";

// The team is told by email: through the outbox, in the transaction of the team event.
process.env.SMTP_URL = "smtp://127.0.0.1:9";

const PASSWORD = "a long and unusual passphrase 42";
const request = () => new Request("http://localhost/team", { method: "POST", headers: { "X-LocalTrust-Client-Address": "127.0.0.1" } });
const tokenOf = (link: string) => /\/invite\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;

describe(`team notices on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let invitations: typeof import("./invitations.server");
  let team: typeof import("./team.server");
  let staff: SignedInUser;
  let york: number;

  const signedIn = async (id: number) => ({ ...(await getUserWithCouncil(handle.db, id))!, sessionMfaVerified: true });
  const member = async (id: number) => {
    const user = await signedIn(id);
    return { ...user, councilId: user.councilId!, councilName: user.councilName! };
  };
  const notices = () =>
    handle.db.selectFrom("outbox_emails").select(["recipient", "subject", "status"]).where("kind", "=", "team-notice").orderBy("id").execute();
  const idOf = async (email: string) => (await handle.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    invitations = await import("./invitations.server");
    team = await import("./team.server");
    await applyCouncilRegister(
      handle.db,
      [{ gssCode: "E06000014", name: "City of York Council", type: "UA", region: "Yorkshire and The Humber", nation: "England" }],
      { fullRegister: false },
    );
    york = (await handle.db.selectFrom("councils").select("id").executeTakeFirstOrThrow()).id;
    staff = await signedIn(
      await createUser(handle.db, {
        email: "staff@association.example",
        name: "Stan",
        passwordHash: await hashPassword(PASSWORD),
        role: "staff",
        councilId: null,
      }),
    );
  }, 60_000);
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });

  it("the first member gets an invitation and no notice; a colleague joining tells the others; the lead is told of a waiting invitation; leaving tells the rest", async () => {
    const first = await invitations.inviteUser(request(), staff, { email: "ada@york.example", role: "respondent", councilId: york });
    expect(first.ok && first.issued?.emailed).toBe(true);
    expect((await invitations.acceptInvitation(request(), tokenOf(first.ok ? first.issued!.link : ""), { name: "Ada", password: PASSWORD })).ok).toBe(true);
    expect(await notices()).toEqual([]);

    const lead = await member(await idOf("ada@york.example"));
    const colleague = await team.inviteColleague(request(), lead, "ben@york.example");
    expect(colleague.ok).toBe(true);
    await invitations.acceptInvitation(request(), tokenOf(colleague.ok ? colleague.issued!.link : ""), { name: "Ben", password: PASSWORD });
    expect(await notices()).toEqual([
      { recipient: "ada@york.example", subject: "Ben (ben@york.example) joined City of York Council's team on LocalTrust", status: "queued" },
    ]);

    const waiting = await invitations.inviteUser(request(), staff, { email: "cy@york.example", role: "respondent", councilId: york });
    expect(waiting.ok && waiting.waiting).toBeTruthy();
    expect((await notices()).at(-1)).toMatchObject({ recipient: "ada@york.example", subject: "A colleague is waiting for your approval on LocalTrust" });

    expect((await team.removeColleague(request(), lead, await idOf("ben@york.example"))).ok).toBe(true);
    expect((await notices()).at(-1)).toMatchObject({
      recipient: "ada@york.example",
      subject: "Ben (ben@york.example) left City of York Council's team on LocalTrust",
    });
    // Ben, removed, is not told through the team's notices.
    expect((await notices()).filter((n) => n.recipient === "ben@york.example")).toEqual([]);
    const invitationsSent = await handle.db.selectFrom("outbox_emails").select("recipient").where("kind", "=", "invitation").orderBy("id").execute();
    expect(invitationsSent.map((e) => e.recipient)).toEqual(["ada@york.example", "ben@york.example"]);
  });
});
