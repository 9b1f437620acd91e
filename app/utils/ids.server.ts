import crypto from "node:crypto";
import { generateCertificateCode } from "#app/domain/certificate-code.ts";
import { generateClaimCode } from "#app/domain/claim-code.ts";

/** Opaque random identifiers for rows (128 bits, URL-safe). */
export function newId(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function newCertificateCode(): string {
  return generateCertificateCode((max) => crypto.randomInt(max));
}

/** Join codes for employers: 10 characters of the certificate alphabet (~49 bits). */
export function newJoinCode(): string {
  return generateCertificateCode((max) => crypto.randomInt(max)).slice(0, 10);
}

/** A roster row's claim code (app/domain/claim-code.ts), canonical form (no dash). */
export function newClaimCode(): string {
  return generateClaimCode((max) => crypto.randomInt(max));
}
