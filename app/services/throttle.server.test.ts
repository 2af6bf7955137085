// Parallel guesses must not outrun the throttles. Before decision 028 the
// count was read before the check and the failure written after it, so 24 simultaneous wrong
// passwords were all verified (limit 10) and 12 simultaneous second-factor codes all checked
// (limit 5). These tests fire them at the real sign-in and second-factor services, on the dialect
// TEST_DATABASE_URL names, and count the real verifications.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { createUser, setUserMfa } from "../models/user.server";
import { attemptsCounted, ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT, addressKey, SECOND_FACTOR_FAILURE_LIMIT, accountKey } from "./throttle.server";

const counted = vi.hoisted(() => ({ passwords: 0, secondFactors: 0 }));
vi.mock("./password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password.server")>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      counted.passwords++;
      return real.verifyPassword(hash, password);
    },
  };
});
vi.mock("./mfa.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("./mfa.server")>();
  return {
    ...real,
    verifySecondFactor: async (...args: Parameters<typeof real.verifySecondFactor>) => {
      counted.secondFactors++;
      return real.verifySecondFactor(...args);
    },
  };
});

const { signIn, checkSecondFactor, getUser, startSession } = await import("./auth.server");
const { hashPassword } = await import("./password.server");
const { encryptSecret, newRecoveryCodes, newTotpSecret } = await import("./mfa.server");

const PARALLEL = 24;
const request = (address: string, cookie?: string) =>
  new Request("http://localhost/login", { method: "POST", headers: { "X-LocalTrust-Client-Address": address, ...(cookie ? { Cookie: cookie } : {}) } });

describe(`throttles under parallel guesses on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let staffId: number;
  beforeAll(async () => {
    process.env.SESSION_SECRET ??= "throttle-test-session-secret-long-enough-0123";
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    const passwordHash = await hashPassword("the right password here");
    await createUser(handle.db, { email: "target@example.org", name: "Target", passwordHash, role: "staff", councilId: null });
    staffId = await createUser(handle.db, { email: "mfa@example.org", name: "Second factor", passwordHash, role: "staff", councilId: null });
    await setUserMfa(handle.db, staffId, {
      secret: encryptSecret(newTotpSecret()),
      recoveryCodes: newRecoveryCodes().stored,
      enabledAt: new Date().toISOString(),
      lastStep: null,
    });
  }, 60_000);
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });
  beforeEach(() => {
    counted.passwords = 0;
    counted.secondFactors = 0;
  });

  it(`checks at most ${ACCOUNT_FAILURE_LIMIT} of ${PARALLEL} simultaneous wrong passwords for one email`, async () => {
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => signIn(request(`10.1.0.${i}`), "Target@Example.org", `wrong guess ${i}`, null)),
    );
    expect(counted.passwords).toBe(ACCOUNT_FAILURE_LIMIT);
    expect(results.filter((r) => !r.ok && r.throttled === "account")).toHaveLength(PARALLEL - ACCOUNT_FAILURE_LIMIT);
    expect(await attemptsCounted(handle.db, accountKey("target@example.org"), new Date())).toBe(ACCOUNT_FAILURE_LIMIT);
    // A refused attempt gives its address reservation back: each address counts only its checked guess.
    const addresses = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => attemptsCounted(handle.db, addressKey(`10.1.0.${i}`), new Date())));
    expect(addresses.reduce((a, b) => a + b, 0)).toBe(ACCOUNT_FAILURE_LIMIT);
    // Even the right password is not checked now.
    expect(await signIn(request("10.1.1.1"), "target@example.org", "the right password here", null)).toMatchObject({ ok: false, throttled: "account" });
    expect(counted.passwords).toBe(ACCOUNT_FAILURE_LIMIT);
  }, 60_000);

  it("a correct password gives its reservation back and clears the email's count", async () => {
    const ok = await signIn(request("10.2.0.1"), "mfa@example.org", "the right password here", null);
    expect(ok.ok).toBe(true);
    expect(await attemptsCounted(handle.db, accountKey("mfa@example.org"), new Date())).toBe(0);
    expect(await attemptsCounted(handle.db, addressKey("10.2.0.1"), new Date())).toBe(0);
  }, 30_000);

  it(`checks at most ${SECOND_FACTOR_FAILURE_LIMIT} of ${PARALLEL} simultaneous second-factor codes for one user`, async () => {
    const headers = await startSession(request("10.3.0.1"), staffId, { mfaVerified: false });
    const cookie = headers.get("Set-Cookie")!.split(";")[0]!;
    const user = await getUser(request("10.3.0.1", cookie));
    expect(user?.id).toBe(staffId);
    const results = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => checkSecondFactor(request(`10.3.1.${i}`, cookie), user!, String(100000 + i))));
    expect(counted.secondFactors).toBe(SECOND_FACTOR_FAILURE_LIMIT);
    expect(results.filter((r) => !r.ok && r.throttled)).toHaveLength(PARALLEL - SECOND_FACTOR_FAILURE_LIMIT);
  }, 30_000);

  it(`lets at most ${ADDRESS_FAILURE_LIMIT} of ${PARALLEL * 3} simultaneous guesses from one address through, across emails`, async () => {
    const results = await Promise.all(Array.from({ length: PARALLEL * 3 }, (_, i) => signIn(request("10.4.0.1"), `spray${i}@example.org`, "guess", null)));
    expect(results.filter((r) => !r.ok && r.throttled === "address")).toHaveLength(PARALLEL * 3 - ADDRESS_FAILURE_LIMIT);
    expect(await attemptsCounted(handle.db, addressKey("10.4.0.1"), new Date())).toBe(ADDRESS_FAILURE_LIMIT);
  }, 60_000);
});
