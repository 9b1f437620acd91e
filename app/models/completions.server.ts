/**
 * What a roster row's status is computed from: the worker's certificates from this platform
 * (at any employer: the rule decides whether prior training counts) and the completions the
 * employer recorded from outside courses. The one place a certificate becomes a Completion.
 */
import { and, inArray, isNull } from "drizzle-orm";
import { certificates, externalCompletions } from "#db/schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import type { Completion } from "#app/domain/compliance.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";

const BATCH = 500;

/** Platform certificates per user id. */
function platformCompletions(db: Db, userIds: string[]): Map<string, Completion[]> {
  const out = new Map<string, Completion[]>();
  for (let i = 0; i < userIds.length; i += BATCH) {
    const rows = db
      .select({ id: certificates.id, code: certificates.code, userId: certificates.userId, employerId: certificates.employerId, issuedAt: certificates.issuedAt, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(inArray(certificates.userId, userIds.slice(i, i + BATCH)))
      .all();
    for (const c of rows) {
      const list = out.get(c.userId) ?? out.set(c.userId, []).get(c.userId)!;
      list.push({ certificateId: c.id, code: formatCertificateCode(c.code), completedOn: toIsoDate(c.issuedAt), employerId: c.employerId, revoked: c.revokedAt !== null, source: "platform" });
    }
  }
  return out;
}

/** Completions recorded by the employer from outside courses, per roster row (voided ones left out). */
function externalCompletionsOf(db: Db, employmentIds: string[]): Map<string, Completion[]> {
  const out = new Map<string, Completion[]>();
  for (let i = 0; i < employmentIds.length; i += BATCH) {
    const rows = db
      .select({ id: externalCompletions.id, employmentId: externalCompletions.employmentId, employerId: externalCompletions.employerId, provider: externalCompletions.provider, courseTitle: externalCompletions.courseTitle, completedOn: externalCompletions.completedOn })
      .from(externalCompletions)
      .where(and(inArray(externalCompletions.employmentId, employmentIds.slice(i, i + BATCH)), isNull(externalCompletions.voidedAt)))
      .all();
    for (const c of rows) {
      const list = out.get(c.employmentId) ?? out.set(c.employmentId, []).get(c.employmentId)!;
      list.push({ certificateId: c.id, code: `${c.provider} — ${c.courseTitle}`, completedOn: c.completedOn, employerId: c.employerId, revoked: false, source: "external" });
    }
  }
  return out;
}

/** Every completion that may count for each roster row, keyed by employment id. */
export function completionsFor(jobs: ReadonlyArray<{ id: string; userId: string | null }>, db: Db = getDb()): Map<string, Completion[]> {
  const platform = platformCompletions(db, [...new Set(jobs.map((j) => j.userId).filter((u): u is string => u !== null))]);
  const external = externalCompletionsOf(db, jobs.map((j) => j.id));
  return new Map(jobs.map((j) => [j.id, [...(j.userId ? (platform.get(j.userId) ?? []) : []), ...(external.get(j.id) ?? [])]]));
}
