import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { VC_JWT_MEDIA_TYPE } from "#app/domain/open-badges.ts";
import { getCertificateByCode } from "#app/models/certificate.server.ts";
import { envelope, issueOpenBadge } from "#app/models/open-badges.server.ts";
import { requireOpenBadges } from "#app/server/open-badges.server.ts";
import { now } from "#app/utils/clock.server.ts";

/**
 * GET /credentials/<code>: the certificate as an Open Badges 3.0 credential (ADR 031). Public
 * like the check page (/verify/<code>): the code is what the holder hands out, and a wallet that
 * scans the certificate page's QR fetches this address. The JSON file (VC 2.0's
 * EnvelopedVerifiableCredential); the bare VC-JWT when asked for with Accept: application/vc+jwt.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOpenBadges(request, { resource: true });
  const text = (message: string, status: number) =>
    new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const code = params.code ? normalizeCertificateCode(params.code.slice(0, 100)) : null;
  if (!code) throw text("A certificate code has 15 letters and digits, like 7KX4P-DEM24-QRT9H.", 400);
  const cert = getCertificateByCode(code);
  if (!cert) throw text("No certificate has this code.", 404);
  const jwt = await issueOpenBadge(cert, now());
  const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };
  if ((request.headers.get("Accept") ?? "").includes(VC_JWT_MEDIA_TYPE)) {
    return new Response(jwt, { headers: { ...headers, "Content-Type": VC_JWT_MEDIA_TYPE } });
  }
  return new Response(JSON.stringify(envelope(jwt), null, 2), {
    headers: {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="open-badge-${formatCertificateCode(cert.code)}.json"`,
    },
  });
}
