import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { createUser } from "../models/user.server";
import { getUser, startSession } from "./auth.server";

// A page's root and route loaders get their own copies of the Request and the same load context:
// given the context, a GET reads the session once for both, and never for another request.
describe(`one session read per page on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let cookies: string[];
  const get = (cookie: string) => new Request("http://localhost/surveys", { headers: { Cookie: cookie } });

  beforeAll(async () => {
    process.env.SESSION_SECRET ??= "page-session-test-secret-that-is-long-enough-01";
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    cookies = [];
    for (const email of ["a@example.org", "b@example.org"]) {
      const id = await createUser(handle.db, { email, name: email, passwordHash: null, role: "staff", councilId: null });
      const headers = await startSession(new Request("http://localhost/login", { method: "POST" }), Number(id), { mfaVerified: false });
      cookies.push(headers.get("Set-Cookie")!.split(";")[0]!);
    }
  });
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });

  it("shares the read between the loaders of one GET, and only there", async () => {
    const page = {};
    const root = getUser(get(cookies[0]!), page);
    const route = getUser(get(cookies[0]!), page);
    expect(route).toBe(root);
    expect((await root)?.email).toBe("a@example.org");
    // Another page (another context) reads afresh; so does a call without a context.
    const reads = [getUser(get(cookies[0]!), {}), getUser(get(cookies[0]!)), getUser(get(cookies[0]!))];
    expect(reads[0]).not.toBe(root);
    expect(reads[1]).not.toBe(reads[2]);
    // A context reused with another person's cookie never hands over the first person's session.
    const other = getUser(get(cookies[1]!), page);
    expect(other).not.toBe(root);
    expect((await other)?.email).toBe("b@example.org");
    // Nor is a POST's read shared: its action may end or start a session.
    const post = (cookie: string) => new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } });
    const action = {};
    reads.push(getUser(post(cookies[0]!), action), getUser(post(cookies[0]!), action));
    expect(reads[3]).not.toBe(reads[4]);
    expect((await Promise.all(reads)).map((user) => user?.email)).toEqual(Array(5).fill("a@example.org"));
  });
});
