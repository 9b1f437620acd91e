import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formatClaimCode } from "#app/domain/claim-code.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getSite } from "#app/models/employer.server.ts";
import { getRosterRow } from "#app/models/roster.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { joinUrl } from "#app/domain/public-urls.ts";

/**
 * GET /employer/workers/<employmentId>/slip.pdf: the join slip of a worker who has not joined
 * yet (join link, employee ID, claim code), for their employer's admins. A row of another
 * employer is 404; a row with no claim to make (joined, left, no employee ID) is 409.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const row = params.employmentId && params.employmentId.length <= 64 ? getRosterRow(employer.id, params.employmentId) : undefined;
  if (!row) throw data(t("worker.notFound"), { status: 404 });
  const { employment } = row;
  if (employment.userId !== null || !employment.claimCode) throw data(t("errors.claimAlreadyJoined"), { status: 409 });
  if (employment.endedAt !== null) throw data(t("errors.noLongerHere"), { status: 409 });
  if (!employment.employeeId) throw data(t("worker.claimNoEmployeeId", { name: employment.fullName }), { status: 409 });
  const site = employment.siteId ? getSite(employer.id, employment.siteId) : undefined;
  const pdf = await renderPdf(request, {
    kind: "slip",
    data: {
      employerName: employer.name,
      siteName: site?.name ?? null,
      workerName: employment.fullName,
      employeeId: employment.employeeId,
      claimCode: formatClaimCode(employment.claimCode),
      joinUrl: joinUrl(publicOrigin(), site?.joinCode ?? employer.joinCode),
    },
  }, employer.id);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="join-slip-${employment.employeeId.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"`,
      // The claim code is a secret: never kept by a shared cache or the browser's.
      "Cache-Control": "private, no-store",
    },
  });
}
