/**
 * The one home of a roster row's current status (ADR 009): `employment_status`, kept in step
 * by `changeStatuses`, the one wrapper for every write that can change a status. Triggers on
 * employments, certificates, external completions and employers (migration 0010) list the
 * touched rows in `status_dirty`; the wrapper recomputes exactly those inside the same
 * transaction, and `writeTransaction` refuses to commit if one is left, so a new write path
 * cannot forget. Reads (the roster, the dashboard's counts, reports, reminders, `/learn`)
 * come from the stored rows; only one worker's training history is computed on demand.
 */
import { writeTransaction, type Db } from "#app/utils/db.server.ts";
import { settleStatuses } from "./aggregates.server.ts";

/** Runs a write in a transaction and, before it commits, recomputes the statuses it touched. */
export function changeStatuses<T>(now: Date, fn: (tx: Db) => T): T {
  return writeTransaction((tx) => {
    const result = fn(tx);
    settleStatuses(tx, now);
    return result;
  });
}
