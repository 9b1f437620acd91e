/**
 * Each roster row's status against the employer's jurisdiction rule, computed on every
 * read from the hire date, the role, the rule and the worker's certificates (ADR 009).
 */
import { eq } from "drizzle-orm";
import { employments, sites, users } from "#db/schema.ts";
import { complianceStatus, trainingCycles, type Completion, type ComplianceStatus } from "#app/domain/compliance.ts";
import { addMonths, toIsoDate } from "#app/domain/expiry.ts";
import { getDb } from "#app/utils/db.server.ts";
import { completionsFor } from "./completions.server.ts";
import { courseFit, getRuleFor, type LoadedPolicy } from "./content.server.ts";
import type { Employer } from "./employer.server.ts";
import type { Employment } from "./user.server.ts";

export type StatusKind = ComplianceStatus["kind"];
export const STATUS_KINDS: StatusKind[] = ["overdue", "expired", "due", "expiring", "compliant", "not-covered"];

export interface RosterEntry {
  employment: Employment;
  siteName: string | null;
  username: string | null;
  former: boolean;
  terminationDate: string | null;
  status: ComplianceStatus;
  completions: Completion[];
}

export interface EmployerCompliance {
  rule: LoadedPolicy | undefined;
  today: string;
  entries: RosterEntry[];
}

export function terminationDateOf(employment: Pick<Employment, "endedAt">): string | null {
  return employment.endedAt === null ? null : toIsoDate(new Date(employment.endedAt));
}

/**
 * Current staff, and former staff whose records are still within the rule's retention
 * period (all former staff when the rule names none), with their status as of `today`
 * (former staff: as of their last day).
 */
export function getEmployerCompliance(employer: Employer, now: Date): EmployerCompliance {
  const db = getDb();
  const today = toIsoDate(now);
  const rule = getRuleFor(employer);
  const siteNames = new Map(db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.employerId, employer.id)).all().map((s) => [s.id, s.name]));
  const rows = db
    .select({ employment: employments, username: users.username })
    .from(employments)
    .leftJoin(users, eq(users.id, employments.userId))
    .where(eq(employments.employerId, employer.id))
    .all();
  const completionsByRow = completionsFor(rows.map((r) => ({ id: r.employment.id, userId: r.employment.userId })), db);
  const retention = rule?.policy.recordRetention.value ?? null;
  const entries: RosterEntry[] = [];
  for (const { employment, username } of rows) {
    const terminationDate = terminationDateOf(employment);
    // Records are kept for the law's period after the worker left (counted from termination; a
    // period counted from training or hire is at least as long, so it is kept that long too).
    if (terminationDate && retention !== null && retention.from === "termination" && addMonths(terminationDate, Math.round(retention.years * 12)) < today) continue;
    const completions = completionsByRow.get(employment.id) ?? [];
    const status: ComplianceStatus = rule
      ? complianceStatus({ rule: rule.policy, jobRole: employment.jobRole, hireDate: employment.hireDate, terminationDate, employerId: employer.id, completions, platformCounts: courseFit(rule.policy.id, employment.jobRole).meets, today })
      : { kind: "not-covered" };
    entries.push({
      employment,
      siteName: employment.siteId ? (siteNames.get(employment.siteId) ?? null) : null,
      username,
      former: terminationDate !== null,
      terminationDate,
      status,
      completions,
    });
  }
  return { rule, today, entries };
}

/** Every training cycle of one roster row, oldest first (derived from certificates, which are never changed). */
export function cyclesFor(entry: RosterEntry, compliance: EmployerCompliance) {
  if (!compliance.rule || entry.status.kind === "not-covered") return [];
  return trainingCycles({
    rule: compliance.rule.policy,
    jobRole: entry.employment.jobRole,
    hireDate: entry.employment.hireDate,
    terminationDate: entry.terminationDate,
    employerId: entry.employment.employerId,
    completions: entry.completions,
    platformCounts: courseFit(compliance.rule.policy.id, entry.employment.jobRole).meets,
    today: compliance.today,
  });
}

export interface Summary {
  covered: number;
  compliant: number;
  /** Percent of covered current workers who are compliant or expiring (still valid). */
  rate: number | null;
  counts: Record<StatusKind, number>;
}

/** Counts over current staff (former staff are records, not workforce). */
export function summarize(entries: RosterEntry[]): Summary {
  const counts = Object.fromEntries(STATUS_KINDS.map((k) => [k, 0])) as Record<StatusKind, number>;
  for (const e of entries) if (!e.former) counts[e.status.kind]++;
  const covered = STATUS_KINDS.filter((k) => k !== "not-covered").reduce((n, k) => n + counts[k], 0);
  const compliant = counts.compliant + counts.expiring;
  return { covered, compliant, rate: covered === 0 ? null : Math.round((1000 * compliant) / covered) / 10, counts };
}
