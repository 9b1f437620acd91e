import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { toIsoDate } from "#app/domain/dates.ts";
import { audit } from "#app/models/audit.server.ts";
import { COUNCIL_TABLES, councilCsv, type CouncilTable } from "#app/models/council-exports.server.ts";
import { requireCouncil } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /council/export/<table>.csv — one of the council's tables, small cells withheld, audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const table = params.table as CouncilTable;
  if (!COUNCIL_TABLES.includes(table)) throw data(`No such table. Tables: ${COUNCIL_TABLES.join(", ")}.`, { status: 404 });
  const t = now();
  const { text, rows } = councilCsv(table, council.jurisdiction, t);
  audit(
    { action: "export", actor: council, clientAddress: clientAddress(context), target: { type: "export", id: `council-${table}` }, detail: { jurisdiction: council.jurisdiction, rows } },
    t,
  );
  return new Response(text, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${council.jurisdiction.toLowerCase()}-${table}-${toIsoDate(t)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
