/**
 * Training reminders by email, through an outbox table — how it works:
 *
 * - `queueReminders` computes every employer's compliance and inserts the reminders and
 *   admin digests that apply today. The dedupe key (unique in the database) makes a reminder
 *   impossible to queue twice, however often or in how many processes the job runs. Pending
 *   rows that no longer apply (the worker trained, left, or moved on to another deadline; an
 *   older day's digest) are closed as "failed" with the reason, so they are never sent late.
 * - `sendPending` sends due rows. Each row is first claimed inside a write transaction by
 *   moving its next attempt forward (a lease), then sent outside it, then the result is
 *   recorded; two runs never send the same row. Rows are claimed one at a time, so the
 *   lease only has to outlast one send (the mailer's timeouts keep a send well under it).
 *   Failures back off (5 min, 10, 20 … capped at 6 h); after MAX_ATTEMPTS the row is "failed".
 * - Without SMTP_URL nothing is sent: rows stay pending, visible with `listOutbox`.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { employers, outbox, users } from "#db/schema.ts";
import { attentionFor, digestItem, isOverdue, nextReminder, usableEmail, type Attention, type DigestItem, type NextReminder, type ReminderEntry } from "#app/domain/reminders.ts";
import type { Lang } from "#app/i18n/translate.ts";
import type { Employer } from "./employer.server.ts";
import { adminDigest, workerReminder } from "#app/email/reminders.server.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { getMailer } from "#app/utils/mailer.server.ts";
import { getEmployerRoster, type RosterEntry } from "./compliance.server.ts";
import { monthlyReportAttachments, queueMonthlyReports } from "./monthly-report.server.ts";

export type OutboxRow = typeof outbox.$inferSelect;
type NewOutboxRow = typeof outbox.$inferInsert;

export const MAX_ATTEMPTS = 6;
/** How long a claimed row is kept from other senders; longer than any one send can take. */
export const LEASE_MS = 10 * 60_000;
const BACKOFF_BASE_MS = 5 * 60_000;
const BACKOFF_CAP_MS = 6 * 3600_000;
/** The reason recorded on a row closed because it no longer applies: an id, which pages translate. */
const NO_LONGER_APPLIES = "no-longer-applies";
/** The same reason as rows closed before it was an id carry it. */
const NO_LONGER_APPLIES_TEXT = "Not sent: no longer applies";

/** Whether a failed row was closed unsent because it no longer applied (not a sending failure). */
export function closedAsNoLongerApplying(row: Pick<OutboxRow, "status" | "lastError">): boolean {
  return row.status === "failed" && (row.lastError === NO_LONGER_APPLIES || row.lastError === NO_LONGER_APPLIES_TEXT);
}

/** Wait before the next attempt after `attempts` failed ones: 5 min × 2^(attempts−1), at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

export interface QueueResult {
  /** Rows inserted now. */
  queued: number;
  /** Rows that already existed under the same dedupe key (queued on an earlier run). */
  skippedDuplicates: number;
  /** Pending rows closed because they no longer apply. */
  superseded: number;
}

/** A roster row as the reminder job sees it: where its reminder would go, in which language. */
interface Recipient {
  entry: RosterEntry;
  input: ReminderEntry;
  /** The roster row's email, else the worker's account's; null: no reminder by email. */
  email: string | null;
  /** The worker's own choice, else what the employer knows; null: both languages. */
  language: Lang | null;
}

/** Every roster row of this employer with where and in which language its reminder would go. */
function recipients(employer: Employer, now: Date): { today: string; list: Recipient[] } {
  const db = getDb();
  const { today, entries } = getEmployerRoster(employer, now);
  // A worker's account email stands in when the roster row has none; the account's
  // language, when the worker chose one, is the reminder's.
  const userIds = [...new Set(entries.map((e) => e.employment.userId).filter((u): u is string => u !== null))];
  const accountEmail = new Map<string, string>();
  const accountLanguage = new Map<string, "en" | "es">();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = db
      .select({ id: users.id, email: users.email, language: users.language })
      .from(users)
      .where(and(inArray(users.id, userIds.slice(i, i + 500)), isNull(users.disabledAt)))
      .all();
    for (const r of rows) {
      if (r.email) accountEmail.set(r.id, r.email);
      if (r.language) accountLanguage.set(r.id, r.language);
    }
  }
  const list = entries.map((entry): Recipient => {
    const { employment } = entry;
    const email = usableEmail(employment.email) ?? usableEmail(employment.userId ? accountEmail.get(employment.userId) : null);
    const input = { employmentId: employment.id, fullName: employment.fullName, email, status: entry.status, former: entry.former };
    const language = (employment.userId && accountLanguage.get(employment.userId)) || employment.language || null;
    return { entry, input, email, language };
  });
  return { today, list };
}

