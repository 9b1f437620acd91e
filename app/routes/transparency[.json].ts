import { SUPPRESS_BELOW } from "#app/domain/aggregates.ts";
import { transparencyRows } from "#app/models/council.server.ts";
import { now } from "#app/utils/clock.server.ts";

/** GET /transparency.json — public: every row, with `suppressed: true` and null counts for groups under the threshold. */
export async function loader() {
  return Response.json(
    { generatedAt: now().toISOString(), suppressBelowWorkers: SUPPRESS_BELOW, rows: transparencyRows() },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}
