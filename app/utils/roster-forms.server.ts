import { z } from "zod";
import { parseDate } from "#app/domain/roster-import.ts";

/**
 * The worker form (add and edit), for this employer's roles and sites. Messages are
 * translation keys: pass the errors through localizeErrors() before showing them.
 */
export function workerFieldsSchema(roleIds: string[], siteIds: string[]) {
  const optional = (max: number) =>
    z
      .string()
      .trim()
      .max(max)
      .transform((v) => v || null);
  return z.object({
    fullName: z.string().trim().min(1, "employer:errors.nameMissing").max(100, "employer:errors.nameTooLong"),
    employeeId: optional(40).pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._\/-]+$/, "employer:errors.employeeIdChars")
        .nullable(),
    ),
    jobRole: z.string().refine((r) => roleIds.includes(r), "employer:errors.roleInvalid"),
    siteId: optional(64).refine((s) => s === null || siteIds.includes(s), "employer:errors.siteInvalid"),
    hireDate: z
      .string()
      .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "employer:errors.hireDate" }), z.NEVER)),
    email: optional(254).pipe(z.email("employer:errors.email").nullable()),
    phone: optional(40).pipe(
      z
        .string()
        .regex(/^[0-9+().\s-]+$/, "employer:errors.phoneChars")
        .nullable(),
    ),
    // "": not known. A form that does not send the field leaves it as it is.
    language: z
      .enum(["", "en", "es"], { error: "employer:errors.language" })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "" ? null : v)),
  });
}

export const TerminationSchema = z.object({
  terminationDate: z
    .string()
    .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "employer:errors.terminationDate" }), z.NEVER)),
});

/** A completion of an outside course the employer records (the proof file is checked apart). */
export function ExternalCompletionSchema(today: string) {
  return z.object({
    provider: z.string().trim().min(2, "employer:errors.providerMissing").max(120, "employer:errors.tooLong"),
    courseTitle: z.string().trim().min(2, "employer:errors.courseMissing").max(160, "employer:errors.tooLong"),
    completedOn: z
      .string()
      .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "employer:errors.completedOn" }), z.NEVER))
      .refine((d) => d <= today, "employer:errors.completedInFuture"),
    approvalReference: z
      .string()
      .trim()
      .max(80, "employer:errors.tooLong")
      .optional()
      .transform((v) => v || null),
  });
}

/** Whether a sign is posted: the admin names who attests. */
export const SignPostingSchema = z.object({
  signId: z.string().min(1).max(80),
  siteId: z.string().max(64).optional().transform((v) => v || null),
  attestedName: z.string().trim().min(2, "employer:errors.signedNameMissing").max(100, "employer:errors.nameTooLong"),
});

/** A site's local police agency and non-emergency number (shown to its workers). */
export const SiteNumbersSchema = z.object({
  siteId: z.string().min(1).max(64),
  policeAgency: z.string().trim().max(100, "employer:errors.tooLong").transform((v) => v || null),
  policePhone: z
    .string()
    .trim()
    .max(40)
    .transform((v) => v || null)
    .pipe(z.string().regex(/^[0-9+().\s-]{7,}$/, "employer:errors.phoneChars").nullable()),
});
