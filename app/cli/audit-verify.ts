/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first row that
 * was altered or removed. Exit code 0 when intact, 1 when not, 2 when it could not run.
 */
import { verifyAuditChain } from "#app/models/audit.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { getDb } from "#app/utils/db.server.ts";

try {
  const env = getEnv();
  const report = verifyAuditChain(getDb());
  if (report.ok) {
    console.log(`audit log ${env.DATABASE_PATH}: intact, ${report.rows} rows.`);
    console.log(`head: row ${report.headSeq}, hash ${report.headHash}`);
    console.log("Keep this head somewhere else (a ticket, an email): rows removed from the very end can only be noticed against it.");
    process.exit(0);
  }
  console.error(`audit log ${env.DATABASE_PATH}: NOT intact after ${report.rows} good rows.`);
  console.error(`first problem: ${report.message}`);
  process.exit(1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
