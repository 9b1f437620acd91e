import type { LoaderFunctionArgs } from "@remix-run/node";
import { toIsoDate } from "#app/domain/dates.ts";
import { getEmployerRoster } from "#app/models/compliance.server.ts";
import { auditExport, rosterCsvStream } from "#app/models/exports.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

/** GET /employer/roster.csv — current and former staff with their statuses, streamed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const t = now();
  const compliance = getEmployerRoster(employer, t);
  // Streamed: a piece of rows is written as the client reads (the same bytes as rosterCsv).
  const csv = rosterCsvStream(compliance);
  auditExport({ admin, employer, what: "roster-csv", clientAddress: clientAddress(context), detail: { rows: compliance.entries.length } }, t);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roster-${employer.joinCode.toLowerCase()}-${toIsoDate(t)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
