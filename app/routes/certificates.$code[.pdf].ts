import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByCode } from "#app/models/certificate.server.ts";
import { getContent, getRole } from "#app/models/content.server.ts";
import { renderCertificatePdf } from "#app/pdf/certificate.server.tsx";
import { requireUser } from "#app/utils/auth.server.ts";
import { requireWellFormedCode, verifyUrl } from "#app/utils/public-url.server.ts";

/** GET /certificates/<code>.pdf — the certificate PDF, for its holder only (sign-in first; 404 for anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = requireWellFormedCode(params.code);
  const user = await requireUser(request);
  const cert = getCertificateByCode(code);
  if (!cert || cert.userId !== user.id) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const pdf = await renderCertificatePdf({
    code: formatCertificateCode(cert.code),
    holderName: cert.holderName,
    employerName: cert.employerName,
    jobRoleLabel: getRole(cert.jobRole)?.label ?? cert.jobRole,
    courseTitle: cert.courseTitle,
    courseVersion: cert.courseVersion,
    contentHash: cert.contentHash,
    score: cert.score,
    attestedAt: new Date(cert.attestedAt).toISOString(),
    issuedOn: new Date(cert.issuedAt).toISOString().slice(0, 10),
    expiresOn: cert.expiresOn,
    verifyUrl: verifyUrl(request, cert.code),
    hotline: getContent().hotlines.find((h) => h.id === "us-nhth"),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="frontline-ready-certificate-${formatCertificateCode(cert.code)}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
