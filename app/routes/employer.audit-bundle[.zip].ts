import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditBundle } from "#app/models/exports.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /employer/audit-bundle.zip — everything an inspector asks for, with a SHA-256 manifest. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { stream, fileName } = auditBundle({ employer, admin, origin: publicOrigin(request), clientAddress: clientAddress(context) }, now());
  return new Response(stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
