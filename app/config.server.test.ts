import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.server";

// The email settings: checked at start-up, a bad one named.
const base = { DATABASE_URL: "file::memory:", SESSION_SECRET: "x".repeat(40) };

describe("email configuration", () => {
  it("reads the automatic reminder days, nearest last, or none", () => {
    expect(parseConfig(base).REMINDER_DAYS_BEFORE).toEqual([14, 3]);
    expect(parseConfig({ ...base, REMINDER_DAYS_BEFORE: "3, 7,30" }).REMINDER_DAYS_BEFORE).toEqual([30, 7, 3]);
    expect(parseConfig({ ...base, REMINDER_DAYS_BEFORE: "off" }).REMINDER_DAYS_BEFORE).toEqual([]);
    for (const bad of ["0", "two", "14;3", "400"]) {
      expect(() => parseConfig({ ...base, REMINDER_DAYS_BEFORE: bad })).toThrow(/REMINDER_DAYS_BEFORE: must be days before the deadline/);
    }
  });

  it("takes MAIL_FROM as an address, with or without a name, and refuses anything else", () => {
    expect(parseConfig({ ...base, MAIL_FROM: "LocalTrust <no-reply@lt.example.org>" }).MAIL_FROM).toBe("LocalTrust <no-reply@lt.example.org>");
    expect(parseConfig({ ...base, MAIL_FROM: "no-reply@lt.example.org" }).MAIL_FROM).toBe("no-reply@lt.example.org");
    for (const bad of ["no-reply", "a@b\r\nBcc: x@y", "<>"]) expect(() => parseConfig({ ...base, MAIL_FROM: bad })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, SMTP_URL: "not a url" })).toThrow(/SMTP_URL/);
  });
});

describe("snapshot pacing", () => {
  it("reads SNAPSHOT_MIN_INTERVAL_SECONDS: 60 by default, 0 for none, and refuses anything but whole seconds up to a day", () => {
    expect(parseConfig(base).SNAPSHOT_MIN_INTERVAL_SECONDS).toBe(60);
    expect(parseConfig({ ...base, SNAPSHOT_MIN_INTERVAL_SECONDS: "0" }).SNAPSHOT_MIN_INTERVAL_SECONDS).toBe(0);
    expect(parseConfig({ ...base, SNAPSHOT_MIN_INTERVAL_SECONDS: "300" }).SNAPSHOT_MIN_INTERVAL_SECONDS).toBe(300);
    for (const bad of ["-1", "1.5", "soon", "86401"]) {
      expect(() => parseConfig({ ...base, SNAPSHOT_MIN_INTERVAL_SECONDS: bad })).toThrow(/SNAPSHOT_MIN_INTERVAL_SECONDS/);
    }
  });
});
