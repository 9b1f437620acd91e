/**
 * `npm run aggregates:check`: recomputes every roster row's status and every employer's
 * counters from scratch (rows, certificates, current rules, today) and reports each
 * difference from the maintained counters, from this month's records, and in every figure
 * the council and public pages show (headline, trend, breakdowns, employer lists, the
 * transparency table; ADR 015). Exit 0 when they agree, 1 when not, 2 on error.
 */
import { checkAggregates } from "#app/models/aggregates.server.ts";
import { getContent } from "#app/server/content.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

/** `--at <ISO time>` checks as of another moment (statuses depend on the date); default now. */
function asOf(): Date {
  const i = process.argv.indexOf("--at");
  if (i === -1) return now();
  const at = new Date(process.argv[i + 1] ?? "");
  if (Number.isNaN(at.getTime())) throw new Error("--at needs an ISO date or time, e.g. 2026-11-25T12:00:00Z");
  return at;
}

try {
  const env = getEnv();
  getContent();
  const started = performance.now();
  const report = checkAggregates(asOf(), getDb());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.differences.length === 0) {
    console.log(`aggregates in ${env.DATABASE_PATH}: agree with a recomputation from scratch (${report.employers} employers, ${report.rows} roster rows, ${seconds} s).`);
    process.exit(0);
  }
  console.error(`aggregates in ${env.DATABASE_PATH}: ${report.differences.length} differences (${report.employers} employers, ${report.rows} roster rows):`);
  for (const d of report.differences.slice(0, 50)) console.error(`  ${d}`);
  if (report.differences.length > 50) console.error(`  … and ${report.differences.length - 50} more`);
  process.exit(1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
