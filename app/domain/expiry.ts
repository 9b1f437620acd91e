/** Certificate validity. Dates are ISO `YYYY-MM-DD` calendar dates in UTC (dates.ts). */
import { addDays, addMonths, toIsoDate, type IsoDate } from "./dates.ts";

/**
 * Training on `from` that lasts `months` is valid through the day before the same date
 * `months` later (calendar months, clamped: 2024-02-29 + 12 months → 2025-02-28, so valid
 * through 2025-02-27). `what` names `from` in the error when it is not a date.
 */
export function validThrough(from: IsoDate, months: number, what = "date"): IsoDate {
  return addDays(addMonths(from, months, what), -1);
}

/**
 * A certificate issued at `issuedAt` for `validityMonths` is valid through the day before the
 * same UTC date `validityMonths` later: issued 2026-03-10 for 12 months → expires 2027-03-09.
 */
export function expiryDate(issuedAt: Date, validityMonths: number): IsoDate {
  return validThrough(toIsoDate(issuedAt), validityMonths);
}

export type CertificateStatus = "valid" | "expired" | "revoked";

/** Valid through the end of `expiresOn` (UTC); revocation wins over everything. */
export function certificateStatus(
  cert: { expiresOn: string; revokedAt: number | null },
  now: Date,
): CertificateStatus {
  if (cert.revokedAt !== null) return "revoked";
  return toIsoDate(now) > cert.expiresOn ? "expired" : "valid";
}
