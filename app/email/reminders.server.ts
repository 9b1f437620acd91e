/**
 * What the reminder emails say (the rules of who gets one are in app/domain/reminders.ts).
 * Words come from app/locales/<lang>/email.json. A worker's reminder is written in the
 * language they chose on their account; when no one knows it (a roster row not yet joined,
 * or a worker who never chose), it is written in English and then in Spanish.
 *
 * The dedupe key names the deadline, not the day: `worker:<employmentId>:<kind>:<date>`. The
 * same reminder computed on another day has the same key (the outbox keeps one), and a new
 * deadline (after a renewal) is a new reminder. A reminder holds only its own worker's data.
 */
import { attentionFor, DIGEST_NAMES_PER_CATEGORY, DUE_SOON_WITHIN_DAYS, usableEmail, type DigestItem, type ReminderEntry, type ReminderKind } from "#app/domain/reminders.ts";
import { daysBetween } from "#app/domain/dates.ts";
import { siteUrl } from "#app/domain/public-urls.ts";
import { formatDate } from "#app/i18n/format.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import type { Lang, TFunction } from "#app/i18n/translate.ts";

export interface Email {
  dedupeKey: string;
  subject: string;
  body: string;
}

/** The email messages in one language (a pure lookup over the bundled message files). */
export function emailText(lang: Lang): TFunction {
  return tFor(lang, "email");
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
