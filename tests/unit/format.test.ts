import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate, formatNumber, formatPercent, formatDateTime, NO_FIGURE, timeZoneOf } from "#app/i18n/format.ts";

const NBSP = "\u00a0";

describe("calendar days in words", () => {
  it("spells the day out in English and in Spanish", () => {
    expect(formatDate("2027-03-05", "en")).toBe("March 5, 2027");
    expect(formatDate("2027-03-05", "es")).toBe("5 de marzo de 2027");
    expect(formatDate("2027-03-05", "en", "full")).toBe("Friday, March 5, 2027");
    expect(formatDate("2027-03-05", "es", "full")).toBe("viernes, 5 de marzo de 2027");
  });

  describe("is that calendar day in every time zone the server or browser is in", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });
    it.each(["Pacific/Honolulu", "America/New_York", "Pacific/Kiritimati"])("%s", async (tz) => {
      process.env.TZ = tz;
      vi.resetModules(); // a fresh module: no formatter made in another zone
      const fresh = await import("#app/i18n/format.ts");
      expect(fresh.formatDate("2027-01-01", "en", "full")).toBe("Friday, January 1, 2027");
      expect(fresh.formatDate("2026-12-31", "es")).toBe("31 de diciembre de 2026");
    });
  });

  it("refuses what is not a calendar day", () => {
    for (const bad of ["2027-02-29", "2027-13-01", "2027-3-5", "March 5, 2027", "2027-03-05T00:00:00Z", ""]) {
      expect(() => formatDate(bad, "en"), bad).toThrow(RangeError);
    }
  });
});

/** ICU puts a narrow no-break space before AM/PM in some versions, a space in others. */
const plain = (s: string) => s.replace(/\s/g, " ");

describe("instants", () => {
  it("are shown in words, in the reader's language and local time, with the zone named; the same from a timestamp, a Date or ISO text", () => {
    const ms = Date.parse("2027-03-05T20:32:45.123Z");
    expect(plain(formatDateTime(ms, "en", timeZoneOf("US-TX")))).toBe("March 5, 2027 at 2:32 PM CST");
    expect(plain(formatDateTime(new Date(ms), "es", timeZoneOf("US-TX")))).toBe("5 de marzo de 2027 a las 2:32 p.m. CST");
    expect(plain(formatDateTime("2027-03-05T20:32:45.123Z", "en", timeZoneOf("US-CA"), "second"))).toBe("March 5, 2027 at 12:32:45 PM PST");
    // Summer time, and the day changes with the zone: 03:10 UTC is still the evening before in California.
    expect(plain(formatDateTime("2027-07-06T03:10:00Z", "es", timeZoneOf("US-CA")))).toBe("5 de julio de 2027 a las 8:10 p.m. PDT");
  });

  it("read UTC, named, where no zone is known (a jurisdiction not listed, or none)", () => {
    expect(timeZoneOf(null)).toBe("UTC");
    expect(timeZoneOf("US-ZZ")).toBe("UTC");
    expect(timeZoneOf("constructor")).toBe("UTC");
    expect(plain(formatDateTime("2027-03-05T20:32:00Z", "en"))).toBe("March 5, 2027 at 8:32 PM UTC");
  });
});

describe("numbers and percentages", () => {
  it("group thousands the US way in both languages", () => {
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
    expect(formatNumber(1234567, "es")).toBe("1,234,567");
    expect(formatNumber(0, "es")).toBe("0");
  });

  it("write a percentage with at most one decimal: no space in English, a no-break space in Spanish", () => {
    expect(formatPercent(12.5, "en")).toBe("12.5%");
    expect(formatPercent(12.5, "es")).toBe(`12.5${NBSP}%`);
    expect(formatPercent(80, "en")).toBe("80%");
    expect(formatPercent(100, "es")).toBe(`100${NBSP}%`);
    expect(formatPercent(2 / 3 * 100, "en")).toBe("66.7%");
  });

  it("fix the decimals when asked, so a column lines up", () => {
    expect(formatPercent(70, "en", 1)).toBe("70.0%");
    expect(formatPercent(1234.5, "en", 1)).toBe("1,234.5%");
    expect(formatNumber(3, "en", 2)).toBe("3.00");
  });

  it("show a dash for a missing figure", () => {
    for (const v of [null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatNumber(v, "en")).toBe(NO_FIGURE);
      expect(formatPercent(v, "es")).toBe(NO_FIGURE);
    }
    expect(NO_FIGURE).toBe("—");
  });
});
