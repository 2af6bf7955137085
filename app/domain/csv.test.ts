import { describe, expect, it } from "vitest";
import { csvField, csvLine, neutraliseFormula } from "./csv";

describe("CSV formula neutralisation", () => {
  it.each(["=SUM(A1:A2)", "+1", "-1+2", "@cmd", "\tx", "\rx"])("prefixes %j with a single quote", (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it("leaves ordinary text alone", () => {
    expect(neutraliseFormula("Leeds City Council")).toBe("Leeds City Council");
    expect(neutraliseFormula("a=b")).toBe("a=b");
    expect(neutraliseFormula("")).toBe("");
  });

  it("quotes fields with commas, quotes and line breaks after neutralising", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
  });

  it("writes numbers as numbers, negative ones included, and blanks for null", () => {
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("ends a line with CRLF", () => {
    expect(csvLine(["a", 1, null, "-x"])).toBe("a,1,,'-x\r\n");
  });
});
