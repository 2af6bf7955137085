import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeEmail, reminderEmail, teamNoticeEmail } from "./emails";

// The emails' words (decision 047): a plain-text part always; HTML that cannot be broken by a name.

describe("emails", () => {
  it("whatever the names and words, the HTML part carries them escaped and the text part carries them as they are", () => {
    const hostile = fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}<x-injected onclick="${b}">"'&${b}`);
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.webUrl(), (association, heading, paragraph, href) => {
        const email = composeEmail({ association, subject: heading, heading, paragraphs: [paragraph], link: { href, text: "Open it" }, why: "Because." });
        expect(email.html).not.toContain("<x-injected");
        expect(email.html).not.toMatch(/<(script|img|style|iframe)/i);
        expect(email.text).toContain(paragraph);
        expect(email.text).toContain(association);
        expect(email.text).toContain(href);
        expect(email.text).toContain("Because.");
        // One link, and only the one given.
        expect(email.html.match(/<a /g)).toHaveLength(1);
      }),
    );
  });

  it("a reminder gives the deadline, the progress and the link, and says why", () => {
    const email = reminderEmail({
      association: "The Association",
      councilName: "Leeds City Council",
      waveTitle: "2026 survey",
      deadline: "13 January 2027",
      sectionsDone: 3,
      sectionsTotal: 6,
      started: true,
      link: "https://lt.example/surveys/2026",
    });
    expect(email.subject).toBe("Reminder: 2026 survey for Leeds City Council closes on 13 January 2027");
    expect(email.text).toContain("3 of 6 sections done");
    expect(email.text).toContain("https://lt.example/surveys/2026");
    expect(email.text).toContain("because you are on Leeds City Council's team");
    expect(email.html).toContain('href="https://lt.example/surveys/2026"');
  });

  it("team notices say who joined, left or waits", () => {
    const base = { association: "A", councilName: "Cardiff", who: "Rhian Evans (r@c.example)", link: "https://lt.example/team" };
    expect(teamNoticeEmail({ ...base, notice: "joined" }).subject).toBe("Rhian Evans (r@c.example) joined Cardiff's team on LocalTrust");
    expect(teamNoticeEmail({ ...base, notice: "left" }).subject).toBe("Rhian Evans (r@c.example) left Cardiff's team on LocalTrust");
    expect(teamNoticeEmail({ ...base, notice: "waiting" }).text).toContain("Approve or refuse it");
  });
});
