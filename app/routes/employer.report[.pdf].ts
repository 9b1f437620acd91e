import type { LoaderFunctionArgs } from "@remix-run/node";
import { toIsoDate } from "#app/domain/dates.ts";
import { getEmployerRoster } from "#app/models/compliance.server.ts";
import { auditExport, reportData } from "#app/models/exports.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /employer/report.pdf — the compliance report. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const t = now();
  const compliance = getEmployerRoster(employer, t);
  // In this employer's turn; too many of its reports waiting → 429, one over its limits → 503.
  const pdf = await renderPdf(request, { kind: "report", data: reportData(employer, compliance, admin, t) }, employer.id);
  auditExport({ admin, employer, what: "compliance-report", clientAddress: clientAddress(context), detail: { rows: compliance.entries.length } }, t);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="compliance-report-${employer.joinCode.toLowerCase()}-${toIsoDate(t)}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
