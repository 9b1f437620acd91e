import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { certificatePdf } from "#app/models/certificate-pdf.server.ts";
import { getCertificateByCode } from "#app/models/certificate.server.ts";
import { requireUser } from "#app/server/auth.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { withPdfLimits } from "#app/server/pdf.server.ts";
import { publicOrigin, requireWellFormedCode } from "#app/utils/public-url.server.ts";

/** GET /certificates/<code>.pdf — the certificate PDF, for its holder only (sign-in first; 404 for anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t } = await getT(request, "public");
  const code = requireWellFormedCode(params.code, t("malformedCode"));
  const user = await requireUser(request);
  const cert = getCertificateByCode(code);
  if (!cert || cert.userId !== user.id) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const pdf = await withPdfLimits(request, () => certificatePdf(cert));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="frontline-ready-certificate-${formatCertificateCode(cert.code)}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
