import { describe, expect, it } from "vitest";
import { clockTimeIn, formatCountdown, formatTime, hourOfDay, zoneName } from "#app/i18n/format.ts";
import { countNew } from "#tests/support/count-new.ts";

const at = (h: number, m: number) => Date.UTC(2026, 11, 6, h, m);

describe("times of day", () => {
  it("a time in a named zone, for a page drawn without JavaScript: winter and summer names, Spanish 'la' at one o'clock", () => {
    expect(clockTimeIn(at(20, 32), "en", "America/Chicago")).toEqual({ time: "2:32\u00a0PM", zone: "CST", hour: 14 });
    expect(clockTimeIn(at(7, 5), "es", "America/Chicago")).toEqual({ time: "1:05", zone: "CST", hour: 1 });
    expect(zoneName(Date.UTC(2026, 6, 1, 12), "es", "America/Chicago")).toBe("CDT");
    expect(zoneName(at(12, 0), "en", "UTC")).toBe("UTC");
  });

  it("a zone's name builds its formatter once per language and zone, and still follows summer time", () => {
    const names: string[] = [];
    const made = countNew(Intl, "DateTimeFormat", () => {
      // A zone no other test names, so the first call here builds its formatter.
      for (let i = 0; i < 5; i++) names.push(zoneName(Date.UTC(2026, 0, 15 + i, 12), "en", "America/Denver"));
      names.push(zoneName(Date.UTC(2026, 6, 1, 12), "en", "America/Denver"));
    });
    expect(names).toEqual(["MST", "MST", "MST", "MST", "MST", "MDT"]);
    expect(made).toBe(1);
  });

  it("English on the 12-hour clock, Spanish on the 24-hour clock without a leading zero", () => {
    expect(formatTime(at(14, 32), "en", "UTC")).toBe("2:32\u00a0PM");
    expect(formatTime(at(14, 32), "es", "UTC")).toBe("14:32");
    expect(formatTime(at(1, 5), "es", "UTC")).toBe("1:05");
    expect(formatTime(at(0, 30), "es", "UTC")).toBe("0:30");
    expect(formatTime(at(0, 30), "en", "UTC")).toBe("12:30\u00a0AM");
  });

  it("in the zone asked for", () => {
    expect(formatTime(at(19, 5), "es", "America/Chicago")).toBe("13:05");
    expect(formatTime(at(19, 5), "en", "America/Los_Angeles")).toBe("11:05\u00a0AM");
    expect(hourOfDay(at(19, 5), "America/Chicago")).toBe(13);
    expect(hourOfDay(at(7, 5), "America/Chicago")).toBe(1);
    expect(hourOfDay(at(6, 5), "America/Chicago")).toBe(0);
  });

  it("a countdown as a clock shows it", () => {
    expect(formatCountdown(299_001)).toBe("5:00");
    expect(formatCountdown(65_000)).toBe("1:05");
    expect(formatCountdown(3_720_000)).toBe("1:02:00");
    expect(formatCountdown(-1)).toBe("0:00");
  });
});