/** Dedupe keys of the daily job's rows (worker reminders and digests): only these are closed when a day's run no longer produces them. */
const DAILY_KEY = /^(worker|digest):/;

export function queueReminders(now: Date, origin: string): QueueResult {
  const db = getDb();
  const result: QueueResult = { queued: 0, skippedDuplicates: 0, superseded: 0 };
  for (const employer of db.select().from(employers).orderBy(asc(employers.createdAt)).all()) {
    const { today, list } = recipients(employer, now);

    const rows: NewOutboxRow[] = [];
    const items: DigestItem[] = [];
    for (const { input, email, language } of list) {
      const item = digestItem(input, today);
      if (item) items.push(item);
      const reminder = workerReminder(employer.name, input, today, origin, language);
      if (reminder && email) rows.push(row(now, { kind: "worker-reminder", employerId: employer.id, employmentId: input.employmentId, toAddress: email, ...reminder }));
    }

    const admins = db
      .select({ id: users.id, email: users.email, language: users.language })
      .from(users)
      .where(and(eq(users.kind, "employer_admin"), eq(users.employerId, employer.id), isNotNull(users.email), isNull(users.disabledAt)))
      .all();
    for (const admin of admins) {
      const to = usableEmail(admin.email);
      const digest = to ? adminDigest(employer.name, admin.id, today, items, origin, admin.language ?? "en") : null;
      if (to && digest) rows.push(row(now, { kind: "admin-digest", employerId: employer.id, employmentId: null, toAddress: to, ...digest }));
    }

    const keys = new Set(rows.map((r) => r.dedupeKey));
    writeTransaction((tx) => {
      for (const r of rows) {
        const { changes } = tx.insert(outbox).values(r).onConflictDoNothing({ target: outbox.dedupeKey }).run();
        if (changes > 0) result.queued += 1;
        else result.skippedDuplicates += 1;
      }
      // Pending daily rows of this employer that today's run did not produce no longer apply
      // (a reminder sent by hand or a monthly report is not the daily job's to close).
      const pending = tx
        .select({ id: outbox.id, dedupeKey: outbox.dedupeKey })
        .from(outbox)
        .where(and(eq(outbox.employerId, employer.id), eq(outbox.status, "pending")))
        .all()
        .filter((p) => DAILY_KEY.test(p.dedupeKey) && !keys.has(p.dedupeKey));
      for (let i = 0; i < pending.length; i += 500) {
        const ids = pending.slice(i, i + 500).map((p) => p.id);
        tx.update(outbox)
          .set({ status: "failed", lastError: NO_LONGER_APPLIES })
          .where(and(inArray(outbox.id, ids), eq(outbox.status, "pending")))
          .run();
      }
      result.superseded += pending.length;
    });
  }
  return result;
}

/** One current worker's reminder as the reminders page lists it. */
export interface ReminderCandidate {
  employmentId: string;
  fullName: string;
  email: string | null;
  next: NextReminder;
  /** The reminder for this deadline was already sent (by the daily job or by hand): when. */
  sentAt: number | null;
}

/**
 * Who would be reminded, and when: every current worker with a reminder due today or coming
 * (app/domain/reminders.ts nextReminder), soonest first, with whether this deadline's reminder
 * was already sent. What the page shows before the daily job has sent anything.
 */
