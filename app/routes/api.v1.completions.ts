import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCompletions } from "#app/models/employer-api.server.ts";
import { DEFAULT_PAGE_SIZE, PageQuery } from "#app/server/api-schemas.server.ts";
import { apiHandler, apiJson, readQuery, requireApiCaller } from "#app/server/api.server.ts";

/** GET /api/v1/completions: certificates and recorded outside courses of the employer's workers (ADR 032). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiHandler(request, {
    GET: () => {
      const caller = requireApiCaller(request, context, "read");
      const q = readQuery(request, PageQuery);
      return apiJson(apiCompletions(caller.employer, { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? DEFAULT_PAGE_SIZE) }, caller.now));
    },
  });
}
