import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  DAY_MS,
  dayNumber,
  daysBetween,
  endOfMonth,
  fromDayNumber,
  isIsoDate,
  isMonthDay,
  monthKey,
  parseIsoDate,
  startOfDayMs,
  toIsoDate,
} from "#app/domain/dates.ts";

/*
 * The oracle: the JavaScript Date in UTC, written independently of app/domain/dates.ts (which
 * never goes through Date). setUTCFullYear, unlike Date.UTC, takes years 0–99 literally.
 */
function oracleMs(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}
const oracleIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number, w: number) => String(n).padStart(w, "0");
/** The triple as written, whether or not it is a real date. */
const written = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
/** Real when Date keeps the same y-m-d (it rolls 02-30 over to March). */
const oracleIsReal = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && oracleIso(oracleMs(y, m, d)) === written(y, m, d);
const oracleLastDay = (y: number, m: number) => new Date(oracleMs(y, m + 1, 0)).getUTCDate();

const FIRST = oracleMs(0, 1, 1) / DAY_MS;
const LAST = oracleMs(9999, 12, 31) / DAY_MS;
/** Any day of years 0000–9999, weighted towards month ends and leap days. */
const anyDay = fc.oneof(
  fc.integer({ min: FIRST, max: LAST }),
  fc.integer({ min: 0, max: 9999 }).chain((y) => fc.integer({ min: 1, max: 12 }).map((m) => oracleMs(y, m, oracleLastDay(y, m)) / DAY_MS)),
  fc.integer({ min: 0, max: 2499 }).map((k) => oracleMs(k * 4, 2, 29) / DAY_MS),
);
const anyDate = anyDay.map((n) => oracleIso(n * DAY_MS));
const RUNS = { numRuns: 3000 };

describe("dates against the Date oracle, years 0000–9999", () => {
  it("day numbers and dates convert both ways", () => {
    fc.assert(
      fc.property(anyDay, (n) => {
        const iso = oracleIso(n * DAY_MS);
        expect(fromDayNumber(n)).toBe(iso);
        expect(dayNumber(iso)).toBe(n);
        expect(startOfDayMs(iso)).toBe(n * DAY_MS);
      }),
      RUNS,
    );
  });

  it("accepts exactly the real dates", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        expect(isIsoDate(written(y, m, d))).toBe(oracleIsReal(y, m, d));
      }),
      { numRuns: 10_000 },
    );
  });

  it("a month-day MM-DD is one that occurs in some year (02-29 in leap years)", () => {
    for (let m = 0; m <= 13; m++) {
      for (let d = 0; d <= 32; d++) {
        const md = `${pad(m, 2)}-${pad(d, 2)}`;
        expect(isMonthDay(md), md).toBe(oracleIsReal(2024, m, d));
      }
    }
    expect(isMonthDay("2-29")).toBe(false);
    expect(isMonthDay("02-29 ")).toBe(false);
  });

  it("addDays and daysBetween agree with elapsed UTC days", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40_000, max: 40_000 }), (iso, n) => {
        const target = Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS;
        fc.pre(target >= FIRST * DAY_MS && target <= LAST * DAY_MS);
        const later = oracleIso(target);
        expect(addDays(iso, n)).toBe(later);
        expect(daysBetween(iso, later)).toBe(n);
        expect(daysBetween(later, iso) + n).toBe(0);
      }),
      RUNS,
    );
  });

  it("addMonths keeps the day, clamped to the target month's last day", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -1200, max: 1200 }), (iso, n) => {
        const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
        const months = y * 12 + (m - 1) + n;
        const ty = Math.floor(months / 12);
        fc.pre(ty >= 0 && ty <= 9999);
        const tm = months - ty * 12 + 1;
        // The latest real day of the target month that is not after d.
        let td = d;
        while (!oracleIsReal(ty, tm, td)) td--;
        expect(addMonths(iso, n)).toBe(written(ty, tm, td));
      }),
      RUNS,
    );
  });

  it("an instant's date is its UTC date", () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST * DAY_MS, max: LAST * DAY_MS + DAY_MS - 1 }), (ms) => {
        expect(toIsoDate(ms)).toBe(oracleIso(ms));
        expect(toIsoDate(new Date(ms))).toBe(oracleIso(ms));
      }),
      RUNS,
    );
  });

  it("month key and month end", () => {
    fc.assert(
      fc.property(anyDate, (iso) => {
        const [y, m] = iso.split("-").map(Number) as [number, number];
        expect(monthKey(iso)).toBe(iso.slice(0, 7));
        expect(endOfMonth(iso)).toBe(written(y, m, oracleLastDay(y, m)));
      }),
      RUNS,
    );
  });

  it("dates compare as strings in calendar order", () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect(Math.sign(daysBetween(b, a))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      RUNS,
    );
  });
});

describe("dates, fixed cases", () => {
  it.each([
    ["1900-02-28", 1, "1900-03-01"], // 1900 is not a leap year
    ["2000-02-28", 1, "2000-02-29"], // 2000 is
    ["2100-02-28", 1, "2100-03-01"],
    ["2024-12-31", 1, "2025-01-01"],
    ["1970-01-01", -1, "1969-12-31"],
    ["0000-03-01", -1, "0000-02-29"], // year 0 is a leap year (proleptic Gregorian)
  ])("%s + %i days = %s", (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
  });

  it.each([
    ["2024-01-31", 1, "2024-02-29"],
    ["2023-01-31", 1, "2023-02-28"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-01-15", -13, "2024-12-15"],
  ])("%s + %i months = %s", (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it("the instant's date is the UTC date at both edges of a day", () => {
    expect(toIsoDate(new Date("2024-02-29T00:00:00.000Z"))).toBe("2024-02-29");
    expect(toIsoDate(new Date("2024-02-29T23:59:59.999Z"))).toBe("2024-02-29");
    expect(toIsoDate(new Date("1969-12-31T23:59:59.999Z"))).toBe("1969-12-31");
  });

  it("refuses what is not a calendar date, naming the field", () => {
    for (const bad of ["2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "10/01/2025", "2025-1-05", " 2025-01-05", "2025-01-05T00:00", "", "+02025-01-05", "２０２５-01-05"]) {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => parseIsoDate(bad, "hireDate")).toThrow(new RangeError(`hireDate must be a calendar date YYYY-MM-DD, got "${bad}"`));
      expect(() => dayNumber(bad, "today")).toThrow(/^today must be a calendar date/);
      expect(() => addDays(bad, 1, "completedOn")).toThrow(/^completedOn must be/);
      expect(() => addMonths(bad, 1, "completedOn")).toThrow(/^completedOn must be/);
      expect(() => daysBetween("2025-01-01", bad)).toThrow(RangeError);
      expect(() => startOfDayMs(bad)).toThrow(RangeError);
      expect(() => monthKey(bad)).toThrow(RangeError);
    }
    expect(isIsoDate(undefined)).toBe(false);
    expect(() => parseIsoDate(null, "terminationDate")).toThrow("terminationDate must be a calendar date YYYY-MM-DD, got null");
  });

  it("refuses fractions, invalid instants and years past 9999", () => {
    expect(() => addDays("2025-01-01", 0.5)).toThrow(RangeError);
    expect(() => addMonths("2025-01-01", 1.5)).toThrow(RangeError);
    expect(() => toIsoDate(new Date("nope"))).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addMonths("0000-01-31", -1)).toThrow(RangeError);
  });
});