export function reminderCandidates(employer: Employer, now: Date): { today: string; candidates: ReminderCandidate[] } {
  const { today, list } = recipients(employer, now);
  const candidates: ReminderCandidate[] = [];
  for (const { input, email } of list) {
    if (input.former) continue;
    const next = nextReminder(input.status, today);
    if (next) candidates.push({ employmentId: input.employmentId, fullName: input.fullName, email, next, sentAt: null });
  }
  // Sent rows for these deadlines: the daily job's key, or a send by hand (same prefix).
  const sent = new Map<string, number>();
  const keys = candidates.map((c) => dailyWorkerKey(c.employmentId, c.next));
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = getDb()
      .select({ dedupeKey: outbox.dedupeKey, sentAt: outbox.sentAt })
      .from(outbox)
      .where(and(eq(outbox.employerId, employer.id), eq(outbox.status, "sent"), inArray(outbox.employmentId, candidates.slice(i, i + 500).map((c) => c.employmentId))))
      .all();
    for (const r of rows) {
      const key = chunk.find((k) => r.dedupeKey === k || r.dedupeKey.startsWith(`manual:${k.slice("worker:".length)}:`));
      if (key && r.sentAt !== null) sent.set(key, Math.max(sent.get(key) ?? 0, r.sentAt));
    }
  }
  for (const [i, c] of candidates.entries()) c.sentAt = sent.get(keys[i]!) ?? null;
  candidates.sort((a, b) => (a.next.on === b.next.on ? (a.next.date === b.next.date ? a.fullName.localeCompare(b.fullName) : a.next.date < b.next.date ? -1 : 1) : a.next.on < b.next.on ? -1 : 1));
  return { today, candidates };
}

const dailyWorkerKey = (employmentId: string, a: Attention) => `worker:${employmentId}:${a.kind}:${a.date}`;

export type SendNowResult =
  | { ok: true; queued: number; sent: number; held: number; failed: number; noEmail: number; alreadyToday: number; waiting: number }
  | { ok: false; error: "nothingToSend" };

/**
 * "Send now" from the reminders page: the reminder that applies today to one worker
 * (`employmentIds` of one) or to each of several (every overdue worker), queued in the outbox
 * and sent at once through the mailer. A deadline whose reminder the daily job has not sent yet
 * is queued under the daily key (so the job does not send it again); one already sent is sent
 * again under a key of today's date, so a second press the same day sends nothing twice.
 * Without SMTP_URL the rows wait in the outbox, as the daily job's do.
 */
export async function sendRemindersNow(employer: Employer, filter: { employmentId: string } | { overdue: true }, now: Date, origin: string): Promise<SendNowResult> {
  const { today, list } = recipients(employer, now);
  const chosen = list.filter((r) => {
    if (r.input.former) return false;
    if ("employmentId" in filter) return r.input.employmentId === filter.employmentId;
    const a = attentionFor(r.input.status, today);
    return a !== null && isOverdue(a.kind);
  });
  const result = { ok: true as const, queued: 0, sent: 0, held: 0, failed: 0, noEmail: 0, alreadyToday: 0, waiting: 0 };
  const ids: string[] = [];
  for (const r of chosen) {
    const reminder = workerReminder(employer.name, r.input, today, origin, r.language);
    if (!reminder || !r.email) {
      if (attentionFor(r.input.status, today)) result.noEmail += 1;
      continue;
    }
    const base = row(now, { kind: "worker-reminder", employerId: employer.id, employmentId: r.input.employmentId, toAddress: r.email, ...reminder });
    const id = writeTransaction((tx) => {
      const existing = tx.select().from(outbox).where(eq(outbox.dedupeKey, reminder.dedupeKey)).get();
      if (!existing) {
        tx.insert(outbox).values(base).run();
        return base.id;
      }
      // Waiting already: sent below if it is due; one being sent or backing off after a failed
      // try is left to its sender (moving its time could send it twice).
      if (existing.status === "pending") return existing.nextAttemptAt <= now.getTime() ? existing.id : "waiting";
      const again = { ...base, dedupeKey: `manual:${reminder.dedupeKey.slice("worker:".length)}:${today}` };
      const { changes } = tx.insert(outbox).values(again).onConflictDoNothing({ target: outbox.dedupeKey }).run();
      return changes > 0 ? again.id : null;
    });
    if (id === null) result.alreadyToday += 1;
    else if (id === "waiting") result.waiting += 1;
    else {
      result.queued += 1;
      ids.push(id);
    }
  }
  if (ids.length === 0 && result.alreadyToday === 0 && result.noEmail === 0 && result.waiting === 0) return { ok: false, error: "nothingToSend" };
  if (ids.length > 0) {
    const sent = await sendPending(now, { limit: ids.length, ids });
    result.sent = sent.sent;
    result.held = sent.held;
    result.failed = sent.retrying + sent.failed;
  }
  return result;
}

