import type { LoaderFunctionArgs } from "@remix-run/node";
import { toIsoDate } from "#app/domain/dates.ts";
import { readEmployerRoster } from "#app/models/compliance.server.ts";
import { auditExport, employerReport } from "#app/models/exports.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { withPdfLimits } from "#app/server/pdf.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /employer/report.pdf — the compliance report: the stored one while the roster is unchanged (ADR 037); the roster read in pages. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const t = now();
  const compliance = await readEmployerRoster(employer, t);
  // In this employer's turn; too many of its reports waiting → 429, one over its limits → 503.
  const report = await withPdfLimits(request, () => employerReport(employer, compliance, admin, t, { signal: request.signal }));
  auditExport({ admin, employer, what: "compliance-report", clientAddress: clientAddress(context), detail: { rows: report.rows, version: report.version.slice(0, 16) } }, t);
  return new Response(new Uint8Array(report.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="compliance-report-${employer.joinCode.toLowerCase()}-${toIsoDate(t)}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
