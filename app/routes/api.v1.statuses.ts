import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiStatuses } from "#app/models/employer-api.server.ts";
import { apiHandler, apiJson, requireApiCaller } from "#app/server/api.server.ts";

/** GET /api/v1/statuses: counts of current workers per stored status (ADR 032). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiHandler(request, {
    GET: () => {
      const caller = requireApiCaller(request, context, "read");
      return apiJson(apiStatuses(caller.employer, caller.now));
    },
  });
}
