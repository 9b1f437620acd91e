import { data } from "@remix-run/node";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { getEnv } from "./env.server.ts";

/** PUBLIC_URL when set (a deployment behind a proxy), else the origin the request came to. */
export function publicOrigin(request: Request) {
  return (getEnv().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export function verifyUrl(request: Request, code: string) {
  return `${publicOrigin(request)}/verify/${formatCertificateCode(code)}`;
}

/** A code from the URL: malformed → 400 (it cannot be any certificate's code). */
export function requireWellFormedCode(
  raw: string | undefined,
  message = "That is not a certificate code. A code has 15 letters and digits in three groups, like 7KX4P-DEM24-QRT9H.",
): string {
  const code = raw ? normalizeCertificateCode(raw) : null;
  if (!code) throw data(message, { status: 400 });
  return code;
}
