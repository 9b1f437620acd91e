/** Employer attestations (MN, MD, WA, NJ): signed for a period, recorded, audited, printable. */
import { and, desc, eq } from "drizzle-orm";
import { attestations } from "#db/schema.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { appendAudit } from "./audit.server.ts";
import { getStatusSummary } from "./compliance.server.ts";
import type { LoadedPolicy } from "#app/server/content.server.ts";
import type { Employer } from "./employer.server.ts";
import type { User } from "./user.server.ts";

export type Attestation = typeof attestations.$inferSelect;

export function listAttestations(employerId: string): Attestation[] {
  return getDb().select().from(attestations).where(eq(attestations.employerId, employerId)).orderBy(desc(attestations.signedAt)).all();
}

export function getAttestation(employerId: string, id: string): Attestation | undefined {
  return getDb().select().from(attestations).where(and(eq(attestations.employerId, employerId), eq(attestations.id, id))).get();
}

/** What the statement names: the employer, the period and the law (its citation). */
export function attestationTerms(employer: Employer, rule: LoadedPolicy, period: string) {
  return { employer: employer.name, period, law: rule.policy.citation };
}

/**
 * The statement the admin signs, recorded and printed: in English, the language of the
 * rule's words and of the records an inspector reads (app/locales/en/employer.json).
 */
export function attestationStatement(employer: Employer, rule: LoadedPolicy, period: string) {
  return tFor("en", "employer")("attestations.statement", attestationTerms(employer, rule, period));
}

export type SignResult = { ok: true; attestation: Attestation } | { ok: false; reason: "already-signed" };

export function signAttestation(
  input: { admin: Pick<User, "id" | "kind">; employer: Employer; rule: LoadedPolicy; period: string; signedName: string; signedTitle: string; clientAddress?: string },
  now: Date,
): SignResult {
  const counts = getStatusSummary(input.employer, now).summary;
  return writeTransaction((tx) => {
    const existing = tx
      .select({ id: attestations.id })
      .from(attestations)
      .where(and(eq(attestations.employerId, input.employer.id), eq(attestations.ruleId, input.rule.policy.id), eq(attestations.period, input.period)))
      .get();
    if (existing) return { ok: false as const, reason: "already-signed" as const };
    const row: Attestation = {
      id: newId(),
      employerId: input.employer.id,
      ruleId: input.rule.policy.id,
      ruleVersion: input.rule.version,
      period: input.period,
      statement: attestationStatement(input.employer, input.rule, input.period),
      signedBy: input.admin.id,
      signedName: input.signedName,
      signedTitle: input.signedTitle,
      signedAt: now.getTime(),
      covered: counts.covered,
      compliant: counts.compliant,
    };
    tx.insert(attestations).values(row).run();
    appendAudit(
      tx,
      {
        action: "attestation-signed",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "attestation", id: row.id },
        employerId: input.employer.id,
        detail: { ruleId: row.ruleId, ruleVersion: row.ruleVersion, period: row.period, covered: row.covered, compliant: row.compliant },
      },
      now,
    );
    return { ok: true as const, attestation: row };
  });
}
