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
import type { Lang } from "./translate.ts";
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
 * An instant as "YYYY-MM-DD HH:MM" (or with ":SS") in UTC: how pages and PDFs show when
 * something happened, next to a "UTC" the caller's words supply. The same in both languages.
 */
export function formatUtcTime(at: number | Date | string, precision: "minute" | "second" = "minute"): string {
  return new Date(at).toISOString().slice(0, precision === "second" ? 19 : 16).replace("T", " ");
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
