import { z } from "zod";

/** Why a certificate is revoked: shown on the public check page and kept in the audit log. */
export const RevocationReason = z
  .string()
  .trim()
  .min(5, "Give a reason of at least 5 characters")
  .max(500, "Keep the reason under 500 characters");
