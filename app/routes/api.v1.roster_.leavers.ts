import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { markLeftByEmployeeId } from "#app/models/employer-api.server.ts";
import { MAX_BULK_LEAVERS } from "#app/models/roster.server.ts";
import { LeaversBody } from "#app/server/api-schemas.server.ts";
import { apiError, apiHandler, apiJson, readJsonBody, requireApiCaller } from "#app/server/api.server.ts";

const shown = (ids: string[]) => ids.slice(0, 20).join(", ") + (ids.length > 20 ? ` and ${ids.length - 20} more` : "");

/** Only POST is served here. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(request, {});
}

/** POST /api/v1/roster/leavers: the workers with these employee ids left on `leftOn`; all or none (ADR 026, 032). */
export async function action({ request, context }: ActionFunctionArgs) {
  return apiHandler(request, {
    POST: async () => {
      const caller = requireApiCaller(request, context, "read-write");
      const body = await readJsonBody(request, LeaversBody, { key: "employeeIds", maxItems: MAX_BULK_LEAVERS });
      const result = markLeftByEmployeeId({ actor: caller.actor, employerId: caller.employer.id, employeeIds: body.employeeIds, leftOn: body.leftOn, clientAddress: caller.clientAddress }, caller.now);
      if (result.ok) return apiJson({ marked: result.marked });
      const problems = result.employeeIds.slice(0, 200).map((id) => ({ field: "employeeIds", code: result.error, message: id }));
      switch (result.error) {
        case "leftInFuture":
          return apiError(422, "invalid", `leftOn ${body.leftOn} is in the future: record people who have left. Nothing was written.`, { problems: [{ field: "leftOn", code: "leftInFuture", message: "leftOn is after today" }] });
        case "unknownIds":
          return apiError(422, "invalid", `No worker on your roster has the employee id ${shown(result.employeeIds)}: nothing was written.`, { problems });
        case "leftBeforeHire":
          return apiError(422, "invalid", `leftOn ${body.leftOn} is before the hire date of ${shown(result.employeeIds)}: nothing was written.`, { problems });
        case "alreadyLeft":
          return apiError(409, "conflict", `Already recorded as left: ${shown(result.employeeIds)}. Nothing was written.`, { problems });
      }
    },
  });
}
