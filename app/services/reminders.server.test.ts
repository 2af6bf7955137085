import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../cli/seed/demo";
import { openTestDatabase, testDialectName } from "../../db/test-database";
import { getUserWithCouncil } from "../models/user.server";
import type { SignedInUser } from "./auth.server";

// Reminders and the tracker staff chase from (decision 048) on the demo, on both dialects.

describe(`reminders on ${testDialectName()}`, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let reminders: typeof import("./reminders.server");
  let staff: SignedInUser;
  const now = new Date();

  beforeAll(async () => {
    handle = await openTestDatabase();
    globalThis.__localtrustDb = handle;
    reminders = await import("./reminders.server");
    await seedDemo(handle.db, { now });
    const row = await handle.db.selectFrom("users").select("id").where("email", "=", "staff@localtrust.example").executeTakeFirstOrThrow();
    staff = { ...(await getUserWithCouncil(handle.db, row.id))!, sessionMfaVerified: true };
  }, 120_000);
  afterAll(async () => {
    globalThis.__localtrustDb = undefined;
    await handle.dispose();
  });

  const outbox = (kind: string) =>
    handle.db.selectFrom("outbox_emails").select(["recipient", "status", "body_text"]).where("kind", "=", kind).orderBy("id").execute();

  it("the tracker lists each council's team, invitation state, sections done and last reminder", async () => {
    const { rows } = await reminders.loadChaseTracker(
      handle.db,
      "2026",
      reminders.parseTrackerFilters(new URLSearchParams("status=unsubmitted&sort=sections")),
    );
    const leeds = rows.find((r) => r.name === "Leeds City Council")!;
    expect(leeds.respondents.map((m) => m.email)).toEqual(["it.manager@leeds.example"]);
    expect(leeds).toMatchObject({ status: "not-started", sectionsDone: 0, sectionsTotal: 6, lastReminded: null });
    expect(rows.every((r) => r.status !== "submitted")).toBe(true);
    const sections = rows.map((r) => r.sectionsDone);
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    expect(rows.some((r) => r.status === "in-progress" && r.sectionsDone > 0 && r.sectionsDone < 6)).toBe(true);
  });

  it("reminds each member of a council's team once, records it and is audited; not again within 7 days unless forced", async () => {
    const { rows } = await reminders.loadChaseTracker(handle.db, "2026", reminders.parseTrackerFilters(new URLSearchParams()));
    const leeds = rows.find((r) => r.name === "Leeds City Council")!;
    const submitted = rows.find((r) => r.status === "submitted")!;
    const result = await reminders.sendReminders(handle.db, null, staff, {
      slug: "2026",
      councilIds: [leeds.councilId, submitted.councilId],
      force: false,
      now,
    });
    expect(result.sent).toEqual(["Leeds City Council"]);
    expect(result.skipped).toEqual([{ name: submitted.name, reason: "has submitted" }]);
    const sent = await outbox("reminder");
    expect(sent.map((e) => e.recipient)).toEqual(["it.manager@leeds.example"]);
    expect(sent[0]!.body_text).toContain("Your council has not started it yet: 0 of 6 sections done.");
    const again = await reminders.sendReminders(handle.db, null, staff, {
      slug: "2026",
      councilIds: [leeds.councilId],
      force: false,
      now: new Date(now.getTime() + 6 * 86_400_000),
    });
    expect(again.sent).toEqual([]);
    expect(again.skipped[0]!.reason).toBe("was reminded in the last 7 days");
    const forced = await reminders.sendReminders(handle.db, null, staff, {
      slug: "2026",
      councilIds: [leeds.councilId],
      force: true,
      now: new Date(now.getTime() + 6 * 86_400_000),
    });
    expect(forced.sent).toEqual(["Leeds City Council"]);
    const audit = await handle.db.selectFrom("audit_log").select(["action", "actor_email", "detail"]).where("action", "=", "reminder.sent").execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_email === "staff@localtrust.example")).toBe(true);
    const { rows: after } = await reminders.loadChaseTracker(handle.db, "2026", reminders.parseTrackerFilters(new URLSearchParams()));
    expect(after.find((r) => r.name === "Leeds City Council")!.lastReminded).toBe(new Date(now.getTime() + 6 * 86_400_000).toISOString());
  });

  it("a wave that is not open reminds nobody", async () => {
    const { rows } = await reminders.loadChaseTracker(handle.db, "2025", reminders.parseTrackerFilters(new URLSearchParams()));
    const leeds = rows.find((r) => r.name === "Leeds City Council")!;
    const result = await reminders.sendReminders(handle.db, null, staff, { slug: "2025", councilIds: [leeds.councilId], force: true, now });
    expect(result.sent).toEqual([]);
    expect(result.skipped).toEqual([{ name: "Leeds City Council", reason: "cannot be reminded: the wave is not open" }]);
  });

  it("which automatic reminder is due: the nearest one; none after the deadline", () => {
    const at = (iso: string) => new Date(iso);
    expect(reminders.dueReminderDays("2026-12-31", [14, 3], at("2026-12-01T00:00:00Z"))).toEqual({ send: null, passOver: [] });
    expect(reminders.dueReminderDays("2026-12-31", [14, 3], at("2026-12-18T00:00:00Z"))).toEqual({ send: 14, passOver: [] });
    expect(reminders.dueReminderDays("2026-12-31", [14, 3], at("2026-12-29T00:00:00Z"))).toEqual({ send: 3, passOver: [14] });
    expect(reminders.dueReminderDays("2026-12-31", [14, 3], at("2027-01-01T00:00:00Z"))).toEqual({ send: null, passOver: [] });
  });

  it("automatic reminders run once however many processes try, and survive a restart", async () => {
    const wave = await handle.db.selectFrom("waves").select(["id", "closes_on"]).where("slug", "=", "2026").executeTakeFirstOrThrow();
    const due = new Date(reminders.deadlineOf(wave.closes_on!).getTime() - 2 * 86_400_000);
    await handle.db.deleteFrom("reminders").execute();
    await handle.db.deleteFrom("outbox_emails").execute();
    // Three "processes" at once, then a restart later the same day: one run.
    const counts = await Promise.all([1, 2, 3].map(() => reminders.runAutomaticReminders(handle.db, [14, 3], due)));
    expect(counts.filter((n) => n > 0)).toHaveLength(1);
    expect(await reminders.runAutomaticReminders(handle.db, [14, 3], new Date(due.getTime() + 3_600_000))).toBe(0);
    const runs = await handle.db.selectFrom("reminder_runs").select(["days_before", "outcome"]).orderBy("days_before").execute();
    expect(runs).toEqual([
      { days_before: 3, outcome: "sent" },
      { days_before: 14, outcome: "passed over: a nearer reminder was due" },
    ]);
    expect((await outbox("reminder")).map((e) => e.recipient).sort()).toEqual(["digital.lead@cardiff.example", "it.manager@leeds.example"]);
    const audit = await handle.db.selectFrom("audit_log").select("action").where("action", "=", "reminder.automatic-run").execute();
    expect(audit).toHaveLength(1);
  });
});
