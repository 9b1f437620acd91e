import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRosterPage, upsertRosterRows } from "#app/models/employer-api.server.ts";
import { DEFAULT_PAGE_SIZE, MAX_API_ROWS, RosterQuery, UpsertBody } from "#app/server/api-schemas.server.ts";
import { apiError, apiHandler, apiJson, readJsonBody, readQuery, requireApiCaller } from "#app/server/api.server.ts";
import { rowProblems } from "#app/server/api-words.server.ts";

/** GET /api/v1/roster: a page of the roster with each worker's stored status (ADR 032). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiHandler(request, {
    GET: () => {
      const caller = requireApiCaller(request, context, "read");
      const q = readQuery(request, RosterQuery);
      return apiJson(apiRosterPage(caller.employer, { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? DEFAULT_PAGE_SIZE), status: q.status }, caller.now));
    },
  });
}

/** POST /api/v1/roster: add or change rows by employee id, all or nothing, as the CSV import does. */
export async function action({ request, context }: ActionFunctionArgs) {
  return apiHandler(request, {
    POST: async () => {
      const caller = requireApiCaller(request, context, "read-write");
      const body = await readJsonBody(request, UpsertBody, { key: "rows", maxItems: MAX_API_ROWS });
      const result = await upsertRosterRows({ actor: caller.actor, employer: caller.employer, tokenName: caller.token.name, rows: body.rows, clientAddress: caller.clientAddress }, caller.now);
      if (result.ok) return apiJson({ added: result.added, changed: result.changed, unchanged: result.unchanged });
      if ("error" in result) return apiError(409, "conflict", "An import of this employer's roster is being written: try again in a moment.");
      return apiError(422, "invalid", `${result.errors.length === 1 ? "One problem" : `${result.errors.length} problems`} in the rows: nothing was written.`, { problems: rowProblems(result.errors) });
    },
  });
}
