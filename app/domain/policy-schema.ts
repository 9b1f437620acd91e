import { z } from "zod";
import { SectorSchema } from "./content-schema.ts";

/**
 * Schema for one jurisdiction rule file under content/policies/<id>.yaml. Pure: no I/O (the
 * loader checks that `id` equals the file name and that the roles exist, see checkPolicyRoles).
 */

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (a-z, 0-9, single dashes)");

/** Days in each month of a leap year, so "02-29" is accepted. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD")
  .refine((s) => {
    const [m, d] = s.split("-").map(Number) as [number, number];
    return d <= DAYS_IN_MONTH[m - 1]!;
  }, "no such day in that month");

export const ProofKindSchema = z.enum(["certificate", "signed-acknowledgment", "employer-attestation"]);
export type ProofKind = z.infer<typeof ProofKindSchema>;

export const EmployerAttestationSchema = z.strictObject({
  /** How often the employer must attest. Only "annual" exists so far. */
  period: z.literal("annual"),
  /** Fixed calendar due date, when the law names one (Maryland: every Oct 1 → "10-01"). */
  dueMonthDay: monthDay.optional(),
  /** Who signs what, and where it goes. */
  what: z.string().min(1),
});
export type EmployerAttestation = z.infer<typeof EmployerAttestationSchema>;

const PolicySource = z.strictObject({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
});

function noDuplicates(values: readonly string[], ctx: z.RefinementCtx, path: string) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: "custom", path: [path, i], message: `duplicate "${v}"` });
    seen.add(v);
  });
}

export const PolicySchema = z
  .strictObject({
    id: kebab,
    title: z.string().min(1),
    jurisdiction: z.string().regex(/^US-[A-Z]{2}$/, "must be like US-TX"),
    sector: SectorSchema,
    /** Role ids from content/roles.yaml, all of this rule's sector (see checkPolicyRoles). */
    coveredRoles: z.array(kebab).min(1, "a rule must cover at least one role"),
    /** Days after the hire date by which the first training must be done. */
    firstTrainingWithinDays: z.number().int().positive(),
    /** Months a completion stays valid; null = the law asks for no renewal. */
    renewalMonths: z.number().int().positive().nullable(),
    minimumMinutes: z.number().int().positive().nullable(),
    /** Online training must make the learner go through all material (Texas). */
    requiresPacing: z.boolean(),
    /** The learner must certify or acknowledge completion themselves. */
    requiresLearnerAttestation: z.boolean(),
    proof: z.array(ProofKindSchema).min(1, "name at least one kind of proof"),
    employerAttestation: EmployerAttestationSchema.nullable(),
    /** Whether a still-valid completion earned at a previous employer satisfies this rule. */
    priorTrainingAccepted: z.boolean(),
    recordRetentionYears: z.number().positive().nullable(),
    citation: z.string().min(1),
    sources: z.array(PolicySource).min(1, "every rule must cite at least one source"),
    /** True only once every field has been checked against the statute text. */
    verified: z.boolean(),
    notes: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    noDuplicates(p.coveredRoles, ctx, "coveredRoles");
    noDuplicates(p.proof, ctx, "proof");
    const attests = p.proof.includes("employer-attestation");
    if (attests && p.employerAttestation === null) {
      ctx.addIssue({
        code: "custom",
        path: ["employerAttestation"],
        message: 'proof includes "employer-attestation", so describe it here',
      });
    }
    if (!attests && p.employerAttestation !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["proof"],
        message: 'employerAttestation is set, so proof must include "employer-attestation"',
      });
    }
  });
export type Policy = z.infer<typeof PolicySchema>;

/**
 * Problems with a rule's roles against content/roles.yaml: unknown ids, or roles of the other
 * sector. Returns `coveredRoles: ...` messages; empty when all is well.
 */
export function checkPolicyRoles(
  policy: Pick<Policy, "coveredRoles" | "sector">,
  roles: ReadonlyArray<{ readonly id: string; readonly sector: string }>,
): string[] {
  const byId = new Map(roles.map((r) => [r.id, r.sector]));
  const problems: string[] = [];
  for (const id of policy.coveredRoles) {
    const sector = byId.get(id);
    if (sector === undefined) {
      problems.push(`coveredRoles: unknown role "${id}" (see content/roles.yaml)`);
    } else if (sector !== policy.sector) {
      problems.push(`coveredRoles: role "${id}" is a ${sector} role, but this rule's sector is ${policy.sector}`);
    }
  }
  return problems;
}
