/**
 * The monthly compliance email to each of an employer's admins (ADR 027): queued in the outbox
 * by the daily job, once per employer, admin and calendar month (its dedupe key), and sent by
 * the outbox's sender with the roster CSV and the compliance report PDF attached, made when it
 * is sent (an outbox row holds text only). Every admin with an email address gets it unless they
 * turned it off on /employer/reminders; that choice is the admin's last "monthly-report-set"
 * event in the audit log (no column holds it: ADR 027).
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { auditLog, employers, outbox, users } from "#db/schema.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { usableEmail } from "#app/domain/reminders.ts";
import { adminOfMonthlyReportKey, monthlyReportEmail, monthlyReportKey } from "#app/email/monthly-report.server.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { appendAudit, audit } from "./audit.server.ts";
import { getEmployerRoster, readEmployerRoster, summarize } from "./compliance.server.ts";
import { employerReport, rosterCsv } from "./exports.server.ts";
import type { User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind">;

/** Whether this admin wants the monthly email: on until they turn it off. */
export function monthlyReportWanted(adminId: string): boolean {
  const last = getDb()
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, adminId), eq(auditLog.action, "monthly-report-set")))
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  if (!last) return true;
  return (JSON.parse(last.detail) as { on?: unknown }).on !== false;
}

/** Turns this admin's monthly email on or off (audited: the audit row is the setting). */
export function setMonthlyReport(input: { admin: Admin & { employerId: string }; on: boolean; clientAddress?: string }, now: Date) {
  writeTransaction((tx) =>
    appendAudit(
      tx,
      { action: "monthly-report-set", actor: input.admin, clientAddress: input.clientAddress, target: { type: "user", id: input.admin.id }, employerId: input.admin.employerId, detail: { on: input.on } },
      now,
    ),
  );
}

/**
 * Queues this month's email for every employer's admins who have an email address, are not
 * disabled and have not turned it off. A month already queued (or sent) for an admin is skipped:
 * the dedupe key is unique. Returns how many were queued now.
 */
export function queueMonthlyReports(now: Date, origin: string): { queued: number; skippedDuplicates: number } {
  const db = getDb();
  const today = toIsoDate(now);
  const result = { queued: 0, skippedDuplicates: 0 };
  for (const employer of db.select().from(employers).orderBy(asc(employers.createdAt)).all()) {
    const admins = db
      .select({ id: users.id, name: users.name, email: users.email, language: users.language })
      .from(users)
      .where(and(eq(users.kind, "employer_admin"), eq(users.employerId, employer.id), isNotNull(users.email), isNull(users.disabledAt)))
      .all()
      .filter((a) => usableEmail(a.email) !== null && monthlyReportWanted(a.id));
    // Already queued this month: skip the roster (the daily job runs every day).
    const queued = new Set(
      admins.length === 0
        ? []
        : db
            .select({ k: outbox.dedupeKey })
            .from(outbox)
            .where(inArray(outbox.dedupeKey, admins.map((a) => monthlyReportKey(employer.id, today.slice(0, 7), a.id))))
            .all()
            .map((r) => r.k),
    );
    result.skippedDuplicates += queued.size;
    const due = admins.filter((a) => !queued.has(monthlyReportKey(employer.id, today.slice(0, 7), a.id)));
    if (due.length === 0) continue;
    const s = summarize(getEmployerRoster(employer, now).entries);
    writeTransaction((tx) => {
      for (const admin of due) {
        const email = monthlyReportEmail(
          { employerId: employer.id, employerName: employer.name, adminId: admin.id, adminName: admin.name, today, covered: s.covered, compliant: s.compliant, rate: s.rate, origin },
          admin.language ?? "en",
        );
        const { changes } = tx
          .insert(outbox)
          .values({
            id: newId(),
            kind: "monthly-report",
            employerId: employer.id,
            employmentId: null,
            toAddress: usableEmail(admin.email)!,
            ...email,
            createdAt: now.getTime(),
            status: "pending",
            attempts: 0,
            nextAttemptAt: now.getTime(),
            sentAt: null,
            lastError: null,
          })
          .onConflictDoNothing({ target: outbox.dedupeKey })
          .run();
        if (changes > 0) result.queued += 1;
        else result.skippedDuplicates += 1;
      }
    });
  }
  return result;
}

export interface Attachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/**
 * The attachments of a monthly report row, made now: the roster CSV and the compliance report
 * PDF, as /employer/roster.csv and /employer/report.pdf give them, audited as an export (by no
 * one: the scheduler sends it). Throws when the employer or the admin is gone (the send fails
 * and is retried, then given up).
 */
export async function monthlyReportAttachments(row: { employerId: string; dedupeKey: string }, now: Date): Promise<Attachment[]> {
  const db = getDb();
  const employer = db.select().from(employers).where(eq(employers.id, row.employerId)).get();
  const adminId = adminOfMonthlyReportKey(row.dedupeKey);
  const admin = adminId ? db.select().from(users).where(and(eq(users.id, adminId), isNull(users.disabledAt))).get() : undefined;
  if (!employer || !admin) throw new Error("The employer or the admin of this monthly report is gone");
  const compliance = await readEmployerRoster(employer, now);
  const csv = rosterCsv(compliance);
  // The stored report of this roster's version, as /employer/report.pdf serves it (ADR 037).
  const { pdf } = await employerReport(employer, compliance, admin, now);
  audit(
    {
      action: "export",
      target: { type: "export", id: "monthly-report-email" },
      employerId: employer.id,
      detail: { what: "monthly-report-email", to: admin.id, rows: compliance.entries.length },
    },
    now,
  );
  const day = toIsoDate(now);
  const code = employer.joinCode.toLowerCase();
  return [
    { filename: `roster-${code}-${day}.csv`, content: csv, contentType: "text/csv; charset=utf-8" },
    { filename: `compliance-report-${code}-${day}.pdf`, content: pdf, contentType: "application/pdf" },
  ];
}
