import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCouncilRegister, planRegisterChanges, type RegisterParseResult, type RegisteredCouncil } from "./council-register";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/council-register/${name}`, import.meta.url), "utf8");

const PLAIN_HEADER = "gss_code,name,type,region,nation";
const MYSOCIETY_HEADER = "official-name,nice-name,gss-code,nation,region,local-authority-type,current-authority";

function expectOk(result: RegisterParseResult) {
  if (!result.ok) throw new Error(`expected the file to parse, got: ${result.errors.join("; ")}`);
  return result;
}

function expectErrors(result: RegisterParseResult): string[] {
  if (result.ok) throw new Error("expected the file to be rejected");
  return result.errors;
}

describe("the mySociety format", () => {
  const result = expectOk(parseCouncilRegister(fixture("mysociety-sample.csv")));

  it("is recognised by its header", () => {
    expect(result.format).toBe("mysociety");
  });

  it("imports current councils with their official names, in file order", () => {
    expect(result.rows).toEqual([
      {
        gssCode: "N09000010",
        name: "Newry, Mourne and Down District Council",
        type: "NID",
        region: "Northern Ireland",
        nation: "Northern Ireland",
      },
      { gssCode: "E09000007", name: "London Borough of Camden", type: "LBO", region: "London", nation: "England" },
      { gssCode: "E08000003", name: "Manchester City Council", type: "MD", region: "North West", nation: "England" },
      { gssCode: "S12000036", name: "City of Edinburgh Council", type: "SCO", region: "Scotland", nation: "Scotland" },
      { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" },
      { gssCode: "E10000016", name: "Kent County Council", type: "CTY", region: "South East", nation: "England" },
    ]);
  });

  it("counts non-current rows, combined authorities and the GLA as skipped", () => {
    expect(result.inFile).toBe(9);
    expect(result.skipped).toBe(3);
    expect(result.rows.map((row) => row.gssCode)).not.toContain("E07000026");
    expect(result.rows.map((row) => row.gssCode)).not.toContain("E47000001");
    expect(result.rows.map((row) => row.gssCode)).not.toContain("E61000001");
  });

  it("treats the file as the full register unless the caller says it is partial", () => {
    expect(result.isFullRegister).toBe(true);
    const partial = expectOk(parseCouncilRegister(fixture("mysociety-sample.csv"), { partial: true }));
    expect(partial.isFullRegister).toBe(false);
  });

  it("falls back to nice-name when official-name is empty", () => {
    const text = [MYSOCIETY_HEADER, ",Camden,E09000007,England,London,LBO,True"].join("\n");
    expect(expectOk(parseCouncilRegister(text)).rows[0]?.name).toBe("Camden");
  });

  it("reads the name from nice-name when there is no official-name column", () => {
    const text = ["nice-name,gss-code,nation,region,local-authority-type,current-authority", "Camden,E09000007,England,London,LBO,True"].join("\n");
    expect(expectOk(parseCouncilRegister(text)).rows[0]?.name).toBe("Camden");
  });

  it("names the mySociety column in errors", () => {
    const text = [MYSOCIETY_HEADER, "London Borough of Camden,Camden,E0900007,England,London,LBO,True"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 2, column gss-code: must look like E06000001"]);
  });

  it("names nice-name in an error about a name read from it", () => {
    const text = [MYSOCIETY_HEADER, `,${"x".repeat(201)},E09000007,England,London,LBO,True`].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 2, column nice-name: must be 200 characters or fewer"]);
  });

  it("does not validate rows it skips", () => {
    const text = [MYSOCIETY_HEADER, "Old Council,Old,,England,,NID,False", "London Borough of Camden,Camden,E09000007,England,London,LBO,True"].join("\n");
    const result = expectOk(parseCouncilRegister(text));
    expect(result.rows).toHaveLength(1);
    expect(result.skipped).toBe(1);
  });

  it("rejects a current-authority value that is neither True nor False", () => {
    const text = [MYSOCIETY_HEADER, "London Borough of Camden,Camden,E09000007,England,London,LBO,yes"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 2, column current-authority: must be True or False"]);
  });

  it("names every missing required column", () => {
    const text = ["official-name,nation,region,local-authority-type", "Kent County Council,England,South East,CTY"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 1: missing required columns: current-authority, gss-code"]);
  });

  it("rejects a file in which every row is skipped", () => {
    const text = [MYSOCIETY_HEADER, "Allerdale Borough Council,Allerdale,E07000026,England,North West,NMD,False"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["the file has no councils to import (all 1 rows were skipped)"]);
  });
});

describe("the plain format", () => {
  it("imports every row", () => {
    const result = expectOk(parseCouncilRegister(fixture("plain-sample.csv")));
    expect(result.format).toBe("plain");
    expect(result.rows).toHaveLength(6);
    expect(result.rows[0]).toEqual({
      gssCode: "E09000001",
      name: "City of London Corporation",
      type: "CC",
      region: "London",
      nation: "England",
    });
    expect(result.inFile).toBe(6);
    expect(result.skipped).toBe(0);
    expect(result.isFullRegister).toBe(true);
  });

  it("accepts the header in any case and with spaces around names", () => {
    const text = [" GSS_Code , Name,TYPE ,Region,Nation", "E06000047,Durham County Council,UA,North East,England"].join("\n");
    expect(expectOk(parseCouncilRegister(text)).rows).toHaveLength(1);
  });

  it("trims values and normalises the case of codes and nations", () => {
    const text = [PLAIN_HEADER, " e06000047 , Durham  County\nCouncil ,ua, North East ,ENGLAND"].join("\n");
    expect(expectOk(parseCouncilRegister(text.replace("Durham  County\nCouncil", '"Durham  County\nCouncil"'))).rows).toEqual([
      { gssCode: "E06000047", name: "Durham County Council", type: "UA", region: "North East", nation: "England" },
    ]);
  });

  it("reports the bad row with its line and column", () => {
    expect(expectErrors(parseCouncilRegister(fixture("plain-bad-row.csv")))).toEqual(["line 4, column gss_code: must look like E06000001"]);
  });

  it("names missing columns", () => {
    const text = ["gss_code,name,type,region", "E06000047,Durham County Council,UA,North East"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 1: missing required columns: nation"]);
  });

  it("requires exactly its five columns in order", () => {
    const text = ["name,gss_code,type,region,nation", "Durham County Council,E06000047,UA,North East,England"].join("\n");
    expect(expectErrors(parseCouncilRegister(text))).toEqual(["line 1: the header must be exactly gss_code,name,type,region,nation"]);
  });
});

describe("validation of each row", () => {
  const plain = (...rows: string[]) => parseCouncilRegister([PLAIN_HEADER, ...rows].join("\n"));

  it("rejects a type that is not a council type", () => {
    expect(expectErrors(plain("E47000001,Greater Manchester Combined Authority,COMB,North West,England"))).toEqual([
      "line 2, column type: must be one of CTY, NMD, UA, MD, LBO, CC, SCO, WPA, NID",
    ]);
  });

  it("rejects a nation that is not one of the four", () => {
    expect(expectErrors(plain("E06000047,Durham County Council,UA,North East,Britain"))).toEqual([
      "line 2, column nation: must be one of England, Scotland, Wales, Northern Ireland",
    ]);
  });

  it("rejects a nation that does not match the GSS code", () => {
    expect(expectErrors(plain("W06000015,Cardiff Council,WPA,Wales,England"))).toEqual(["line 2, column nation: must be Wales for GSS code W06000015"]);
  });

  it("rejects an empty name and an empty region", () => {
    expect(expectErrors(plain("E06000047, ,UA,,England"))).toEqual(["line 2, column name: must not be empty", "line 2, column region: must not be empty"]);
  });

  it("accepts a name of 200 characters and rejects one of 201", () => {
    expect(plain(`E06000047,${"x".repeat(200)},UA,North East,England`).ok).toBe(true);
    expect(expectErrors(plain(`E06000047,${"x".repeat(201)},UA,North East,England`))).toEqual(["line 2, column name: must be 200 characters or fewer"]);
  });

  it("reports a duplicate GSS code on its second line", () => {
    expect(
      expectErrors(
        plain(
          "E06000047,Durham County Council,UA,North East,England",
          "E07000008,Cambridge City Council,NMD,East of England,England",
          "E06000047,Durham Council,UA,North East,England",
        ),
      ),
    ).toEqual(["line 4, column gss_code: E06000047 is already on line 2"]);
  });

  it("reports the errors of every row, not only the first", () => {
    expect(
      expectErrors(
        plain(
          "E0600004,Durham County Council,UA,North East,England",
          "E07000008,Cambridge City Council,NMD,East of England,England",
          "S12000033,Aberdeen City Council,XX,Scotland,Scotland",
        ),
      ),
    ).toEqual(["line 2, column gss_code: must look like E06000001", "line 4, column type: must be one of CTY, NMD, UA, MD, LBO, CC, SCO, WPA, NID"]);
  });

  it("rejects a row with more fields than the header", () => {
    expect(expectErrors(plain("E06000047,Durham County Council,UA,North East,England,extra"))).toEqual(["line 2: the row has 6 fields but the header has 5"]);
  });

  it("ignores empty trailing fields", () => {
    expect(plain("E06000047,Durham County Council,UA,North East,England,,").ok).toBe(true);
  });

  it("rejects a row with fewer fields than the header", () => {
    expect(expectErrors(plain("E06000047,Durham County Council,UA"))).toEqual(["line 2, column region: missing, the row has 3 fields but the header has 5"]);
  });
});

describe("line numbers", () => {
  const rows = [
    PLAIN_HEADER,
    '"E06000047","Durham',
    'County Council",UA,North East,England',
    "",
    "E07000008,Cambridge City Council,NMD,East of England,England",
    'S12000033,"Aberdeen',
    "",
    'City Council",SCO,Scotland,Wales',
    "W06000001,Isle of Anglesey County Council,WPA,,Wales",
  ];

  it("count physical lines, including line breaks inside quoted values and blank lines", () => {
    expect(expectErrors(parseCouncilRegister(rows.join("\n")))).toEqual([
      "line 6, column nation: must be Scotland for GSS code S12000033",
      "line 9, column region: must not be empty",
    ]);
  });

  it("are the same with CRLF line endings", () => {
    expect(expectErrors(parseCouncilRegister(rows.join("\r\n")))).toEqual([
      "line 6, column nation: must be Scotland for GSS code S12000033",
      "line 9, column region: must not be empty",
    ]);
  });
});

describe("the file as a whole", () => {
  it("strips a UTF-8 byte order mark", () => {
    const text = `\uFEFF${fixture("plain-sample.csv")}`;
    expect(expectOk(parseCouncilRegister(text)).format).toBe("plain");
  });

  it("rejects an empty file", () => {
    expect(expectErrors(parseCouncilRegister(""))).toEqual(["the file is empty"]);
    expect(expectErrors(parseCouncilRegister("\uFEFF \n\n"))).toEqual(["the file is empty"]);
  });

  it("rejects a header without rows", () => {
    expect(expectErrors(parseCouncilRegister(`${PLAIN_HEADER}\n`))).toEqual(["the file has a header but no rows"]);
  });

  it("ignores rows in which every field is empty", () => {
    const result = expectOk(parseCouncilRegister(`${fixture("plain-sample.csv")},,,,\n`));
    expect(result.inFile).toBe(6);
  });

  it("rejects a header it does not recognise", () => {
    expect(expectErrors(parseCouncilRegister("code,council\nE06000047,Durham County Council\n"))).toEqual([
      "line 1: the header is neither gss_code,name,type,region,nation nor mySociety's (current-authority, gss-code, official-name, local-authority-type, region, nation)",
    ]);
  });

  it("rejects a header that repeats a column", () => {
    expect(expectErrors(parseCouncilRegister("gss_code,name,type,region,nation,name\n"))).toEqual(["line 1: columns appear more than once: name"]);
  });

  it("rejects text that is not valid CSV, naming the line", () => {
    const errors = expectErrors(parseCouncilRegister(`${PLAIN_HEADER}\nE06000047,Durham County Council,UA,North East,England\nE07000008,"Cambridge`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line 3: not valid CSV \(/);
  });
});

