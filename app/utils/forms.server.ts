import { data } from "@remix-run/node";
import type { z } from "zod";
import { getT } from "#app/i18n/i18n.server.ts";

export type FieldErrors = Record<string, string>;

/** Reads a form body; anything that is not a form (JSON, garbage, too large) → 400. */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw data((await getT(request)).t("errors.formType"), { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw data((await getT(request)).t("errors.formUnreadable"), { status: 400 });
  }
}

/**
 * The first value of each field, as plain strings (files are ignored). The field names are the
 * sender's: the result has no prototype, so a field named `__proto__`, `constructor` or
 * `toString` is a field like any other, and a name no form has reads as absent.
 */
export function formValues(form: FormData): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of form.entries()) if (typeof v === "string" && !Object.hasOwn(out, k)) out[k] = v;
  return out;
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  values: Record<string, string>,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A message that is a translation key ("auth:errors.nameMissing") rather than text. */
const MESSAGE_KEY = /^[a-z]+:[A-Za-z0-9_.]+$/;

/**
 * Schemas state their messages as translation keys; this turns them into text in the
 * request's language. Messages that are not keys (zod's own, or already text) pass through.
 */
export function localizeErrors(errors: FieldErrors, t: (key: string, options?: Record<string, string | number>) => string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, MESSAGE_KEY.test(message) ? t(message) : message]));
}
