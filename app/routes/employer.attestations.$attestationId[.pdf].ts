import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getAttestation } from "#app/models/attestation.server.ts";
import { getContent } from "#app/server/content.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";

/** GET /employer/attestations/<id>.pdf — a signed attestation, printable. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const a = params.attestationId && params.attestationId.length <= 64 ? getAttestation(employer.id, params.attestationId) : undefined;
  if (!a) throw data("No such attestation.", { status: 404 });
  const rule = getContent().policies.get(a.ruleId)?.policy;
  const pdf = await renderPdf(request, { kind: "attestation", data: {
    employerName: employer.name,
    jurisdiction: employer.jurisdiction,
    ruleTitle: rule?.title ?? a.ruleId,
    citation: rule?.citation ?? "",
    what: rule?.employerAttestation.value?.what ?? "",
    period: a.period,
    statement: a.statement,
    signedName: a.signedName,
    signedTitle: a.signedTitle,
    signedAt: new Date(a.signedAt).toISOString(),
    covered: a.covered,
    compliant: a.compliant,
    reference: `${a.id} (${a.ruleId}@${a.ruleVersion})`,
  } }, employer.id);
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="attestation-${a.period}.pdf"`, "Cache-Control": "private, no-store" },
  });
}
