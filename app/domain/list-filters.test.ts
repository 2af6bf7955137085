import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pageHref, paginationItems, parseAuditFilters, parseUserFilters } from "./list-filters";

const params = (query: string) => new URLSearchParams(query);

describe("audit log filters", () => {
  it("reads a date range from GOV.UK date inputs", () => {
    const parsed = parseAuditFilters(
      params("from-day=1&from-month=3&from-year=2026&to-day=31&to-month=3&to-year=2026&action=wave.published&actor=Priya&council=12&page=3"),
    );
    expect(parsed.filter).toEqual({ actor: "Priya", action: "wave.published", councilId: 12, from: "2026-03-01", to: "2026-03-31" });
    expect(parsed.errors).toEqual([]);
    expect(parsed.page).toBe(3);
    expect(parsed.values.from).toEqual({ day: "1", month: "3", year: "2026" });
  });

  it("leaves empty fields out", () => {
    expect(parseAuditFilters(params("actor=&action=&council=&from-day=&from-month=&from-year=")).filter).toEqual({});
  });

  it("names a date that is not real or a range that ends before it starts, and applies neither date", () => {
    const unreal = parseAuditFilters(params("from-day=31&from-month=2&from-year=2026"));
    expect(unreal.errors).toEqual([{ field: "from-day", message: "The start date must be a real date" }]);
    expect(unreal.filter.from).toBeUndefined();
    const partial = parseAuditFilters(params("to-day=3&to-year=2026"));
    expect(partial.errors).toEqual([{ field: "to-month", message: "The end date must include a month" }]);
    const backwards = parseAuditFilters(params("from-day=2&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026"));
    expect(backwards.errors).toEqual([{ field: "to-day", message: "The end date must be the same as or after the start date" }]);
    expect(backwards.filter).toEqual({});
  });

  it("ignores a council or page that is not a whole number", () => {
    const parsed = parseAuditFilters(params("council=1 or 1=1&page=-4"));
    expect(parsed.filter.councilId).toBeUndefined();
    expect(parsed.page).toBe(1);
  });
});

describe("users page filters", () => {
  it("reads search text, role, council and status", () => {
    expect(parseUserFilters(params("q=leeds&role=respondent&council=7&status=disabled&page=2"))).toEqual({
      values: { q: "leeds", role: "respondent", council: "7", status: "disabled" },
      filter: { search: "leeds", role: "respondent", councilId: 7, status: "disabled" },
      page: 2,
    });
  });

  it("ignores an unknown role or status", () => {
    expect(parseUserFilters(params("role=superuser&status=deleted")).filter).toEqual({});
  });
});

describe("pagination", () => {
  it("shows the first, last and current pages with their neighbours and a gap as …", () => {
    expect(paginationItems(1, 1)).toEqual([1]);
    expect(paginationItems(1, 3)).toEqual([1, 2, 3]);
    expect(paginationItems(5, 10)).toEqual([1, "…", 4, 5, 6, "…", 10]);
    expect(paginationItems(3, 10)).toEqual([1, 2, 3, 4, "…", 10]);
    expect(paginationItems(10, 10)).toEqual([1, "…", 9, 10]);
  });

  it("always lists the current page, the first and the last once each, in order, never two gaps together", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }).chain((pages) => fc.tuple(fc.integer({ min: 1, max: pages }), fc.constant(pages))),
        ([page, pages]) => {
          const items = paginationItems(page, pages);
          const numbers = items.filter((i): i is number => i !== "…");
          expect(numbers).toContain(page);
          expect(numbers[0]).toBe(1);
          expect(numbers[numbers.length - 1]).toBe(pages);
          for (let i = 1; i < numbers.length; i++) expect(numbers[i]!).toBeGreaterThan(numbers[i - 1]!);
          for (let i = 1; i < items.length; i++) if (items[i] === "…") expect(items[i - 1]).not.toBe("…");
          expect(items.length).toBeLessThanOrEqual(7);
        },
      ),
    );
  });

  it("keeps every other filter in a page link", () => {
    expect(pageHref(params("actor=x&page=2&action="), 3)).toBe("?actor=x&page=3");
    expect(pageHref(params("actor=x&page=2"), 1)).toBe("?actor=x");
  });
});
