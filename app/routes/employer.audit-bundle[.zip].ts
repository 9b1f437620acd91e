import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditBundle } from "#app/models/exports.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { withPdfLimits } from "#app/server/pdf.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /employer/audit-bundle.zip — everything an inspector asks for, with a SHA-256 manifest. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  // The report is rendered before the first byte is sent: a refusal (429) or failure (503) is an answer, not a broken ZIP.
  const { stream, fileName } = await withPdfLimits(request, () => auditBundle({ employer, admin, clientAddress: clientAddress(context) }, now()));
  return new Response(stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
