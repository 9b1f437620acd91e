import type { LoaderFunctionArgs } from "@remix-run/node";
import { addDays, toIsoDate } from "#app/domain/dates.ts";
import { sampleRosterCsv } from "#app/domain/roster-import.ts";
import { rosterRowContext } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

/**
 * GET /employer/import-sample.csv — a sample roster file for the import page: every column the
 * import reads (the optional ones too), a few made-up workers in this employer's own roles and
 * sites, so it imports as it is. Holds no one's data: nothing to audit.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const csv = sampleRosterCsv(rosterRowContext(employer, toIsoDate(now())), (iso, days) => addDays(iso, days));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roster-sample.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
