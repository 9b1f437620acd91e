import { and, desc, eq, sql } from "drizzle-orm";
import { certificates } from "#db/schema.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { expiryDate, certificateStatus, type CertificateStatus } from "#app/domain/expiry.ts";
import { versionLabel, type Course } from "#app/domain/content-schema.ts";
import { getDb, prepared, type Db } from "#app/utils/db.server.ts";
import { appendAudit } from "./audit.server.ts";
import { changeStatuses } from "./status.server.ts";
import { enqueueWebhookEvent } from "./webhooks.server.ts";
import { certificateEarned, certificateVoided } from "#app/domain/xapi.ts";
import { enqueueStatements, xapiLearner } from "./xapi.server.ts";
import { getRuleFor, lawsForRole, type LawStanding } from "#app/server/content.server.ts";
import { newCertificateCode, newId } from "#app/utils/ids.server.ts";
import type { Employer } from "./employer.server.ts";
import type { Employment, User } from "./user.server.ts";

export type Certificate = typeof certificates.$inferSelect;

/**
 * Issues the certificate for a passed attempt. Call inside the write transaction that
 * grades the attempt: the unique index on attempt_id makes a second certificate for the
 * same attempt impossible.
 */
export function issueCertificate(
  tx: Db,
  input: {
    attemptId: string;
    user: Pick<User, "id" | "name">;
    employment: Pick<Employment, "id" | "jobRole">;
    employer: Pick<Employer, "id" | "name" | "jurisdiction" | "sector">;
    course: Course;
    score: number;
    attestedAt: Date;
    /** The language the course was taken in. */
    language: "en" | "es";
    clientAddress?: string;
  },
  now: Date,
): Certificate {
  const rule = getRuleFor(input.employer);
  let code = newCertificateCode();
  // 2^73 codes: a collision is astronomically unlikely, but cheap to rule out.
  while (tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.code, code)).get()) {
    code = newCertificateCode();
  }
  const row: Certificate = {
    id: newId(),
    code,
    userId: input.user.id,
    employmentId: input.employment.id,
    employerId: input.employer.id,
    attemptId: input.attemptId,
    holderName: input.user.name,
    employerName: input.employer.name,
    jobRole: input.employment.jobRole,
    courseId: input.course.id,
    courseTitle: input.course.title,
    courseVersion: versionLabel(input.course),
    contentHash: input.course.contentHash,
    score: input.score,
    attestedAt: input.attestedAt.getTime(),
    issuedAt: now.getTime(),
    expiresOn: expiryDate(now, input.course.validityMonths),
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    language: input.language,
    // The rule in force when issued stays with the certificate, whatever the rule says later.
    ruleId: rule?.policy.id ?? null,
    ruleVersion: rule?.version ?? null,
  };
  tx.insert(certificates).values(row).run();
  appendAudit(
    tx,
    {
      action: "certificate-issued",
      actor: { id: input.user.id, kind: "worker" },
      clientAddress: input.clientAddress,
      target: { type: "certificate", id: row.id },
      employerId: row.employerId,
      detail: { code: row.code, courseVersion: row.courseVersion, jobRole: row.jobRole, expiresOn: row.expiresOn },
    },
    now,
  );
  enqueueWebhookEvent(
    tx,
    row.employerId,
    "certificate.issued",
    { certificateCode: row.code, courseId: row.courseId, courseVersion: row.courseVersion, issuedAt: new Date(row.issuedAt).toISOString(), expiresOn: row.expiresOn },
    now,
    row.employmentId,
  );
  enqueueStatements(tx, row.employerId, (origin) => [certificateEarned({ origin, actor: xapiLearner(row.userId), certificateId: row.id, code: row.code, courseTitle: row.courseTitle, at: now })], now);
  // The holder's status changes at every employer whose rule counts this certificate: the
  // caller's changeStatuses recomputes those rows before the transaction commits.
  return row;
}

export type RevokeResult = { ok: true; certificate: Certificate } | { ok: false; reason: "already-revoked" };

