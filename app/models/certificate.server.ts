import { and, desc, eq } from "drizzle-orm";
import { certificates } from "#db/schema.ts";
import { expiryDate, certificateStatus, type CertificateStatus } from "#app/domain/expiry.ts";
import { versionLabel, type Course } from "#app/domain/content-schema.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
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
    employer: Pick<Employer, "id" | "name">;
    course: Course;
    score: number;
    attestedAt: Date;
  },
  now: Date,
): Certificate {
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
  };
  tx.insert(certificates).values(row).run();
  return row;
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
  return getDb()
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId)))
    .orderBy(desc(certificates.issuedAt))
    .all()
    .find((c) => certificateStatus(c, now) === "valid");
}

export interface PublicCertificate {
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
}

/** What anyone holding the code may see: no ids, no score, no user data beyond the name. */
export function toPublicCertificate(c: Certificate, now: Date): PublicCertificate {
  return {
    code: c.code,
    status: certificateStatus(c, now),
    holderName: c.holderName,
    courseId: c.courseId,
    courseTitle: c.courseTitle,
    courseVersion: c.courseVersion,
    employerName: c.employerName,
    jobRole: c.jobRole,
    issuedOn: new Date(c.issuedAt).toISOString().slice(0, 10),
    expiresOn: c.expiresOn,
    revokedOn: c.revokedAt === null ? null : new Date(c.revokedAt).toISOString().slice(0, 10),
  };
}
