/** Calendar arithmetic for certificate validity. Dates are ISO `YYYY-MM-DD`, in UTC. */

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Adds calendar months, clamping to the month's last day: 2024-01-31 + 1 month is
 * 2024-02-29, and 2024-02-29 + 12 months is 2025-02-28.
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths % 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * A certificate issued on `issuedOn` for `validityMonths` is valid through the day before
 * the same date `validityMonths` later: issued 2026-03-10 for 12 months → expires 2027-03-09.
 */
export function expiryDate(issuedAt: Date, validityMonths: number): string {
  const sameDay = addMonths(toIsoDate(issuedAt), validityMonths);
  const t = Date.parse(`${sameDay}T00:00:00Z`) - 86_400_000;
  return toIsoDate(new Date(t));
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
