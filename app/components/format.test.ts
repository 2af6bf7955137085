import { describe, expect, it } from "vitest";
import { formatCount } from "./format";

describe("formatCount", () => {
  it("writes thousands with commas and rounds to whole numbers", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1000)).toBe("1,000");
    expect(formatCount(25441)).toBe("25,441");
    expect(formatCount(1000021)).toBe("1,000,021");
    expect(formatCount(64.77)).toBe("65");
    expect(formatCount(-1234)).toBe("-1,234");
  });
});
