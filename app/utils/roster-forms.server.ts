import { z } from "zod";
import { parseDate } from "#app/domain/roster-import.ts";

/** The worker form (add and edit), for this employer's roles and sites. */
export function workerFieldsSchema(roleIds: string[], siteIds: string[]) {
  const optional = (max: number) =>
    z
      .string()
      .trim()
      .max(max)
      .transform((v) => v || null);
  return z.object({
    fullName: z.string().trim().min(1, "Enter the worker's name").max(100, "Use at most 100 characters"),
    employeeId: optional(40).pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._\/-]+$/, "Use only letters, digits and . _ / - in the employee ID")
        .nullable(),
    ),
    jobRole: z.string().refine((r) => roleIds.includes(r), "Choose one of the listed roles"),
    siteId: optional(64).refine((s) => s === null || siteIds.includes(s), "Choose one of your sites"),
    hireDate: z
      .string()
      .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "Enter the hire date as YYYY-MM-DD" }), z.NEVER)),
    email: optional(254).pipe(z.email("Enter an email address like name@example.com").nullable()),
    phone: optional(40).pipe(
      z
        .string()
        .regex(/^[0-9+().\s-]+$/, "Use only digits, spaces and + ( ) . - in the phone number")
        .nullable(),
    ),
  });
}

export const TerminationSchema = z.object({
  terminationDate: z
    .string()
    .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: "custom", message: "Enter the last day worked as YYYY-MM-DD" }), z.NEVER)),
});
