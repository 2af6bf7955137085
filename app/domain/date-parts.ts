// GOV.UK date input (day, month, year boxes) to an ISO date, with the design system's error messages.

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePartsResult = { ok: true; date: string } | { ok: false; part: keyof DateParts; message: string };

/** "2027-01-31" from the three boxes, or which box is wrong and why; `what` names the date in messages ("the deadline"). */
export function parseDateParts(parts: DateParts, what: string): DatePartsResult {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  const capital = what.charAt(0).toUpperCase() + what.slice(1);
  if (!day && !month && !year) return { ok: false, part: "day", message: `Enter ${what}` };
  if (!day) return { ok: false, part: "day", message: `${capital} must include a day` };
  if (!month) return { ok: false, part: "month", message: `${capital} must include a month` };
  if (!year) return { ok: false, part: "year", message: `${capital} must include a year` };
  if (!/^\d{1,2}$/.test(day)) return { ok: false, part: "day", message: `${capital} must be a real date` };
  if (!/^\d{1,2}$/.test(month)) return { ok: false, part: "month", message: `${capital} must be a real date` };
  if (!/^\d{4}$/.test(year)) return { ok: false, part: "year", message: "Year must include 4 numbers" };
  const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    return { ok: false, part: "day", message: `${capital} must be a real date` };
  return { ok: true, date };
}

/** The three boxes of an ISO date, for showing a stored date in a form. */
export function datePartsOf(date: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  return match ? { year: match[1] as string, month: String(Number(match[2])), day: String(Number(match[3])) } : { day: "", month: "", year: "" };
}
