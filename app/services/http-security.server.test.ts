import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, cspNonce } from "./http-security.server";

describe("cspNonce", () => {
  it("hands out 16 random bytes per nonce, never the same twice, across many blocks", () => {
    const nonces = Array.from({ length: 2000 }, () => cspNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("does not repeat bytes between neighbouring nonces or blocks (no reuse of a block)", () => {
    // 600 nonces span at least two block refills; any reused 16-byte slice would show up as a repeat.
    const bytes = Array.from({ length: 600 }, () => Buffer.from(cspNonce(), "base64").toString("hex"));
    expect(new Set(bytes).size).toBe(600);
    // Random bytes: across 600 × 16 bytes every byte value occurs (a zero-filled block would not).
    expect(new Set(bytes.join("").match(/../g)).size).toBe(256);
  });

  it("goes into the policy's script-src", () => {
    const nonce = cspNonce();
    expect(contentSecurityPolicy(nonce)).toContain(`script-src 'nonce-${nonce}' 'strict-dynamic'`);
  });
});
