import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as OTPAuth from "otpauth";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { applyCouncilRegister } from "../models/council.server";
import {
  claimInvitation,
  findUsableInvitation,
  hashInvitationToken,
  insertInvitation,
  newInvitationToken,
  replaceInvitationToken,
  revokeInvitation,
} from "../models/invitation.server";
import { createUser, findUserById, setUserMfa } from "../models/user.server";
import { decryptSecret, encryptSecret, newRecoveryCodes, newTotpSecret, verifySecondFactor } from "./mfa.server";
import { isCommonPassword, passwordProblem } from "./password-policy.server";
import { accountKey, ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT, reserveAttempt } from "./throttle.server";

describe("the password rules", () => {
  it("know the 10,000 most common passwords and match them exactly, whatever the case", () => {
    // From the top of the list to its end (rank 10,000 in SecLists' 10k-most-common.txt).
    for (const common of ["password", "123456", "qwerty", "letmein", "Unbelievable", "trustno1", "PASSWORD1"]) expect(isCommonPassword(common)).toBe(true);
    expect(isCommonPassword("unbelievabl")).toBe(false);
    expect(isCommonPassword("correct horse battery staple")).toBe(false);
  });
  it("ask for 12 to 128 characters with no composition rules", () => {
    expect(passwordProblem("short")).toMatch(/12 characters or more/);
    expect(passwordProblem("x".repeat(129))).toMatch(/128 characters or fewer/);
    expect(passwordProblem("unbelievable")).toMatch(/too common/);
    expect(passwordProblem("all lower case words here")).toBeNull();
  });
});

describe(`invitations, the second factor and throttling on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let councilId: number;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await applyCouncilRegister(
      handle.db,
      [{ gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" }],
      { fullRegister: false },
    );
    councilId = (await handle.db.selectFrom("councils").select("id").executeTakeFirstOrThrow()).id;
    globalThis.__localtrustDb = handle;
  });
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });

  it("keeps only the SHA-256 of a 256-bit token, and a token works once", async () => {
    const { token, hash } = newInvitationToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hash).toBe(hashInvitationToken(token));
    const now = new Date();
    const id = await insertInvitation(handle.db, {
      tokenHash: hash,
      purpose: "invite",
      email: "a@leeds.example",
      role: "respondent",
      councilId,
      userId: null,
      createdBy: null,
      now,
    });
    expect((await findUsableInvitation(handle.db, token, now))?.id).toBe(id);
    expect(await claimInvitation(handle.db, id, now)).toBe(true);
    expect(await claimInvitation(handle.db, id, now)).toBe(false);
    expect(await findUsableInvitation(handle.db, token, now)).toBeUndefined();
  });

  it("refuses an expired, revoked or replaced token", async () => {
    const now = new Date();
    const first = newInvitationToken();
    const id = await insertInvitation(handle.db, {
      tokenHash: first.hash,
      purpose: "invite",
      email: "b@leeds.example",
      role: "respondent",
      councilId,
      userId: null,
      createdBy: null,
      now,
    });
    expect(await findUsableInvitation(handle.db, first.token, new Date(now.getTime() + 15 * 86_400_000))).toBeUndefined();
    const second = newInvitationToken();
    expect(await replaceInvitationToken(handle.db, id, second.hash, now)).toBe(true);
    expect(await findUsableInvitation(handle.db, first.token, now)).toBeUndefined();
    expect(await findUsableInvitation(handle.db, second.token, now)).toBeDefined();
    expect(await revokeInvitation(handle.db, id)).toBe(true);
    expect(await findUsableInvitation(handle.db, second.token, now)).toBeUndefined();
  });

  it("encrypts the TOTP secret at rest and accepts each code and recovery code once", async () => {
    const userId = await createUser(handle.db, { email: "staff@x.example", name: "Staff", passwordHash: null, role: "staff", councilId: null });
    const secret = newTotpSecret();
    const stored = encryptSecret(secret);
    expect(stored).not.toContain(secret);
    expect(decryptSecret(stored)).toBe(secret);
    expect(decryptSecret(stored.slice(0, -2) + "AA")).toBeNull();
    const recovery = newRecoveryCodes();
    await setUserMfa(handle.db, userId, { secret: stored, enabledAt: new Date().toISOString(), recoveryCodes: recovery.stored, lastStep: null });
    expect((await findUserById(handle.db, userId))?.mfa_recovery_codes).not.toContain(recovery.codes[0]);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
    expect(await verifySecondFactor(handle.db, userId, code)).toBe("totp");
    expect(await verifySecondFactor(handle.db, userId, code)).toBeNull();
    expect(await verifySecondFactor(handle.db, userId, recovery.codes[0]!.toUpperCase())).toBe("recovery");
    expect(await verifySecondFactor(handle.db, userId, recovery.codes[0]!)).toBeNull();
    expect(await verifySecondFactor(handle.db, userId, "000000")).toBeNull();
  });

  it("throttles an email after ten failures, known or not, and an address after fifty", async () => {
    const now = new Date();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) expect(await reserveAttempt(handle.db, accountKey("Nobody@Example.org"), "10.0.0.1", now)).toBeNull();
    expect(await reserveAttempt(handle.db, accountKey("nobody@example.org"), "10.0.0.2", now)).toBe("account");
    expect(await reserveAttempt(handle.db, accountKey("someone.else@example.org"), "10.0.0.2", now)).toBeNull();
    expect(await reserveAttempt(handle.db, accountKey("nobody@example.org"), "10.0.0.2", new Date(now.getTime() + 16 * 60_000))).toBeNull();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT - ACCOUNT_FAILURE_LIMIT; i++)
      expect(await reserveAttempt(handle.db, accountKey(`spray${i}@example.org`), "10.0.0.1", now)).toBeNull();
    expect(await reserveAttempt(handle.db, accountKey("fresh@example.org"), "10.0.0.1", now)).toBe("address");
  });

  it("notFoundForCouncil writes the attempt to the audit log and answers 404", async () => {
    const { notFoundForCouncil } = await import("./authorisation.server");
    const user = { id: 1, email: "it@leeds.example", role: "respondent" as const, councilId };
    const request = new Request("http://localhost/surveys/2026/responses/99", { headers: { "X-LocalTrust-Client-Address": "127.0.0.1" } });
    const thrown = await notFoundForCouncil(request, user, { type: "response", id: 99, councilId: 2 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    const row = await handle.db.selectFrom("audit_log").selectAll().where("action", "=", "access.other-council-refused").executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_email: "it@leeds.example",
      actor_council_id: councilId,
      target_type: "response",
      target_id: "99",
      client_address: "127.0.0.1",
    });
  });
});
