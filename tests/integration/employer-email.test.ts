/**
 * The employer's emails through a real SMTP server in this process (tests/support/smtp-receiver.ts):
 * the reminders page before anything was sent (who would be reminded, and when), "send now" for
 * one worker and for every overdue worker, and the monthly report to admins with the roster CSV
 * and the compliance report PDF attached, sent once a month by the scheduler.
 */
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, outbox } from "#db/schema.ts";
import * as remindersRoute from "#app/routes/employer.reminders.tsx";
import { readCsv } from "#app/domain/csv.ts";
import { createEmployer, type Employer } from "#app/models/employer.server.ts";
import { addEmployment } from "#app/models/employment.server.ts";
import { runDailyReminders } from "#app/models/reminders.server.ts";
import { changeStatuses } from "#app/models/status.server.ts";
import { createUser } from "#app/models/user.server.ts";
import { startReminderScheduler, stopReminderScheduler } from "#app/server/scheduler.server.ts";
import { advanceClock, now } from "#app/utils/clock.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvCache } from "#app/utils/env.server.ts";
import { resetMailer } from "#app/utils/mailer.server.ts";
import { call, post, signInAs, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";
import { startSmtpReceiver, type SmtpReceiver } from "#tests/support/smtp-receiver.ts";

const ORIGIN = "https://frontline.example.org";
const PASSWORD = "a long enough admin password";
const A = {
  ada: "ada@mail-test.example",
  bea: "bea@mail-test.example",
  dee: "dee@mail-test.example",
  olga: "olga@mail-test.example",
  sam: "sam@mail-test.example",
  lee: "lee@mail-test.example",
};

/** Calendar-day arithmetic written independently of the code under test. */
function day(n: number, from = now()): string {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + n)).toISOString().slice(0, 10);
}

let receiver: SmtpReceiver;
let employer: Employer;
let ada: string;
let dee: string;
const ids: Record<string, string> = {};
const to = (address: string) => receiver.received.filter((m) => m.to.includes(address));
const monthlyTo = (address: string) => to(address).filter((m) => m.attachments.length > 0);

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  process.env.SMTP_URL = receiver.url;
  delete process.env.REMINDERS;
  await startTestApp({ seed: false });
  resetMailer();
  // Start on the 1st of next month: the whole month lies ahead, whatever day the tests run.
  const t = now();
  advanceClock(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1, 9) - t.getTime());
  const t0 = now();
  employer = createEmployer({ name: "Mail Test Inn", sector: "lodging", jurisdiction: "US-TX" }, t0);
  await createUser({ username: "ada-admin", name: "Ada Admin", password: PASSWORD, kind: "employer_admin", employerId: employer.id, email: A.ada }, t0);
  await createUser({ username: "bea-admin", name: "Bea Admin", password: PASSWORD, kind: "employer_admin", employerId: employer.id, email: A.bea, language: "es" }, t0);
  await createUser({ username: "cal-admin", name: "Cal No Email", password: PASSWORD, kind: "employer_admin", employerId: employer.id }, t0);
  await createUser({ username: "dee-admin", name: "Dee Off", password: PASSWORD, kind: "employer_admin", employerId: employer.id, email: A.dee }, t0);
  // US-TX lodging: first training within 90 days of hire.
  const add = (key: string, fullName: string, hireDate: string, email: string | null) => {
    ids[key] = changeStatuses(t0, (tx) => addEmployment({ userId: null, employerId: employer.id, jobRole: "housekeeping", fullName, hireDate, email, employeeId: key.toUpperCase() }, t0, tx)).id;
  };
  add("olga", "Olga Overdue", day(-100), A.olga);
  add("oscar", "Oscar Noemail", day(-95), null);
  add("sam", "Sam Soon", day(-80), A.sam);
  add("lee", "Lee Later", day(-60), A.lee);
  ada = await signInAs("ada-admin", PASSWORD);
  dee = await signInAs("dee-admin", PASSWORD);
});

