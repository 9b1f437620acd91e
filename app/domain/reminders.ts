import type { ComplianceStatus } from "./compliance.ts";
import { siteUrl } from "./public-urls.ts";
import { formatDate } from "#app/i18n/format.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import type { Lang, TFunction } from "#app/i18n/translate.ts";

/**
 * Which workers get a training reminder by email, and what it says. Pure: no I/O, no clock —
 * the caller passes `today` (ISO `YYYY-MM-DD`, UTC) and the site's origin.
 *
 * - "due-soon": first training due within DUE_SOON_WITHIN_DAYS days (inclusive; due today
 *   counts). Further out: nothing yet.
 * - "overdue": the first training's due date has passed.
 * - "expired": the certificate has lapsed and renewal is due (status "expired").
 * - "expiring": the certificate's validity ends within EXPIRING_WITHIN_DAYS (status "expiring").
 * - Former staff, workers the rule does not cover, compliant workers and rows without an
 *   email address get none.
 *
 * The dedupe key names the deadline, not the day: `worker:<employmentId>:<kind>:<date>`. The
 * same reminder computed on another day has the same key (the outbox keeps one), and a new
 * deadline (after a renewal) is a new reminder. A reminder holds only its own worker's data.
 *
 * Words come from app/locales/<lang>/email.json. A worker's reminder is written in the
 * language they chose on their account; when no one knows it (a roster row not yet joined,
 * or a worker who never chose), it is written in English and then in Spanish.
 */

export const DUE_SOON_WITHIN_DAYS = 14;

/** Names listed per category in an admin digest; the rest are counted. */
export const DIGEST_NAMES_PER_CATEGORY = 50;

export type ReminderKind = "due-soon" | "overdue" | "expired" | "expiring";

export interface ReminderEntry {
  employmentId: string;
  fullName: string;
  email: string | null;
  status: ComplianceStatus;
  former: boolean;
}

export interface Email {
  dedupeKey: string;
  subject: string;
  body: string;
}

export interface Attention {
  kind: ReminderKind;
  /** The deadline: due date (due-soon, overdue), renewal due date (expired) or last valid day (expiring). */
  date: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDays(iso: string): number {
  const t = ISO_DATE.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) throw new RangeError(`not a calendar date YYYY-MM-DD: "${iso}"`);
  return t / DAY_MS;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDays(to) - toDays(from);
}

/** The email messages in one language (a pure lookup over the bundled message files). */
export function emailText(lang: Lang): TFunction {
  return tFor(lang, "email");
}

/** Whether a current worker's status needs attention today, and the deadline it is about. */
export function attentionFor(status: ComplianceStatus, today: string): Attention | null {
  switch (status.kind) {
    case "due":
      // A law with no deadline: nothing falls due, so there is nothing to remind of by date.
      return status.dueDate !== null && daysBetween(today, status.dueDate) <= DUE_SOON_WITHIN_DAYS ? { kind: "due-soon", date: status.dueDate } : null;
    case "overdue":
      return { kind: "overdue", date: status.dueDate };
    case "expired":
      return { kind: "expired", date: status.dueDate };
    case "expiring":
      return { kind: "expiring", date: status.validUntil };
    default:
      return null;
  }
}

/** Lower-cased and trimmed; null unless it looks like one mailbox (one @, no spaces, commas or angle brackets). */
export function usableEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  if (!e || !/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/.test(e)) return null;
  return e;
}

/**
 * The reminder for one roster row today, or null. The employer name appears because the
 * worker knows the employer, not the platform. `language`: the worker's chosen language, or
 * null when unknown (the reminder is then in English, then Spanish).
 */
export function workerReminder(employerName: string, entry: ReminderEntry, today: string, origin: string, language: Lang | null = "en"): Email | null {
  if (entry.former || !usableEmail(entry.email)) return null;
  const attention = attentionFor(entry.status, today);
  if (!attention) return null;
  const { kind, date } = attention;
  const languages: Lang[] = language ? [language] : ["en", "es"];
  const subject = languages.map((lang) => reminderSubject(kind, date, lang)).join(" / ");
  const parts = languages.map((lang) => reminderBody(employerName, entry.fullName, kind, date, today, origin, lang));
  // Both languages: English, then the Spanish introduced in Spanish.
  const body = parts.join(`${emailText("es")("worker.otherLanguage")}\n`);
  return { dedupeKey: `worker:${entry.employmentId}:${kind}:${date}`, subject, body };
}

