import { and, eq, sql } from "drizzle-orm";
import { employers, employments, sites } from "#db/schema.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import type { User } from "#db/schema.ts";
import { newId, newJoinCode } from "#app/utils/ids.server.ts";

export type { Employer } from "#db/schema.ts";
import type { Employer } from "#db/schema.ts";

export function createEmployer(
  input: { name: string; sector: "lodging" | "transit"; jurisdiction: string; county?: string; joinCode?: string },
  now: Date,
  db: Db = getDb(),
): Employer {
  const row = {
    id: newId(),
    name: input.name,
    sector: input.sector,
    jurisdiction: input.jurisdiction,
    county: input.county ?? null,
    joinCode: input.joinCode ?? newJoinCode(),
    createdAt: now.getTime(),
    confirmedRuleId: null,
  };
  db.insert(employers).values(row).run();
  return row;
}

/** Join codes are matched case-insensitively: they are printed on posters and typed by hand. */
export function getEmployerByJoinCode(joinCode: string, db: Db = getDb()): Employer | undefined {
  return db.select().from(employers).where(eq(employers.joinCode, joinCode.trim().toUpperCase())).get();
}

export function getEmployer(id: string, db: Db = getDb()): Employer | undefined {
  return db.select().from(employers).where(eq(employers.id, id)).get();
}

/** Every employer with its number of current workers, for the platform admin. */
export function listEmployers(db: Db = getDb()) {
  return db
    .select({
      id: employers.id,
      name: employers.name,
      sector: employers.sector,
      jurisdiction: employers.jurisdiction,
      county: employers.county,
      workers: sql<number>`(SELECT count(*) FROM ${employments} e WHERE e.employer_id = ${employers.id} AND e.ended_at IS NULL)`,
    })
    .from(employers)
    .orderBy(employers.name)
    .all();
}

export type Site = typeof sites.$inferSelect;

/** A join code is an employer's (no site) or one of its sites'. Matched case-insensitively. */
export function findJoinTarget(joinCode: string, db: Db = getDb()): { employer: Employer; siteId: string | null; siteName: string | null } | undefined {
  const code = joinCode.trim().toUpperCase();
  const employer = getEmployerByJoinCode(code, db);
  if (employer) return { employer, siteId: null, siteName: null };
  const row = db.select({ site: sites, employer: employers }).from(sites).innerJoin(employers, eq(employers.id, sites.employerId)).where(eq(sites.joinCode, code)).get();
  return row ? { employer: row.employer, siteId: row.site.id, siteName: row.site.name } : undefined;
}

export function listSites(employerId: string, db: Db = getDb()): Site[] {
  return db.select().from(sites).where(eq(sites.employerId, employerId)).orderBy(sites.name).all();
}

export function getSite(employerId: string, siteId: string, db: Db = getDb()): Site | undefined {
  return db.select().from(sites).where(and(eq(sites.employerId, employerId), eq(sites.id, siteId))).get();
}

export function createSite(input: { employerId: string; name: string; joinCode?: string }, now: Date, db: Db = getDb()): Site | undefined {
  if (db.select({ id: sites.id }).from(sites).where(and(eq(sites.employerId, input.employerId), eq(sites.name, input.name))).get()) return undefined;
  const row: Site = { id: newId(), employerId: input.employerId, name: input.name, joinCode: input.joinCode ?? newJoinCode(), createdAt: now.getTime(), policeAgency: null, policePhone: null, sharedDeviceSince: null };
  db.insert(sites).values(row).run();
  return row;
}

/**
 * The employer's answer to its law's "applies only if" question: yes makes the rule apply to it,
 * no takes it back. Every roster row's status is recomputed in the same transaction; audited.
 */
export function answerRuleScope(input: { admin: { id: string; kind: User["kind"] }; employer: Employer; ruleId: string; applies: boolean; clientAddress?: string }, now: Date): void {
  changeStatuses(now, (tx) => {
    tx.update(employers).set({ confirmedRuleId: input.applies ? input.ruleId : null }).where(eq(employers.id, input.employer.id)).run();
    appendAudit(
      tx,
      { action: "rule-scope-answered", actor: input.admin, clientAddress: input.clientAddress, target: { type: "employer", id: input.employer.id }, employerId: input.employer.id, detail: { rule: input.ruleId, applies: input.applies } },
      now,
    );
  });
}