describe("planRegisterChanges (what an import would change)", () => {
  const code = fc.integer({ min: 0, max: 30 }).map((n) => `E0600${String(n).padStart(4, "0")}`);
  const row = fc.record({
    gssCode: code,
    name: fc.constantFrom("A Council", "B Council"),
    type: fc.constantFrom("UA", "MD"),
    region: fc.constantFrom("North East", "London"),
    nation: fc.constant("England"),
  });
  const rows = fc.uniqueArray(row, { selector: (r) => r.gssCode, maxLength: 20 });
  const register = fc.uniqueArray(
    fc.record({
      gss_code: code,
      name: fc.constantFrom("A Council", "C Council"),
      type: fc.constantFrom("UA", "MD"),
      region: fc.constant("North East"),
      nation: fc.constant("England"),
      active: fc.constantFrom(0, 1),
    }),
    { selector: (c) => c.gss_code, maxLength: 20 },
  );
  /** The register after writing a plan, as writeRegisterPlan does. */
  const applied = (existing: RegisteredCouncil[], plan: ReturnType<typeof planRegisterChanges>) => {
    const after = new Map(existing.map((c) => [c.gss_code, { ...c }]));
    for (const r of [...plan.added, ...plan.updated.map((u) => u.row)])
      after.set(r.gssCode, { gss_code: r.gssCode, name: r.name, type: r.type, region: r.region, nation: r.nation, active: 1 });
    for (const r of plan.retired) after.set(r.gssCode, { ...(after.get(r.gssCode) as RegisteredCouncil), active: 0 });
    return [...after.values()];
  };

  it("every row of the file is added, updated or unchanged exactly once, and only a full register retires", () => {
    fc.assert(
      fc.property(register, rows, fc.boolean(), (existing, file, fullRegister) => {
        const plan = planRegisterChanges(existing, file, { fullRegister });
        expect(plan.added.length + plan.updated.length + plan.unchanged).toBe(file.length);
        if (!fullRegister) expect(plan.retired).toEqual([]);
        const inFile = new Set(file.map((r) => r.gssCode));
        for (const r of plan.retired) expect(inFile.has(r.gssCode)).toBe(false);
        for (const u of plan.updated) expect(u.changes.length).toBeGreaterThan(0);
      }),
    );
  });

  it("importing the same file again changes nothing (the preview of a second import is empty)", () => {
    fc.assert(
      fc.property(register, rows, fc.boolean(), (existing, file, fullRegister) => {
        const after = applied(existing, planRegisterChanges(existing, file, { fullRegister }));
        // Afterwards every council of the file is active with the file's values (a returning council too).
        for (const r of file)
          expect(after.find((c) => c.gss_code === r.gssCode)).toEqual({
            gss_code: r.gssCode,
            name: r.name,
            type: r.type,
            region: r.region,
            nation: r.nation,
            active: 1,
          });
        const again = planRegisterChanges(after, file, { fullRegister });
        expect([again.added, again.updated, again.retired]).toEqual([[], [], []]);
        expect(again.unchanged).toBe(file.length);
      }),
    );
  });
});
