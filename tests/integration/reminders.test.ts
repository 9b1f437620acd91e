/**
 * Reminder emails end to end: a real SMTP server in this process receives what the daily
 * job sends, and the tests assert on the messages it got (and on the outbox rows).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { certificates, employments, outbox, quizAttempts } from "#db/schema.ts";
import { addMonths, toIsoDate } from "#app/domain/dates.ts";
import { formatDate } from "#app/i18n/format.ts";
import { createEmployer, type Employer } from "#app/models/employer.server.ts";
import { closedAsNoLongerApplying, listOutbox, queueReminders, runDailyReminders, sendPending } from "#app/models/reminders.server.ts";
import { createUser } from "#app/models/user.server.ts";
import { addEmployment } from "#app/models/employment.server.ts";
import { changeStatuses } from "#app/models/status.server.ts";
import { advanceClock, now } from "#app/utils/clock.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvCache } from "#app/utils/env.server.ts";
import { getMailer, resetMailer } from "#app/utils/mailer.server.ts";
import { startReminderScheduler, stopReminderScheduler } from "#app/server/scheduler.server.ts";
import { startTestApp } from "#tests/support/harness.ts";
import { startSmtpReceiver, type Received, type SmtpReceiver } from "#tests/support/smtp-receiver.ts";
import { setMonthlyReport } from "#app/models/monthly-report.server.ts";

const ORIGIN = "https://frontline.example.org";
const DAY = 24 * 3600_000;

let receiver: SmtpReceiver;
let received: Received[] = [];
let rejected = new Set<string>();
let smtpUrl = "";

/** Calendar-day arithmetic written independently of the code under test. */
function day(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const to = (address: string) => received.filter((m) => m.to.includes(address));

function outboxRow(dedupeKeyPrefix: string) {
  const rows = getDb().select().from(outbox).all().filter((r) => r.dedupeKey.startsWith(dedupeKeyPrefix));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

let employer: Employer;
let elsewhere: Employer;
const today0 = () => toIsoDate(now());
const A = {
  soon: "sam.soon@reminders.test",
  later: "lee.later@reminders.test",
  overdue: "olga.overdue@reminders.test",
  expiring: "eve.expiring@reminders.test",
  former: "fred.former@reminders.test",
  bounce: "bo.bounce@reminders.test",
  account: "ace.account@reminders.test",
  admin: "admin@reminders.test",
  elsewhere: "elsie@elsewhere.test",
  elsewhereAdmin: "admin@elsewhere.test",
};
const ids: Record<string, string> = {};
let dueSoonDate = "";
let overdueDate = "";
let expiringUntil = "";

async function worker(key: string, fullName: string, hireDate: string, email: string | null, userId: string | null = null, emp = employer) {
  const e = changeStatuses(now(), (tx) => addEmployment({ userId, employerId: emp.id, jobRole: "housekeeping", fullName, hireDate, email }, now(), tx));
  ids[key] = e.id;
  return e;
}

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  ({ received, rejected, url: smtpUrl } = receiver);
  process.env.SMTP_URL = smtpUrl;
  delete process.env.MAIL_FROM;
  delete process.env.REMINDERS;
  await startTestApp({ seed: false });
  resetMailer();

  const t = now();
  const today = toIsoDate(t);
  employer = createEmployer({ name: "Reminder Test Inn", sector: "lodging", jurisdiction: "US-TX" }, t);
  // A jurisdiction with no rule: nobody there is covered, so nothing is sent.
  elsewhere = createEmployer({ name: "Elsewhere Lodge", sector: "lodging", jurisdiction: "US-ZZ" }, t);
  const remAdmin = await createUser({ username: "rem-admin", name: "Ada Admin", password: "correct horse battery staple", kind: "employer_admin", employerId: employer.id, email: A.admin }, t);
  await createUser({ username: "rem-admin-2", name: "No Email Admin", password: "correct horse battery staple", kind: "employer_admin", employerId: employer.id }, t);
  const elseAdmin = await createUser({ username: "else-admin", name: "Else Admin", password: "correct horse battery staple", kind: "employer_admin", employerId: elsewhere.id, email: A.elsewhereAdmin }, t);
  // These tests count daily reminders and digests: the monthly report (monthly-report.test.ts) is off.
  setMonthlyReport({ admin: { ...remAdmin, employerId: employer.id }, on: false }, t);
  setMonthlyReport({ admin: { ...elseAdmin, employerId: elsewhere.id }, on: false }, t);

  // US-TX lodging: first training within 90 days of hire, renewed every 12 months.
  dueSoonDate = day(today, 10);
  overdueDate = day(today, -10);
  await worker("soon", "Sam Soon", day(today, -80), A.soon);
  await worker("later", "Lee Later", day(today, -60), A.later); // due in 30 days: not yet
  const olga = await worker("overdue", "Olga Overdue", day(today, -100), A.overdue);
  // Her employer says she reads English (she has not joined): her reminder is in English only.
  changeStatuses(now(), (tx) => tx.update(employments).set({ language: "en" }).where(eq(employments.id, olga.id)).run());
  await worker("noEmail", "Nora Noemail", day(today, -80), null);
  await worker("bounce", "Bo Bounce", day(today, -85), A.bounce);
  const former = await worker("former", "Fred Former", day(today, -80), A.former);
  changeStatuses(now(), (tx) => tx.update(employments).set({ endedAt: Date.parse(`${day(today, -1)}T00:00:00Z`) }).where(eq(employments.id, former.id)).run());
  // No email on the roster row: the worker's own account email is used.
  // Ace chose Spanish on his account: his reminder is in Spanish only.
  const ace = await createUser({ username: "ace", name: "Ace Account", password: "correct horse battery staple", kind: "worker", email: A.account, language: "es" }, t);
  await worker("account", "Ace Account", day(today, -80), null, ace.id);
  await worker("elsewhere", "Elsie Elsewhere", day(today, -100), A.elsewhere, null, elsewhere);

  // A worker trained 330 days ago: the certificate is valid for about 35 more days.
  const eve = await createUser({ username: "eve", name: "Eve Expiring", password: "correct horse battery staple", kind: "worker" }, t);
  const eveJob = await worker("expiring", "Eve Expiring", day(today, -400), A.expiring, eve.id);
  const issuedAt = t.getTime() - 330 * DAY;
  const attemptId = `att-${eveJob.id}`;
  changeStatuses(now(), (tx) => {
  tx
    .insert(quizAttempts)
    .values({
      id: attemptId,
      userId: eve.id,
      employmentId: eveJob.id,
      courseId: "recognize-and-respond",
      courseVersion: "1.0.0",
      contentHash: "test",
      jobRole: "housekeeping",
      questions: [],
      status: "graded",
      createdAt: issuedAt,
      gradedAt: issuedAt,
      attestedAt: issuedAt,
      correctCount: 10,
      questionCount: 10,
      score: 100,
      passed: true,
    })
    .run();
  tx
    .insert(certificates)
    .values({
      id: `cert-${eveJob.id}`,
      code: "TESTCODE0000001",
      userId: eve.id,
      employmentId: eveJob.id,
      employerId: employer.id,
      attemptId,
      holderName: "Eve Expiring",
      employerName: employer.name,
      jobRole: "housekeeping",
      courseId: "recognize-and-respond",
      courseTitle: "Recognize and respond",
      courseVersion: "1.0.0",
      contentHash: "test",
      score: 100,
      attestedAt: issuedAt,
      issuedAt,
      expiresOn: day(addMonths(toIsoDate(new Date(issuedAt)), 12), -1),
    })
    .run();
  });
  expiringUntil = day(addMonths(toIsoDate(new Date(issuedAt)), 12), -1);

  rejected.add(A.bounce);
});

