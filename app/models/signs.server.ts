/**
 * The signs an employer's law requires at each site, the employer's attestation that each is
 * posted, and each site's local police numbers (ADR 014). Every write is audited.
 */
import { and, desc, eq } from "drizzle-orm";
import { signPostings, sites } from "#db/schema.ts";
import type { Sign } from "#app/domain/policy-schema.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { appendAudit } from "./audit.server.ts";
import { getContent, type LoadedPolicy } from "#app/server/content.server.ts";
import { numberWithDigits, phoneDigits } from "#app/domain/signs.ts";
import type { User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind"> & { employerId: string };

/** The signs a rule requires (an empty list when the law requires none or is silent). */
export function requiredSigns(rule: LoadedPolicy | undefined): Sign[] {
  return rule?.policy.signs.value ?? [];
}

/** The newest attestation per (site, sign) of an employer: key `${siteId ?? "employer"}:${signId}`. */
export function latestPostings(employerId: string, db: Db = getDb()) {
  const rows = db.select().from(signPostings).where(eq(signPostings.employerId, employerId)).orderBy(desc(signPostings.attestedAt)).all();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.siteId ?? "employer"}:${r.signId}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  return latest;
}

/** Records that a required sign is posted at a site of this employer (or at its place of business: siteId null). */
export function recordSignPosting(
  input: { admin: Admin; rule: LoadedPolicy; signId: string; siteId: string | null; attestedName: string; clientAddress?: string },
  now: Date,
): boolean {
  if (!requiredSigns(input.rule).some((s) => s.id === input.signId)) return false;
  return writeTransaction((tx) => {
    if (input.siteId !== null && !tx.select({ id: sites.id }).from(sites).where(and(eq(sites.id, input.siteId), eq(sites.employerId, input.admin.employerId))).get()) return false;
    const row = {
      id: newId(),
      employerId: input.admin.employerId,
      siteId: input.siteId,
      ruleId: input.rule.policy.id,
      ruleVersion: input.rule.version,
      signId: input.signId,
      attestedBy: input.admin.id,
      attestedName: input.attestedName,
      attestedAt: now.getTime(),
    };
    tx.insert(signPostings).values(row).run();
    appendAudit(
      tx,
      { action: "sign-posted", actor: input.admin, clientAddress: input.clientAddress, target: { type: "site", id: input.siteId ?? input.admin.employerId }, employerId: input.admin.employerId, detail: { signId: row.signId, rule: `${row.ruleId}@${row.ruleVersion}`, attestedName: row.attestedName } },
      now,
    );
    return true;
  });
}

/** Sets a site's local police agency and non-emergency number; false for a site of another employer. */
export function updateSiteNumbers(input: { admin: Admin; siteId: string; policeAgency: string | null; policePhone: string | null; clientAddress?: string }, now: Date): boolean {
  return writeTransaction((tx) => {
    const site = tx.select({ id: sites.id }).from(sites).where(and(eq(sites.id, input.siteId), eq(sites.employerId, input.admin.employerId))).get();
    if (!site) return false;
    tx.update(sites).set({ policeAgency: input.policeAgency, policePhone: input.policePhone }).where(eq(sites.id, input.siteId)).run();
    appendAudit(
      tx,
      { action: "site-numbers-changed", actor: input.admin, clientAddress: input.clientAddress, target: { type: "site", id: input.siteId }, employerId: input.admin.employerId, detail: { policeAgency: input.policeAgency, policePhone: input.policePhone } },
      now,
    );
    return true;
  });
}

/**
 * The numbers a worker at this site should have besides 911 and the national hotlines the
 * course already gives: the site's police non-emergency line and the numbers the employer's
 * law requires (with their digits where the law gives letters).
 */
export function workplaceNumbers(siteId: string | null, rule: LoadedPolicy | undefined, db: Db = getDb()) {
  const site = siteId ? db.select({ name: sites.name, policeAgency: sites.policeAgency, policePhone: sites.policePhone }).from(sites).where(eq(sites.id, siteId)).get() : undefined;
  const national = new Set(getContent().hotlines.map((h) => phoneDigits(h.call)));
  return {
    siteName: site?.name ?? null,
    police: site?.policePhone ? { agency: site.policeAgency, phone: site.policePhone } : null,
    state: (rule?.policy.stateNumbers.value ?? []).filter((n) => !national.has(phoneDigits(n.number))).map((n) => ({ label: n.label, number: numberWithDigits(n.number) })),
  };
}
