import { transparencyCsv } from "#app/models/council-exports.server.ts";

/** GET /transparency.csv — public. */
export async function loader() {
  return new Response(transparencyCsv(), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="frontline-ready-transparency.csv"', "Cache-Control": "public, max-age=300" },
  });
}