afterAll(async () => {
  await stopReminderScheduler();
  resetMailer();
  await receiver.close();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

describe("daily reminders over SMTP", () => {
  it("sends each worker who needs it exactly one reminder, and the admin one digest", async () => {
    const r = await runDailyReminders(now(), ORIGIN);
    expect(r.sent).toBeGreaterThanOrEqual(5);

    // Roster rows with no account language: English, then Spanish.
    const soon = to(A.soon);
    expect(soon).toHaveLength(1);
    expect(soon[0]!.subject).toBe(`Reminder: your training is due by ${formatDate(dueSoonDate, "en", "full")} / Recordatorio: su capacitación vence el ${formatDate(dueSoonDate, "es", "full")}`);
    expect(soon[0]!.body).toContain(`Yours is due by ${formatDate(dueSoonDate, "en", "full")} (in 10 days)`);
    expect(soon[0]!.body).toContain(`Usted debe completarla a más tardar el ${formatDate(dueSoonDate, "es", "full")} (en 10 días).`);
    expect(soon[0]!.body.indexOf("Hello Sam Soon,")).toBeLessThan(soon[0]!.body.indexOf("Versión en español:"));
    expect(soon[0]!.body.indexOf("Versión en español:")).toBeLessThan(soon[0]!.body.indexOf("Hola, Sam Soon:"));
    expect(soon[0]!.body).toContain(`${ORIGIN}/learn`);
    expect(soon[0]!.body).toContain("about 30 minutes");
    expect(soon[0]!.body).toContain("Hello Sam Soon,");
    expect(soon[0]!.from).toBe("no-reply@frontline-ready.invalid");

    const overdue = to(A.overdue);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.subject).toBe(`Your training was due on ${formatDate(overdueDate, "en", "full")}`);
    expect(overdue[0]!.body).not.toContain("Hola");

    const expiring = to(A.expiring);
    expect(expiring).toHaveLength(1);
    expect(expiring[0]!.subject).toMatch(new RegExp(`^Your training certificate is valid through ${formatDate(expiringUntil, "en", "full")} / `));

    expect(to(A.account)).toHaveLength(1);
    const ace = to(A.account)[0]!;
    expect(ace.subject).toMatch(/^Recordatorio: su capacitación vence el \S+, \d+ de \S+ de \d{4}$/);
    expect(ace.body).toContain("Hola, Ace Account:");
    expect(ace.body).not.toContain("Hello");
    expect(to(A.later)).toHaveLength(0);
    expect(to(A.former)).toHaveLength(0);
    expect(to(A.bounce)).toHaveLength(0);
    expect(to(A.elsewhere)).toHaveLength(0);
    expect(to(A.elsewhereAdmin)).toHaveLength(0);

    // Each worker's email goes to that worker alone and names no one else.
    const names = ["Sam Soon", "Lee Later", "Olga Overdue", "Nora Noemail", "Bo Bounce", "Fred Former", "Ace Account", "Eve Expiring"];
    for (const m of received.filter((x) => !x.to.includes(A.admin))) {
      expect(m.to).toHaveLength(1);
      const own = names.filter((n) => m.body.includes(n));
      expect(own).toHaveLength(1);
    }

    const digests = to(A.admin);
    expect(digests).toHaveLength(1);
    const d = digests[0]!;
    expect(d.subject).toContain(`Reminder Test Inn: training summary for ${formatDate(today0(), "en", "full")}`);
    expect(d.subject).toContain("1 overdue, 4 due soon, 1 expiring"); // Sam, Nora, Bo, Ace
    for (const n of ["Sam Soon", "Olga Overdue", "Bo Bounce", "Ace Account", "Eve Expiring"]) expect(d.body).toContain(n);
    expect(d.body).toMatch(/Nora Noemail, due .*\(no email on file: not reminded\)/);
    expect(d.body).not.toContain("Lee Later");
    expect(d.body).not.toContain("Fred Former");
    expect(d.body).toContain(`${ORIGIN}/employer/roster`);
    // Exactly these recipients, nobody else (the admin without an email gets nothing).
    expect(new Set(received.flatMap((m) => m.to))).toEqual(new Set([A.soon, A.overdue, A.expiring, A.account, A.admin]));

    // The rejected address waits for a retry, with the error and a later attempt time.
    const bounce = outboxRow(`worker:${ids.bounce}:`);
    expect(bounce).toMatchObject({ status: "pending", attempts: 1, toAddress: A.bounce });
    expect(bounce.nextAttemptAt).toBeGreaterThan(now().getTime());
    expect(bounce.lastError).toMatch(/550|Mailbox unavailable/);
    expect(listOutbox(elsewhere.id)).toEqual([]);
    const sent = listOutbox(employer.id).filter((x) => x.status === "sent");
    expect(sent).toHaveLength(5);
    for (const x of sent) expect(x.sentAt).not.toBeNull();
  });

  it("running again the same day sends nothing new", async () => {
    const before = received.length;
    const r = await runDailyReminders(now(), ORIGIN);
    expect(r.queued).toBe(0);
    expect(r.skippedDuplicates).toBe(6); // 5 worker reminders (Bo's still pending) and the digest
    expect(r.sent).toBe(0);
    expect(received.length).toBe(before);
    expect(outboxRow(`worker:${ids.bounce}:`).attempts).toBe(1);
  });

  it("the next day: one new digest, no repeated worker reminders, and the failed send is retried", async () => {
    const before = received.length;
    advanceClock(DAY);
    const r = await runDailyReminders(now(), ORIGIN);
    expect(r.queued).toBe(1);
    const fresh = received.slice(before);
    expect(fresh.map((m) => m.to)).toEqual([[A.admin]]);
    expect(fresh[0]!.subject).toContain(formatDate(today0(), "en", "full"));
    expect(to(A.admin)).toHaveLength(2);
    for (const a of [A.soon, A.overdue, A.expiring, A.account]) expect(to(a)).toHaveLength(1);

    const bounce = outboxRow(`worker:${ids.bounce}:`);
    expect(bounce).toMatchObject({ status: "pending", attempts: 2 });
    expect(bounce.nextAttemptAt).toBeGreaterThan(now().getTime());
  });

  it("a rejected send is sent once the clock passes its next attempt time", async () => {
    rejected.delete(A.bounce);
    expect((await sendPending(now())).sent).toBe(0); // not yet due
    expect(to(A.bounce)).toHaveLength(0);
    const { nextAttemptAt } = outboxRow(`worker:${ids.bounce}:`);
    advanceClock(nextAttemptAt - now().getTime() + 1000);
    const r = await sendPending(now());
    expect(r.sent).toBe(1);
    const mail = to(A.bounce);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain("Reminder: your training is due by");
    expect(outboxRow(`worker:${ids.bounce}:`)).toMatchObject({ status: "sent", attempts: 2 });
    expect((await sendPending(now())).sent).toBe(0);
    expect(to(A.bounce)).toHaveLength(1);
  });

  it("two senders running at once never send the same row twice", async () => {
    const address = "cody.concurrent@reminders.test";
    await worker("concurrent", "Cody Concurrent", day(today0(), -85), address);
    expect(queueReminders(now(), ORIGIN).queued).toBe(1);
    const [a, b] = await Promise.all([sendPending(now()), sendPending(now())]);
    expect(a.sent + b.sent).toBe(1);
    expect(to(address)).toHaveLength(1);
  });

  it("without SMTP_URL rows stay pending and visible in the outbox; a row that no longer applies is never sent", async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    expect(getMailer()).toBeUndefined();
    const before = received.length;
    const held = "hal.held@reminders.test";
    const leaving = "lea.leaving@reminders.test";
    await worker("held", "Hal Held", day(today0(), -80), held);
    const leaver = await worker("leaving", "Lea Leaving", day(today0(), -80), leaving);

    const r = await runDailyReminders(now(), ORIGIN);
    expect(r.sent).toBe(0);
    expect(r.held).toBeGreaterThanOrEqual(2);
    expect(received.length).toBe(before);
    const rows = listOutbox(employer.id);
    const heldRow = rows.find((x) => x.toAddress === held);
    expect(heldRow).toMatchObject({ status: "pending", kind: "worker-reminder", attempts: 0, sentAt: null, employmentId: ids.held });
    expect(heldRow!.subject).toContain("Reminder: your training is due by");
    expect(heldRow!.body).toContain(`${ORIGIN}/learn`);

    // Lea leaves before the email goes out: her reminder is closed, not sent.
    changeStatuses(now(), (tx) => tx.update(employments).set({ endedAt: Date.parse(`${today0()}T00:00:00Z`) }).where(eq(employments.id, leaver.id)).run());
    const q = queueReminders(now(), ORIGIN);
    expect(q.superseded).toBe(1);
    const closed = listOutbox(employer.id).find((x) => x.toAddress === leaving)!;
    // The reason is recorded as an id (the outbox page says it in the reader's language), not as English.
    expect(closed).toMatchObject({ status: "failed", sentAt: null, lastError: "no-longer-applies" });
    expect(closedAsNoLongerApplying(closed)).toBe(true);
    expect(closedAsNoLongerApplying({ status: "failed", lastError: "Not sent: no longer applies" })).toBe(true);
    expect(closedAsNoLongerApplying({ status: "failed", lastError: "550 mailbox unavailable" })).toBe(false);
    expect(closedAsNoLongerApplying(listOutbox(employer.id).find((x) => x.toAddress === held)!)).toBe(false);

    process.env.SMTP_URL = smtpUrl;
    resetEnvCache();
    const s = await sendPending(now());
    expect(s.sent).toBe(1);
    expect(to(held)).toHaveLength(1);
    expect(to(leaving)).toHaveLength(0);
  });

  it("the scheduler runs the job soon after start and again when a day has passed on the server clock", async () => {
    const address = "sid.scheduled@reminders.test";
    await worker("scheduled", "Sid Scheduled", day(today0(), -80), address);
    const digestsBefore = to(A.admin).length;

    process.env.REMINDERS = "0";
    resetEnvCache();
    expect(startReminderScheduler({ origin: ORIGIN })).toBe(false);
    delete process.env.REMINDERS;
    resetEnvCache();

    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(startReminderScheduler({ origin: ORIGIN, firstRunAfterMs: 10, checkEveryMs: 50 })).toBe(true);
      await vi.waitFor(() => expect(to(address)).toHaveLength(1), { timeout: 10_000, interval: 50 });
      expect(to(A.admin)).toHaveLength(digestsBefore); // today's digest went out already

      advanceClock(DAY);
      await vi.waitFor(() => expect(to(A.admin)).toHaveLength(digestsBefore + 1), { timeout: 10_000, interval: 50 });
      expect(to(A.admin).at(-1)!.subject).toContain(formatDate(today0(), "en", "full"));
      expect(to(address)).toHaveLength(1);
    } finally {
      await stopReminderScheduler();
      log.mockRestore();
    }
  });
});
