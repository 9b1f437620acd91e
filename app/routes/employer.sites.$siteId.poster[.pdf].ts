import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getContent } from "#app/server/content.server.ts";
import { getSite } from "#app/models/employer.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { joinUrl } from "#app/domain/public-urls.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";

/** GET /employer/sites/<siteId>/poster.pdf (or `all` for the employer-wide link): the QR poster. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const site = params.siteId === "all" ? null : params.siteId && params.siteId.length <= 64 ? getSite(employer.id, params.siteId) : undefined;
  if (site === undefined) throw data("No such site.", { status: 404 });
  const pdf = await renderPdf(request, {
    kind: "poster",
    data: {
    employerName: employer.name,
    siteName: site?.name ?? null,
    joinUrl: joinUrl(publicOrigin(), site?.joinCode ?? employer.joinCode),
      hotline: getContent().hotlines.find((h) => h.id === "us-nhth"),
    },
  }, employer.id);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="poster-${(site?.joinCode ?? employer.joinCode).toLowerCase()}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
