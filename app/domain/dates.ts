/**
 * Plain calendar dates: the one home for `YYYY-MM-DD` parsing, day and month arithmetic, and
 * the UTC day of an instant (ADR 018). Pure: no I/O, no clock, no time zone — every function
 * gives the same answer whatever the process's TZ, on the server and in the browser.
 *
 * A date is an `IsoDate` string `YYYY-MM-DD` (proleptic Gregorian, years 0000–9999). Such
 * strings sort and compare (`<`, `===`) in calendar order, so callers compare them directly.
 * Arithmetic runs on day numbers (days since 1970-01-01) with integer formulas, never through
 * `Date`'s local-time methods; an instant's date is its date in UTC. Semantics are those of
 * Temporal's `PlainDate` with `overflow: "constrain"`: adding months keeps the day of the
 * month, clamped to the target month's last day.
 */

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;
/** A calendar month `YYYY-MM`. */
export type MonthKey = string;

/** Milliseconds in a UTC day (no leap seconds in epoch time). */
export const DAY_MS = 86_400_000;

const MIN_YEAR = 0;
const MAX_YEAR = 9999;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

/** Days from 1970-01-01 to y-m-d (m 1–12); H. Hinnant's days_from_civil. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // [0, 399]
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1; // [0, 365], from March 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146_097 + doe - 719_468;
}

/** The inverse of daysFromCivil; H. Hinnant's civil_from_days. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const MIN_DAY = daysFromCivil(MIN_YEAR, 1, 1);
const MAX_DAY = daysFromCivil(MAX_YEAR, 12, 31);

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** The value of `n` ASCII digits at `at`, or -1 when any is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Day number of a well-formed calendar date, or undefined. */
function tryDayNumber(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length !== 10 || value[4] !== "-" || value[7] !== "-") return undefined;
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function invalid(value: unknown, what: string): RangeError {
  return new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${typeof value === "string" ? `"${value}"` : String(value)}`);
}

function wholeNumber(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` ("2025-02-30" is not). */
export function isIsoDate(value: unknown): value is IsoDate {
  return tryDayNumber(value) !== undefined;
}

/** Whether `value` is a day of the year written `MM-DD`, in some year: "02-29" is, "04-31" is not. */
export function isMonthDay(value: unknown): boolean {
  return typeof value === "string" && isIsoDate(`2000-${value}`); // 2000 is a leap year
}

/** `value` itself when it is a calendar date; otherwise a RangeError naming `what` (the field). */
export function parseIsoDate(value: unknown, what = "date"): IsoDate {
  if (tryDayNumber(value) === undefined) throw invalid(value, what);
  return value as IsoDate;
}

/** Days since 1970-01-01 (negative before); a RangeError naming `what` when not a date. */
export function dayNumber(iso: IsoDate, what = "date"): number {
  const days = tryDayNumber(iso);
  if (days === undefined) throw invalid(iso, what);
  return days;
}

/** Formatted dates, memoized: a roster of thousands repeats the same few hundred dates. */
const FORMATTED = new Map<number, IsoDate>();
const MEMO_LIMIT = 20_000;

/** The date `days` days after 1970-01-01; a RangeError outside years 0000–9999. */
export function fromDayNumber(days: number): IsoDate {
  const known = FORMATTED.get(days);
  if (known !== undefined) return known;
  wholeNumber(days, "a day number");
  if (days < MIN_DAY || days > MAX_DAY) throw new RangeError(`day ${days} is outside years ${MIN_YEAR}–${MAX_YEAR}`);
  const [y, m, d] = civilFromDays(days);
  const iso = format(y, m, d);
  if (FORMATTED.size >= MEMO_LIMIT) FORMATTED.clear();
  FORMATTED.set(days, iso);
  return iso;
}

/** The UTC calendar date of an instant (a Date or epoch milliseconds), whatever the TZ. */
export function toIsoDate(at: Date | number): IsoDate {
  const ms = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a point in time: ${String(at)}`);
  return fromDayNumber(Math.floor(ms / DAY_MS));
}

/** Epoch milliseconds of 00:00 UTC on `iso`. */
export function startOfDayMs(iso: IsoDate, what = "date"): number {
  return dayNumber(iso, what) * DAY_MS;
}

/** `iso` plus `days` calendar days (negative: earlier). */
export function addDays(iso: IsoDate, days: number, what = "date"): IsoDate {
  wholeNumber(days, "days");
  return fromDayNumber(dayNumber(iso, what) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Adds calendar months, clamping to the month's last day: 2024-01-31 + 1 month is
 * 2024-02-29, and 2024-02-29 + 12 months is 2025-02-28.
 */
export function addMonths(iso: IsoDate, months: number, what = "date"): IsoDate {
  wholeNumber(months, "months");
  dayNumber(iso, what);
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`${iso} + ${months} months is outside years ${MIN_YEAR}–${MAX_YEAR}`);
  return format(y, m, Math.min(Number(iso.slice(8, 10)), daysInMonth(y, m)));
}

/** The month `YYYY-MM` a date falls in. */
export function monthKey(iso: IsoDate, what = "date"): MonthKey {
  return parseIsoDate(iso, what).slice(0, 7);
}

/** The last day of the month `iso` falls in. */
export function endOfMonth(iso: IsoDate, what = "date"): IsoDate {
  parseIsoDate(iso, what);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return format(y, m, daysInMonth(y, m));
}
