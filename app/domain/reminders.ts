import { EXPIRING_WITHIN_DAYS, type ComplianceStatus } from "./compliance.ts";
import { addDays, daysBetween } from "./dates.ts";

/**
 * Which workers get a training reminder by email, and about which deadline. Pure: no I/O, no
 * clock — the caller passes `today` (ISO `YYYY-MM-DD`, UTC). What the emails say is in
 * app/email/reminders.server.ts.
 *
 * - "due-soon": first training due within DUE_SOON_WITHIN_DAYS days (inclusive; due today
 *   counts). Further out: nothing yet.
 * - "overdue": the first training's due date has passed.
 * - "expired": the certificate has lapsed and renewal is due (status "expired").
 * - "expiring": the certificate's validity ends within EXPIRING_WITHIN_DAYS (status "expiring").
 * - Former staff, workers the rule does not cover, compliant workers and rows without an
 *   email address get none.
 *
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

export interface Attention {
  kind: ReminderKind;
  /** The deadline: due date (due-soon, overdue), renewal due date (expired) or last valid day (expiring). */
  date: string;
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

export interface NextReminder extends Attention {
  /** The day the reminder goes out: today when it applies now, else the day it will start to. */
  on: string;
}

/**
 * The reminder a current worker gets today, or else the next one their status will bring if
 * nothing changes meanwhile (their first training coming within DUE_SOON_WITHIN_DAYS, their
 * certificate within EXPIRING_WITHIN_DAYS of its end); null when none is in sight.
 */
export function nextReminder(status: ComplianceStatus, today: string): NextReminder | null {
  const now = attentionFor(status, today);
  if (now) return { ...now, on: today };
  if (status.kind === "due" && status.dueDate !== null) return { kind: "due-soon", date: status.dueDate, on: addDays(status.dueDate, -DUE_SOON_WITHIN_DAYS) };
  if (status.kind === "compliant" && status.validUntil !== null) return { kind: "expiring", date: status.validUntil, on: addDays(status.validUntil, -EXPIRING_WITHIN_DAYS) };
  return null;
}

/** Whether a reminder is about a deadline already passed (first training overdue, or renewal past due): what "send to all overdue" sends. */
export function isOverdue(kind: ReminderKind): boolean {
  return kind === "overdue" || kind === "expired";
}
