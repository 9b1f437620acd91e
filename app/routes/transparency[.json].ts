import { SUPPRESS_BELOW, SUPPRESS_BELOW_EMPLOYERS } from "#app/domain/aggregates.ts";
import { transparencyRows } from "#app/models/council.server.ts";
import { now } from "#app/utils/clock.server.ts";

/** GET /transparency.json — public: every row, with `suppressed: true` and null counts for groups under either threshold (isSuppressed). */
export async function loader() {
  return Response.json(
    { generatedAt: now().toISOString(), suppressBelowWorkers: SUPPRESS_BELOW, suppressBelowEmployers: SUPPRESS_BELOW_EMPLOYERS, rows: transparencyRows() },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}