/**
 * Revokes a certificate with a reason. Who may do so (a platform admin, or an admin of
 * the employer that issued it) is the caller's guard; this records who did.
 */
export function revokeCertificate(
  input: { certificateId: string; reason: string; actor: Pick<User, "id" | "kind">; clientAddress?: string },
  now: Date,
): RevokeResult {
  return changeStatuses(now, (tx) => {
    const cert = tx.select().from(certificates).where(eq(certificates.id, input.certificateId)).get();
    if (!cert) throw new Error(`No certificate ${input.certificateId}`);
    if (cert.revokedAt !== null) return { ok: false as const, reason: "already-revoked" as const };
    const changes = { revokedAt: now.getTime(), revokedReason: input.reason, revokedBy: input.actor.id };
    tx.update(certificates).set(changes).where(eq(certificates.id, cert.id)).run();
    appendAudit(
      tx,
      {
        action: "certificate-revoked",
        actor: input.actor,
        clientAddress: input.clientAddress,
        target: { type: "certificate", id: cert.id },
        employerId: cert.employerId,
        detail: { code: cert.code, reason: input.reason },
      },
      now,
    );
    enqueueWebhookEvent(tx, cert.employerId, "certificate.revoked", { certificateCode: cert.code, revokedAt: new Date(changes.revokedAt).toISOString() }, now, cert.employmentId);
    enqueueStatements(tx, cert.employerId, (origin) => [certificateVoided({ origin, certificateId: cert.id, at: now })], now);
    return { ok: true as const, certificate: { ...cert, ...changes } };
  });
}

export function getCertificateByCode(code: string, db: Db = getDb()): Certificate | undefined {
  return db.select().from(certificates).where(eq(certificates.code, code)).get();
}

export function getCertificateByAttempt(attemptId: string, db: Db = getDb()): Certificate | undefined {
  return db.select().from(certificates).where(eq(certificates.attemptId, attemptId)).get();
}

export function listCertificatesForUser(userId: string, db: Db = getDb()): Certificate[] {
  return db
    .select()
    .from(certificates)
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.issuedAt))
    .all();
}

/** The newest certificate for the course that is still valid at `now`, if any. */
export function getValidCertificate(userId: string, courseId: string, now: Date): Certificate | undefined {
  // Prepared once per connection: every quiz page and submission asks (quizGate), and building
  // the query's SQL again each time was most of its cost.
  return prepared(getDb(), "certificates-of-user-course", (d) =>
    d
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, sql.placeholder("userId")), eq(certificates.courseId, sql.placeholder("courseId"))))
      .orderBy(desc(certificates.issuedAt))
      .prepare(),
  )
    .all({ userId, courseId })
    .find((c) => certificateStatus(c, now) === "valid");
}

export interface PublicCertificate {
  /** As printed: "7KX4P-DEM24-QRT9H". */
  code: string;
  status: CertificateStatus;
  holderName: string;
  courseId: string;
  courseTitle: string;
  courseVersion: string;
  employerName: string;
  jobRole: string;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
  /** The language the course was taken in. */
  language: "en" | "es";
  kind: "awareness-training";
  /** Each law in force covering the role, and whether this course meets it by itself. */
  laws: LawStanding[];
}

/** What anyone holding the code may see: no ids, no score, no user data beyond the name. */
export function toPublicCertificate(c: Certificate, now: Date): PublicCertificate {
  return {
    code: formatCertificateCode(c.code),
    status: certificateStatus(c, now),
    holderName: c.holderName,
    courseId: c.courseId,
    courseTitle: c.courseTitle,
    courseVersion: c.courseVersion,
    employerName: c.employerName,
    jobRole: c.jobRole,
    issuedOn: toIsoDate(c.issuedAt),
    expiresOn: c.expiresOn,
    revokedOn: c.revokedAt === null ? null : toIsoDate(c.revokedAt),
    language: c.language,
    // What the certificate counts for: this is awareness training; several laws require a
    // state-approved or the state's own course, which it is not by itself (ADR 014).
    kind: "awareness-training",
    laws: lawsForRole(c.jobRole),
  };
}
