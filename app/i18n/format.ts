/**
 * Days, counts and percentages as people read them, in their language: the one home for
 * every figure and date the app shows to people (pages, charts, PDFs, emails). Pure; the
 * server and the browser format alike.
 *
 * Machine outputs keep the plain forms: ISO dates and unformatted numbers in CSV data
 * columns, JSON APIs and audit rows.
 *
 * Both languages use United States conventions (the people using the app are there):
 * Spanish is es-US, whose numbers read "1,234.5" as in English. Spanish writes a space
 * before the percent sign ("62.5 %"), a no-break space so the sign never wraps alone.
 */
import type { Lang } from "./languages.ts";
import { startOfDayMs } from "#app/domain/dates.ts";

const LOCALE: Record<Lang, string> = { en: "en-US", es: "es-US" };

/** What a missing or suppressed figure shows. */
export const NO_FIGURE = "—";

/**
 * "long": "March 5, 2027" / "5 de marzo de 2027"; "full" adds the weekday: "Friday, March 5,
 * 2027" / "viernes, 5 de marzo de 2027". Spelled out, so no one misreads 05/03 as May 3.
 */
export type DateStyle = "long" | "full";

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A calendar day ("YYYY-MM-DD") in words. The day itself, whatever the time zone of the
 * server or the browser: it is read as midnight UTC and written in UTC. Throws a RangeError
 * for anything that is not a calendar day.
 */
export function formatDate(iso: string, lang: Lang, style: DateStyle = "long"): string {
  const at = new Date(startOfDayMs(iso));
  const key = `${lang} ${style}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: style, timeZone: "UTC" })));
  return format.format(at);
}

/**
 * The time zone in which a jurisdiction's people read clock times: the state's most populous
 * zone (a state spanning two uses the one most of its people live in). A jurisdiction not
 * listed, or none (the platform's own administrators), reads UTC, which the formatted time
 * names, so a time is never shown without its zone.
 */
const TIME_ZONES: Record<string, string> = {
  "US-CA": "America/Los_Angeles",
  "US-CT": "America/New_York",
  "US-FL": "America/New_York",
  "US-IL": "America/Chicago",
  "US-LA": "America/Chicago",
  "US-MD": "America/New_York",
  "US-MN": "America/Chicago",
  "US-NJ": "America/New_York",
  "US-NY": "America/New_York",
  "US-TX": "America/Chicago",
  "US-WA": "America/Los_Angeles",
  "US-WI": "America/Chicago",
};

export function timeZoneOf(jurisdiction: string | null | undefined): string {
  return (jurisdiction && Object.prototype.hasOwnProperty.call(TIME_ZONES, jurisdiction) ? TIME_ZONES[jurisdiction] : undefined) ?? "UTC";
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as people read it: the day in words and the clock time in `timeZone`, which is
 * named: "March 5, 2027 at 2:32 PM CST" / "5 de marzo de 2027 a las 2:32 p.m. CST" (with
 * "second", the seconds too). Pages, PDFs and emails show every time this way, rendered on the
 * server in the reader's jurisdiction's zone (timeZoneOf); machine outputs (CSV, JSON, audit
 * rows in files) keep ISO 8601 in UTC.
 */
export function formatDateTime(at: number | Date | string, lang: Lang, timeZone = "UTC", precision: "minute" | "second" = "minute"): string {
  const key = `${lang} ${timeZone} ${precision}`;
  let format = timeFormats.get(key);
  if (!format) {
    const seconds = precision === "second" ? { second: "2-digit" as const } : {};
    format = new Intl.DateTimeFormat(LOCALE[lang], { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", ...seconds, timeZoneName: "short", timeZone });
    timeFormats.set(key, format);
  }
  return format.format(new Date(at));
}

function numberFormat(lang: Lang, fractionDigits: number | undefined, maxDigits: number): Intl.NumberFormat {
  const key = `${lang} ${fractionDigits ?? ""} ${maxDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    const digits = fractionDigits === undefined ? { maximumFractionDigits: maxDigits } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
    numberFormats.set(key, (format = new Intl.NumberFormat(LOCALE[lang], digits)));
  }
  return format;
}

/** A count or amount: "12,345" (both languages); null or not finite: "—". */
export function formatNumber(value: number | null, lang: Lang, fractionDigits?: number): string {
  return value === null || !Number.isFinite(value) ? NO_FIGURE : numberFormat(lang, fractionDigits, 3).format(value);
}

/**
 * A percentage given as 0..100: "62.5%" / "62.5 %". At most one decimal unless
 * `fractionDigits` fixes how many ("70.0%"); null or not finite: "—".
 */
export function formatPercent(value: number | null, lang: Lang, fractionDigits?: number): string {
  if (value === null || !Number.isFinite(value)) return NO_FIGURE;
  const n = numberFormat(lang, fractionDigits, 1).format(value);
  return lang === "es" ? `${n}\u00a0%` : `${n}%`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

function timeParts(at: number | Date, lang: Lang, timeZone: string | undefined): { hour: number; minute: string; dayPeriod: string } {
  const key = `${lang} ${timeZone ?? ""}`;
  let format = clockFormats.get(key);
  if (!format) {
    clockFormats.set(key, (format = new Intl.DateTimeFormat(LOCALE[lang], { hour: "numeric", minute: "2-digit", hourCycle: lang === "es" ? "h23" : "h12", timeZone })));
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { hour: Number(part("hour")), minute: part("minute"), dayPeriod: part("dayPeriod") };
}

/**
 * A time of day as the reader writes it: "2:32 PM" on an English page, "14:32" on a Spanish one
 * (the 24-hour clock, and "1:05", never "01:05"). In `timeZone` (IANA), else in the runtime's
 * own zone: call it without one only in the browser, whose zone is the reader's; the server
 * does not know it. A sentence that says "at" takes its number from `hourOfDay`
 * ("a la 1:05", "a las 13:05").
 */
export function formatTime(at: number | Date, lang: Lang, timeZone?: string): string {
  const { hour, minute, dayPeriod } = timeParts(at, lang, timeZone);
  return lang === "es" ? `${hour}:${minute}` : `${hour}:${minute}\u00a0${dayPeriod}`;
}

/** The hour (0–23) of `formatTime`'s time, as a count for the sentence around it: Spanish "a la 1:05" is singular. */
export function hourOfDay(at: number | Date, timeZone?: string): number {
  return timeParts(at, "es", timeZone).hour;
}

/** The short name of `timeZone` at that instant, as the reader's language writes it: "CST", "CDT", "UTC". */
export function zoneName(at: number | Date, lang: Lang, timeZone: string): string {
  // One formatter per language and zone, as `timeParts` keeps: building an Intl.DateTimeFormat
  // costs far more than using one (it was ~5 % of a module page's CPU, ADR 036).
  const key = `${lang} ${timeZone}`;
  let format = zoneFormats.get(key);
  if (!format) zoneFormats.set(key, (format = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: "short" })));
  return format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A time of day in a named zone, for a sentence like "at 2:32 PM CST" / "a las 14:32 (CST)":
 * the time, the zone's short name, and the hour that picks Spanish "la"/"las" (`hourOfDay`).
 */
export function clockTimeIn(at: number | Date, lang: Lang, timeZone: string): { time: string; zone: string; hour: number } {
  return { time: formatTime(at, lang, timeZone), zone: zoneName(at, lang, timeZone), hour: hourOfDay(at, timeZone) };
}

/** A time left as a clock counts it down: "4:05", "1:02:00"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
