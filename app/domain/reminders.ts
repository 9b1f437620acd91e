import type { ComplianceStatus } from "./compliance.ts";

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

/** "Friday, May 15, 2026" — spelled out, so no one misreads 05/06 as June 5. */
export function formatDate(iso: string): string {
  return new Date(toDays(iso) * DAY_MS).toLocaleDateString("en-US", {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
}

/** Whether a current worker's status needs attention today, and the deadline it is about. */
export function attentionFor(status: ComplianceStatus, today: string): Attention | null {
  switch (status.kind) {
    case "due":
      return daysBetween(today, status.dueDate) <= DUE_SOON_WITHIN_DAYS ? { kind: "due-soon", date: status.dueDate } : null;
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

function trimOrigin(origin: string) {
  return origin.replace(/\/+$/, "");
}

function greeting(fullName: string) {
  const name = fullName.trim();
  return name ? `Hello ${name},` : "Hello,";
}

/**
 * The reminder for one roster row today, or null. The employer name appears because the
 * worker knows the employer, not the platform.
 */
export function workerReminder(employerName: string, entry: ReminderEntry, today: string, origin: string): Email | null {
  if (entry.former || !usableEmail(entry.email)) return null;
  const attention = attentionFor(entry.status, today);
  if (!attention) return null;
  const { kind, date } = attention;
  const when = formatDate(date);
  const learn = `${trimOrigin(origin)}/learn`;

  let subject: string;
  let opening: string[];
  switch (kind) {
    case "due-soon": {
      const days = daysBetween(today, date);
      subject = `Reminder: your training is due by ${when}`;
      opening = [
        `${employerName} asks everyone in your job to complete a short training on recognizing and responding to human trafficking.`,
        `Yours is due by ${when}${days === 0 ? " (today)" : days === 1 ? " (tomorrow)" : ` (in ${days} days)`}.`,
      ];
      break;
    }
    case "overdue":
      subject = `Your training was due on ${when}`;
      opening = [
        `${employerName} asks everyone in your job to complete a short training on recognizing and responding to human trafficking.`,
        `Yours was due on ${when}. It is not too late: please complete it when you can in the next few days.`,
      ];
      break;
    case "expired":
      subject = `Time to renew your training (due ${when})`;
      opening = [
        `Thank you for completing the training on recognizing and responding to human trafficking.`,
        `Your certificate was due for renewal on ${when}. Please take the course again when you can in the next few days.`,
      ];
      break;
    case "expiring":
      subject = `Your training certificate is valid through ${when}`;
      opening = [
        `Thank you for completing the training on recognizing and responding to human trafficking.`,
        `Your certificate is valid through ${when}. To stay up to date, please take the course again before then.`,
      ];
      break;
  }

  const body = [
    greeting(entry.fullName),
    "",
    ...opening,
    "",
    "To start, sign in here:",
    learn,
    "",
    "The course takes about 30 minutes. You can pause at any time and pick up where you left off.",
    `If you do not have an account yet, ask your manager at ${employerName} for the link to join.`,
    "",
    "If you have questions, please talk to your manager.",
    "",
    `Frontline Ready, on behalf of ${employerName}`,
    "",
  ].join("\n");

  return { dedupeKey: `worker:${entry.employmentId}:${kind}:${date}`, subject, body };
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

const CATEGORIES: { kind: ReminderKind; heading: string; line: (date: string) => string }[] = [
  { kind: "overdue", heading: "Overdue (first training)", line: (d) => `was due ${formatDate(d)}` },
  { kind: "expired", heading: "Certificate expired (renewal due)", line: (d) => `renewal was due ${formatDate(d)}` },
  { kind: "due-soon", heading: `Due within ${DUE_SOON_WITHIN_DAYS} days`, line: (d) => `due ${formatDate(d)}` },
  { kind: "expiring", heading: "Certificate expiring soon", line: (d) => `valid through ${formatDate(d)}` },
];

/**
 * One admin's daily summary of the employer's workers who need attention, or null when
 * there is nothing to report. Keyed by admin and day: at most one per admin per day.
 */
export function adminDigest(employerName: string, adminId: string, today: string, items: DigestItem[], origin?: string): Email | null {
  if (items.length === 0) return null;
  const counts = CATEGORIES.map((c) => ({ ...c, items: items.filter((i) => i.kind === c.kind) })).filter((c) => c.items.length > 0);
  const summary = counts.map((c) => `${c.items.length} ${c.kind === "due-soon" ? "due soon" : c.kind}`).join(", ");
  const subject = `${employerName}: training summary for ${formatDate(today)} (${summary})`;

  const lines = [`Hello,`, "", `Here is today's training summary for ${employerName}.`, ""];
  for (const c of counts) {
    lines.push(`${c.heading}: ${c.items.length}`);
    const sorted = [...c.items].sort((a, b) => (a.date === b.date ? a.fullName.localeCompare(b.fullName) : a.date < b.date ? -1 : 1));
    for (const i of sorted.slice(0, DIGEST_NAMES_PER_CATEGORY)) {
      lines.push(`  - ${i.fullName}, ${c.line(i.date)}${i.emailed ? "" : " (no email on file: not reminded)"}`);
    }
    if (sorted.length > DIGEST_NAMES_PER_CATEGORY) lines.push(`  … and ${sorted.length - DIGEST_NAMES_PER_CATEGORY} more`);
    lines.push("");
  }
  if (items.some((i) => !i.emailed)) {
    lines.push("Workers with no email on file were not sent a reminder. Please let them know in person.", "");
  }
  lines.push("Workers with an email address on file get their own reminder by email; it mentions only them.");
  if (origin) lines.push("", "See the full roster:", `${trimOrigin(origin)}/employer/roster`);
  lines.push("", "Frontline Ready", "");

  return { dedupeKey: `digest:${adminId}:${today}`, subject, body: lines.join("\n") };
}
