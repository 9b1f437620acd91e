import type { LoaderFunctionArgs } from "@remix-run/node";
import { normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { now } from "#app/utils/clock.server.ts";

/** Public JSON: GET /api/certificates/<code> → { status, holderName, ... } | 400 | 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };
  const code = params.code ? normalizeCertificateCode(params.code) : null;
  if (!code) {
    return Response.json({ error: "malformed_code", message: "A certificate code has 15 letters and digits, like 7KX4P-DEM24-QRT9H." }, { status: 400, headers });
  }
  const cert = getCertificateByCode(code);
  if (!cert) return Response.json({ error: "not_found", message: "No certificate has this code." }, { status: 404, headers });
  return Response.json(toPublicCertificate(cert, now()), { headers });
}
