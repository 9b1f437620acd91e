/**
 * What a council auditor sees: counts per employer in their jurisdiction. No names, no
 * usernames, no certificate codes leave this module.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { certificates, employers, employments } from "#db/schema.ts";
import { toIsoDate } from "#app/domain/expiry.ts";
import { getDb } from "#app/utils/db.server.ts";

export interface EmployerTrainingRate {
  employerId: string;
  name: string;
  sector: string;
  county: string | null;
  workers: number;
  trained: number;
}

/**
 * Current workers per employer and how many of them hold a valid certificate (not
 * revoked, not expired) issued while working there.
 */
export function trainingRates(jurisdiction: string, now: Date, employerId?: string): EmployerTrainingRate[] {
  const today = toIsoDate(now);
  const validCert = sql<number>`EXISTS (SELECT 1 FROM ${certificates} c WHERE c.user_id = ${employments.userId}
      AND c.employer_id = ${employments.employerId} AND c.revoked_at IS NULL AND c.expires_on >= ${today})`;
  return getDb()
    .select({
      employerId: employers.id,
      name: employers.name,
      sector: employers.sector,
      county: employers.county,
      workers: sql<number>`count(${employments.id})`,
      trained: sql<number>`coalesce(sum(${validCert}), 0)`,
    })
    .from(employers)
    .leftJoin(employments, and(eq(employments.employerId, employers.id), isNull(employments.endedAt)))
    .where(employerId ? and(eq(employers.jurisdiction, jurisdiction), eq(employers.id, employerId)) : eq(employers.jurisdiction, jurisdiction))
    .groupBy(employers.id)
    .orderBy(employers.name)
    .all();
}
