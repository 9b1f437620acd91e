import { z } from "zod";

/** Why a certificate is revoked: shown on the public check page and kept in the audit log. */
export const RevocationReason = z
  .string()
  .trim()
  // Translation keys: localizeErrors() words them in the page's language.
  .min(5, "common:revocation.reasonShort")
  .max(500, "common:revocation.reasonLong");
