import { describe, expect, it } from "vitest";
import { datePartsOf, parseDateParts } from "./date-parts";

describe("GOV.UK date parts", () => {
  it("turns day, month and year into an ISO date", () => {
    expect(parseDateParts({ day: "7", month: "3", year: "2027" }, "the deadline")).toEqual({ ok: true, date: "2027-03-07" });
    expect(parseDateParts({ day: " 31 ", month: "12", year: "2026" }, "the deadline")).toEqual({ ok: true, date: "2026-12-31" });
  });

  it("says which box is missing", () => {
    expect(parseDateParts({ day: "", month: "", year: "" }, "the deadline")).toEqual({ ok: false, part: "day", message: "Enter the deadline" });
    expect(parseDateParts({ day: "1", month: "", year: "2027" }, "the deadline")).toEqual({
      ok: false,
      part: "month",
      message: "The deadline must include a month",
    });
    expect(parseDateParts({ day: "1", month: "2", year: "" }, "the deadline")).toMatchObject({ part: "year" });
  });

  it("refuses dates that do not exist and years without 4 digits", () => {
    expect(parseDateParts({ day: "30", month: "2", year: "2027" }, "the deadline")).toEqual({
      ok: false,
      part: "day",
      message: "The deadline must be a real date",
    });
    expect(parseDateParts({ day: "29", month: "2", year: "2028" }, "the deadline")).toEqual({ ok: true, date: "2028-02-29" });
    expect(parseDateParts({ day: "1", month: "13", year: "2027" }, "the deadline").ok).toBe(false);
    expect(parseDateParts({ day: "x", month: "1", year: "2027" }, "the deadline").ok).toBe(false);
    expect(parseDateParts({ day: "1", month: "1", year: "27" }, "the deadline")).toEqual({ ok: false, part: "year", message: "Year must include 4 numbers" });
  });

  it("splits a stored date back into boxes", () => {
    expect(datePartsOf("2027-03-07")).toEqual({ day: "7", month: "3", year: "2027" });
    expect(datePartsOf(null)).toEqual({ day: "", month: "", year: "" });
  });
});