afterAll(async () => {
  await stopReminderScheduler();
  resetMailer();
  await receiver.close();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

type Page = { candidates: { id: string; name: string; email: string | null; today: boolean; on: string; sent: string | null; what: string }[]; overdue: number; rows: unknown[]; monthly: { on: boolean; hasEmail: boolean } };
const page = async (cookie = ada) => {
  const res = await call(remindersRoute.loader, "/employer/reminders", { cookie });
  expect(res.status).toBe(200);
  return res.data as Page;
};

describe("the reminders page before anything was sent", () => {
  it("lists who would be reminded and when (today, or the day it starts), not an empty outbox alone", async () => {
    const d = await page();
    expect(d.rows).toEqual([]);
    const byName = Object.fromEntries(d.candidates.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["Lee Later", "Olga Overdue", "Oscar Noemail", "Sam Soon"]);
    expect(byName["Olga Overdue"]).toMatchObject({ today: true, email: A.olga, sent: null });
    expect(byName["Olga Overdue"]!.what).toMatch(/^Training overdue since /);
    expect(byName["Oscar Noemail"]).toMatchObject({ today: true, email: null });
    expect(byName["Sam Soon"]).toMatchObject({ today: true, email: A.sam });
    // Lee's training is due in 30 days: the reminder starts 14 days before.
    const leeStarts = new Date(`${day(16)}T00:00:00Z`).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    expect(byName["Lee Later"]).toMatchObject({ today: false, on: leeStarts });
    // Olga and Oscar are overdue; only Olga has an address to send to.
    expect(d.overdue).toBe(1);
    expect(to(A.olga)).toHaveLength(0);
  });
});

describe("send now", () => {
  const send = (form: Record<string, string>, cookie = ada) => post(remindersRoute.action, "/employer/reminders", { cookie, form });

  it("sends one worker's reminder at once; again on request; never twice by hand the same day", async () => {
    const first = await send({ intent: "send-one", employmentId: ids.sam! });
    expect(first.status).toBe(200);
    expect((first.data as { done: string }).done).toBe("1 reminder sent.");
    expect(to(A.sam)).toHaveLength(1);
    expect(to(A.sam)[0]!.body).toContain("Sam Soon");
    expect((await page()).candidates.find((c) => c.name === "Sam Soon")!.sent).not.toBeNull();

    // The daily job does not send the same deadline's reminder again.
    await runDailyReminders(now(), ORIGIN);
    expect(to(A.sam)).toHaveLength(1);

    const again = await send({ intent: "send-one", employmentId: ids.sam! });
    expect((again.data as { done: string }).done).toBe("1 reminder sent.");
    expect(to(A.sam)).toHaveLength(2);
    const third = await send({ intent: "send-one", employmentId: ids.sam! });
    expect((third.data as { done: string }).done).toBe("1 was already sent by hand today: not sent twice.");
    expect(to(A.sam)).toHaveLength(2);
  });

  it("sends every overdue worker's reminder, and says who has no email address", async () => {
    const before = to(A.olga).length; // the daily run above sent Olga hers
    const res = await send({ intent: "send-overdue" });
    expect(res.status).toBe(200);
    expect((res.data as { done: string }).done).toBe("1 reminder sent. 1 worker has no email address: remind them in person.");
    expect(to(A.olga)).toHaveLength(before + 1);
    expect(to(A.sam)).toHaveLength(2); // due soon, not overdue
  });

  it("refuses another employer's worker, an unknown action and a worker with nothing to send, sending nothing", async () => {
    const other = createEmployer({ name: "Other Inn", sector: "lodging", jurisdiction: "US-TX" }, now());
    const stranger = changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: other.id, jobRole: "housekeeping", fullName: "Stranger", hireDate: day(-100), email: "stranger@mail-test.example" }, now(), tx));
    const count = receiver.received.length;
    expect((await send({ intent: "send-one", employmentId: stranger.id })).status).toBe(409);
    expect((await send({ intent: "send-one", employmentId: ids.lee! })).status).toBe(409); // Lee's reminder is not due yet
    expect((await send({ intent: "send-everyone" })).status).toBe(400);
    expect((await send({ intent: "send-one" })).status).toBe(400);
    expect(receiver.received.length).toBe(count);
    expect(getDb().select().from(outbox).where(eq(outbox.employmentId, stranger.id)).all()).toEqual([]);
  });
});