function row(
  now: Date,
  r: Pick<NewOutboxRow, "kind" | "employerId" | "employmentId" | "toAddress" | "dedupeKey" | "subject" | "body">,
): NewOutboxRow {
  return { id: newId(), ...r, createdAt: now.getTime(), status: "pending", attempts: 0, nextAttemptAt: now.getTime(), sentAt: null, lastError: null };
}

export interface SendResult {
  sent: number;
  /** Failed this time; will be tried again later. */
  retrying: number;
  /** Failed for the last time (MAX_ATTEMPTS reached). */
  failed: number;
  /** Due but not sent because SMTP_URL is unset. */
  held: number;
}

export async function sendPending(now: Date, opts: { limit?: number; ids?: readonly string[] } = {}): Promise<SendResult> {
  const limit = opts.limit ?? 100;
  const result: SendResult = { sent: 0, retrying: 0, failed: 0, held: 0 };
  // `ids`: only these rows (a "send now"); otherwise every due row.
  const due = and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now.getTime()), opts.ids ? inArray(outbox.id, [...opts.ids]) : undefined);
  const mailer = getMailer();
  if (!mailer) {
    result.held = getDb().select({ id: outbox.id }).from(outbox).where(due).limit(limit).all().length;
    return result;
  }

  // One row at a time: the lease then only has to outlast a single send.
  const claimNext = () =>
    writeTransaction((tx) => {
      const r = tx.select().from(outbox).where(due).orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt)).limit(1).get();
      if (r) tx.update(outbox).set({ nextAttemptAt: now.getTime() + LEASE_MS }).where(and(eq(outbox.id, r.id), due)).run();
      return r;
    });

  for (let n = 0; n < limit; n++) {
    const r = claimNext();
    if (!r) break;
    try {
      // A monthly report carries the roster CSV and the report PDF, made as it is sent.
      const attachments = r.kind === "monthly-report" ? await monthlyReportAttachments(r, now) : undefined;
      await mailer.transport.sendMail({ from: mailer.from, to: r.toAddress, subject: r.subject, text: r.body, attachments });
      writeTransaction((tx) => tx.update(outbox).set({ status: "sent", sentAt: now.getTime(), lastError: null }).where(eq(outbox.id, r.id)).run());
      result.sent += 1;
    } catch (error) {
      const attempts = r.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      writeTransaction((tx) =>
        tx
          .update(outbox)
          .set({ attempts, lastError: message, status: giveUp ? "failed" : "pending", nextAttemptAt: now.getTime() + backoffMs(attempts) })
          // A row closed meanwhile (no longer applies) stays closed.
          .where(and(eq(outbox.id, r.id), eq(outbox.status, "pending")))
          .run(),
      );
      if (giveUp) result.failed += 1;
      else result.retrying += 1;
    }
  }
  return result;
}

/** The employer's outbox, newest first: what was sent, what waits, what failed and why. */
export function listOutbox(employerId: string, limit = 100): OutboxRow[] {
  return getDb()
    .select()
    .from(outbox)
    .where(eq(outbox.employerId, employerId))
    .orderBy(desc(outbox.createdAt), asc(outbox.dedupeKey))
    .limit(limit)
    .all();
}

export interface DailyResult extends QueueResult, SendResult {
  /** Monthly reports queued now (the first daily run of a month). */
  monthly: number;
}

/**
 * The daily job: queue today's reminders and digests, and this month's reports to admins
 * (once a month each), then send what is due. Not audited:
 * the audit log has no action for it (the outbox itself is the record of what was sent).
 */
export async function runDailyReminders(now: Date, origin: string): Promise<DailyResult> {
  const queued = queueReminders(now, origin);
  const monthly = queueMonthlyReports(now, origin);
  const sent = await sendPending(now, { limit: 1000 });
  return { ...queued, monthly: monthly.queued, ...sent };
}