function reminderSubject(kind: ReminderKind, date: string, lang: Lang) {
  return emailText(lang)(`worker.${kind}.subject`, { when: formatDate(date, lang, "full") });
}

function reminderBody(employerName: string, fullName: string, kind: ReminderKind, date: string, today: string, origin: string, lang: Lang) {
  const t = emailText(lang);
  const when = formatDate(date, lang, "full");
  const name = fullName.trim();
  const days = daysBetween(today, date);
  const inDays = kind !== "due-soon" ? "" : days === 0 ? t("worker.today") : days === 1 ? t("worker.tomorrow") : t("worker.inDays", { count: days });
  return [
    name ? t("worker.hello", { name }) : t("worker.helloNoName"),
    "",
    t(`worker.${kind}.intro`, { employer: employerName }),
    t(`worker.${kind}.deadline`, { when, inDays }),
    "",
    t("worker.signIn"),
    siteUrl(origin, "/learn"),
    "",
    t("worker.length"),
    t("worker.noAccount", { employer: employerName }),
    "",
    t("worker.questions"),
    "",
    t("worker.signature", { employer: employerName }),
    "",
  ].join("\n");
}

export interface DigestItem extends Attention {
  fullName: string;
  /** Whether the worker was sent a reminder (false: no email address on file). */
  emailed: boolean;
}

/** The digest line for one roster row, or null when it needs no attention (former staff never do). */
export function digestItem(entry: ReminderEntry, today: string): DigestItem | null {
  if (entry.former) return null;
  const attention = attentionFor(entry.status, today);
  if (!attention) return null;
  return { ...attention, fullName: entry.fullName.trim() || "(no name)", emailed: usableEmail(entry.email) !== null };
}

const CATEGORIES: ReminderKind[] = ["overdue", "expired", "due-soon", "expiring"];

/**
 * One admin's daily summary of the employer's workers who need attention, or null when
 * there is nothing to report. Keyed by admin and day: at most one per admin per day.
 * Written in the admin's chosen language (English until they choose).
 */
export function adminDigest(employerName: string, adminId: string, today: string, items: DigestItem[], origin?: string, lang: Lang = "en"): Email | null {
  if (items.length === 0) return null;
  const t = emailText(lang);
  const counts = CATEGORIES.map((kind) => ({ kind, items: items.filter((i) => i.kind === kind) })).filter((c) => c.items.length > 0);
  const summary = counts.map((c) => t(`digest.${c.kind}.count`, { count: c.items.length })).join(", ");
  const subject = t("digest.subject", { employer: employerName, when: formatDate(today, lang, "full"), summary });

  const lines = [t("digest.hello"), "", t("digest.intro", { employer: employerName }), ""];
  for (const c of counts) {
    lines.push(t(`digest.${c.kind}.heading`, { days: DUE_SOON_WITHIN_DAYS, count: c.items.length }));
    const sorted = [...c.items].sort((a, b) => (a.date === b.date ? a.fullName.localeCompare(b.fullName) : a.date < b.date ? -1 : 1));
    for (const i of sorted.slice(0, DIGEST_NAMES_PER_CATEGORY)) {
      const line = t(`digest.${c.kind}.line`, { when: formatDate(i.date, lang, "full") });
      lines.push(`  - ${i.fullName}, ${line}${i.emailed ? "" : t("digest.notReminded")}`);
    }
    if (sorted.length > DIGEST_NAMES_PER_CATEGORY) lines.push(t("digest.more", { count: sorted.length - DIGEST_NAMES_PER_CATEGORY }));
    lines.push("");
  }
  if (items.some((i) => !i.emailed)) {
    lines.push(t("digest.noEmail"), "");
  }
  lines.push(t("digest.ownReminder"));
  if (origin) lines.push("", t("digest.seeRoster"), siteUrl(origin, "/employer/roster"));
  lines.push("", "Frontline Ready", "");

  return { dedupeKey: `digest:${adminId}:${today}`, subject, body: lines.join("\n") };
}