describe("the monthly report to admins", () => {
  it("an admin can turn it off for themselves (audited); an admin without an email address has nowhere to get it", async () => {
    expect((await page(dee)).monthly).toEqual({ on: true, hasEmail: true });
    const off = await post(remindersRoute.action, "/employer/reminders", { cookie: dee, form: { intent: "monthly", monthly: "off" } });
    expect(off.status).toBe(200);
    expect((await page(dee)).monthly).toEqual({ on: false, hasEmail: true });
    expect((await page(ada)).monthly.on).toBe(true);
    const rows = getDb().select().from(auditLog).where(eq(auditLog.action, "monthly-report-set")).all();
    expect(rows.map((r) => JSON.parse(r.detail))).toEqual([{ on: false }]);
    const cal = await signInAs("cal-admin", PASSWORD);
    expect((await page(cal)).monthly).toEqual({ on: true, hasEmail: false });
    expect((await post(remindersRoute.action, "/employer/reminders", { cookie: cal, form: { intent: "monthly", monthly: "on" } })).status).toBe(409);
    expect((await post(remindersRoute.action, "/employer/reminders", { cookie: dee, form: { intent: "monthly", monthly: "maybe" } })).status).toBe(400);
  });

  it("went out with the daily run: to each admin with an email who wants it, in their language, with the roster CSV and the report PDF", async () => {
    // The daily run in "send now" above queued and sent this month's reports (Dee had not turned hers off yet).
    expect(monthlyTo(A.ada)).toHaveLength(1);
    const m = monthlyTo(A.ada)[0]!;
    expect(m.subject).toContain("Mail Test Inn: monthly training report");
    expect(m.body).toContain("Hello Ada Admin,");
    expect(m.body).toContain(`${ORIGIN}/employer/reminders`);
    expect(m.attachments.map((a) => a.contentType).sort()).toEqual(["application/pdf", "text/csv"]);
    const csv = m.attachments.find((a) => a.contentType === "text/csv")!;
    expect(csv.filename).toMatch(/^roster-.+\.csv$/);
    const rows = readCsv(csv.content.toString("utf8"));
    expect(rows[0]).toContain("employee_id");
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(["Olga Overdue", "Oscar Noemail", "Sam Soon", "Lee Later"]));
    const pdf = m.attachments.find((a) => a.contentType === "application/pdf")!;
    expect(pdf.filename).toMatch(/^compliance-report-.+\.pdf$/);
    expect(pdf.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await pdfText(new Uint8Array(pdf.content))).text).toContain("Mail Test Inn");

    expect(monthlyTo(A.bea)).toHaveLength(1);
    expect(monthlyTo(A.bea)[0]!.subject).toContain("informe mensual de capacitación");
    expect(monthlyTo(A.dee)).toHaveLength(1);
    // Each sent report is audited as an export of the roster.
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, "export"), like(auditLog.detail, "%monthly-report-email%"))).all()).toHaveLength(3);
  });

  it("the scheduler sends nothing more in the same month, and one report to each who wants it in the next month", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await runDailyReminders(now(), ORIGIN); // a second run on the 1st
      expect(monthlyTo(A.ada)).toHaveLength(1);
      const digests = () => to(A.ada).filter((m) => m.attachments.length === 0).length;
      const digestsBefore = digests();
      advanceClock(24 * 3600_000); // the 2nd: the scheduler's daily run in the same month
      expect(startReminderScheduler({ origin: ORIGIN, firstRunAfterMs: 10, checkEveryMs: 50 })).toBe(true);
      await vi.waitFor(() => expect(digests()).toBe(digestsBefore + 1), { timeout: 10_000, interval: 50 });
      expect(monthlyTo(A.ada)).toHaveLength(1);
      expect(monthlyTo(A.bea)).toHaveLength(1);

      // The 1st of the next month.
      const t = now();
      advanceClock(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1, 9) - t.getTime());
      await vi.waitFor(() => expect(monthlyTo(A.ada)).toHaveLength(2), { timeout: 15_000, interval: 50 });
      await vi.waitFor(() => expect(monthlyTo(A.bea)).toHaveLength(2), { timeout: 15_000, interval: 50 });
      expect(monthlyTo(A.dee)).toHaveLength(1); // turned off
      const keys = getDb().select({ k: outbox.dedupeKey }).from(outbox).where(eq(outbox.kind, "monthly-report")).all().map((r) => r.k);
      expect(keys).toHaveLength(5);
      expect(new Set(keys).size).toBe(5);
    } finally {
      await stopReminderScheduler();
      log.mockRestore();
    }
  });
});
