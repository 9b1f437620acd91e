import { z } from "zod";
import { plainName } from "#app/domain/names.ts";
import type { TFunction } from "#app/i18n/translate.ts";
import { parseDate, PHONE_PATTERN, readRosterRow, ROSTER_FIELDS, type RosterRowInput, type RowContext } from "#app/domain/roster-row.ts";
import type { FieldErrors } from "./forms.server.ts";

/**
 * The worker form (add and edit): the roster row's own schema (app/domain/roster-row.ts, as
 * the CSV import reads a row), its problems worded in the page's language with the value that
 * was refused. A form without the email, phone or language field leaves it as it is.
 */
export function parseWorkerForm(values: Record<string, string>, ctx: RowContext, t: TFunction): { ok: true; fields: RosterRowInput } | { ok: false; errors: FieldErrors } {
  const read = readRosterRow(Object.fromEntries(ROSTER_FIELDS.filter((f) => f in values).map((f) => [f, values[f]])), ctx);
  if (read.ok) return { ok: true, fields: read.row };
  const errors: FieldErrors = {};
  for (const p of read.problems) errors[p.field] ??= t(`employer:form.errors.${p.key}`, p.values);
  return { ok: false, errors };
}

export const TerminationSchema = z.object({
  terminationDate: z
    .string()
    .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "employer:errors.terminationDate" }), z.NEVER)),
});

/** A completion of an outside course the employer records (the proof file is checked apart). */
export function ExternalCompletionSchema(today: string) {
  return z.object({
    provider: z.string().trim().min(2, "employer:errors.providerMissing").max(120, "employer:errors.tooLong").check(plainName()),
    courseTitle: z.string().trim().min(2, "employer:errors.courseMissing").max(160, "employer:errors.tooLong").check(plainName()),
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
  attestedName: z.string().trim().min(2, "employer:errors.signedNameMissing").max(100, "employer:errors.nameTooLong").check(plainName()),
});

/** A site's local police agency and non-emergency number (shown to its workers). */
export const SiteNumbersSchema = z.object({
  siteId: z.string().min(1).max(64),
  policeAgency: z
    .string()
    .trim()
    .max(100, "employer:errors.tooLong")
    .check(plainName())
    .transform((v) => v || null),
  policePhone: z
    .string()
    .trim()
    .max(40)
    .transform((v) => v || null)
    .pipe(z.string().regex(PHONE_PATTERN, "employer:errors.phoneChars").min(7, "employer:errors.phoneChars").nullable()),
});
