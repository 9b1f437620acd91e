/**
 * Changes to an employer's roster: add, edit, terminate, import, claim codes and undoing a
 * claim. Every change is audited in the same transaction; terminating ends the worker's
 * sessions (a shared phone must not stay signed in). Certificates are never touched: they
 * stay the worker's.
 */
import { and, eq, gt, inArray } from "drizzle-orm";
import { employments, quizAttempts, users } from "#db/schema.ts";
import { startOfDayMs } from "#app/domain/dates.ts";
import type { ExistingRow, ImportPlan, ImportRow } from "#app/domain/roster-import.ts";
import type { RosterField, RosterRowInput, RowContext } from "#app/domain/roster-row.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { newClaimCode } from "#app/utils/ids.server.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit, audit } from "./audit.server.ts";
import { rolesForSector } from "#app/server/content.server.ts";
import { listSites } from "./employer.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { type Employment, type User } from "./user.server.ts";
import { addEmployment, addEmployments } from "./employment.server.ts";

type Admin = Pick<User, "id" | "kind"> & { employerId: string };
/** A roster row as the form or an import gives it (app/domain/roster-row.ts); an optional field left undefined is unchanged. */
export type WorkerFields = RosterRowInput;

/** What this employer's roster rows are read against (the form and the import alike): its roles and sites, and today. */
export function rosterRowContext(employer: { id: string; sector: string }, today: string): RowContext {
  return {
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
    today,
  };
}

/** One roster row of this employer (with the worker's account, if they joined); undefined for anyone else's. */
export function getRosterRow(employerId: string, employmentId: string, db: Db = getDb()) {
  return db
    .select({ employment: employments, user: users })
    .from(employments)
    .leftJoin(users, eq(users.id, employments.userId))
    .where(and(eq(employments.employerId, employerId), eq(employments.id, employmentId)))
    .get();
}

function employeeIdTaken(tx: Db, employerId: string, employeeId: string | null, except?: string) {
  if (!employeeId) return false;
  const row = tx
    .select({ id: employments.id })
    .from(employments)
    .where(and(eq(employments.employerId, employerId), eq(employments.employeeId, employeeId)))
    .get();
  return row !== undefined && row.id !== except;
}

/** A refusal names the field and the reason (an id the route translates: `errors.<error>`). */
export type WriteResult = { ok: true; employment: Employment } | { ok: false; field: "employeeId"; error: "employeeIdTaken" };

export function addWorker(input: { admin: Admin; fields: WorkerFields; clientAddress?: string }, now: Date): WriteResult {
  return changeStatuses(now, (tx) => {
    if (employeeIdTaken(tx, input.admin.employerId, input.fields.employeeId)) {
      return { ok: false as const, field: "employeeId" as const, error: "employeeIdTaken" as const };
    }
    const employment = addEmployment({ userId: null, employerId: input.admin.employerId, ...input.fields }, now, tx);
    appendAudit(
      tx,
      { action: "roster-added", actor: input.admin, clientAddress: input.clientAddress, target: { type: "employment", id: employment.id }, employerId: input.admin.employerId, detail: { jobRole: employment.jobRole, hireDate: employment.hireDate } },
      now,
    );
    return { ok: true as const, employment };
  });
}

/** Edits a roster row; a role change is audited as such, other fields as a roster change. */
export function updateWorker(input: { admin: Admin; employmentId: string; fields: WorkerFields; clientAddress?: string }, now: Date): WriteResult {
  return changeStatuses(now, (tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current) throw new Error("no such roster row");
    if (employeeIdTaken(tx, input.admin.employerId, input.fields.employeeId, current.id)) {
      return { ok: false as const, field: "employeeId" as const, error: "employeeIdTaken" as const };
    }
    applyChanges(tx, input.admin, current, input.fields, input.clientAddress, now);
    const given = Object.fromEntries(Object.entries(input.fields).filter(([, v]) => v !== undefined));
    return { ok: true as const, employment: { ...current, ...given } };
  });
}

function applyChanges(tx: Db, admin: Admin, current: Employment, fields: Partial<WorkerFields>, clientAddress: string | undefined, now: Date) {
  const changed = (Object.keys(fields) as (keyof WorkerFields)[]).filter((k) => fields[k] !== undefined && fields[k] !== current[k]);
  if (changed.length === 0) return;
  tx.update(employments).set(fields).where(eq(employments.id, current.id)).run();
  const target = { type: "employment", id: current.id };
  if (changed.includes("jobRole")) {
    appendAudit(tx, { action: "role-changed", actor: admin, clientAddress, target, employerId: admin.employerId, detail: { from: current.jobRole, to: fields.jobRole! } }, now);
  }
  const others = changed.filter((k) => k !== "jobRole");
  if (others.length > 0) {
    appendAudit(tx, { action: "roster-updated", actor: admin, clientAddress, target, employerId: admin.employerId, detail: { fields: others.join(",") } }, now);
  }
}

/**
 * Records that the worker left on `terminationDate` (their record stays for the retention
 * period); every session of their account ends.
 */
export function terminateWorker(input: { admin: Admin; employmentId: string; terminationDate: string; clientAddress?: string }, now: Date) {
  return changeStatuses(now, (tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current || current.endedAt !== null) return false;
    tx.update(employments).set({ endedAt: startOfDayMs(input.terminationDate, "terminationDate") }).where(eq(employments.id, current.id)).run();
    if (current.userId) deleteSessionsOfUser(current.userId, tx);
    appendAudit(
      tx,
      {
        action: "roster-ended",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "employment", id: current.id },
        employerId: input.admin.employerId,
        detail: { terminationDate: input.terminationDate, jobRole: current.jobRole },
      },
      now,
    );
    return true;
  });
}

/** Why a claim code cannot be issued or a claim undone (ids the route words as `errors.<id>`). */
export type ClaimRefusal = "claimAlreadyJoined" | "claimNotJoined" | "noLongerHere";

/**
 * A new claim code for a row no account holds (the slip was lost, or the code reached the wrong
 * person): the old code stops working at once.
 */
export function issueClaimCode(input: { admin: Admin; employmentId: string; clientAddress?: string }, now: Date): { ok: true; claimCode: string } | { ok: false; error: ClaimRefusal } {
  return changeStatuses(now, (tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current) throw new Error("no such roster row");
    if (current.userId !== null) return { ok: false as const, error: "claimAlreadyJoined" as const };
    if (current.endedAt !== null) return { ok: false as const, error: "noLongerHere" as const };
    const claimCode = newClaimCode();
    tx.update(employments).set({ claimCode }).where(eq(employments.id, current.id)).run();
    // Never the code itself: the log is read by more people than the worker's slip.
    appendAudit(tx, { action: "claim-code-issued", actor: input.admin, clientAddress: input.clientAddress, target: { type: "employment", id: current.id }, employerId: input.admin.employerId }, now);
    return { ok: true as const, claimCode };
  });
}

/**
 * Undoes a wrong claim: the account that joined as this worker leaves the row. The row keeps
 * its data (name, employee ID, role, hire date, site) and gets a new claim code for the right
 * worker; the account keeps its certificates, which stop counting for this row. An unanswered
 * quiz drawn for this job is discarded (graded, it would issue a certificate against a row
 * that is no longer the account's).
 */
export function detachAccount(input: { admin: Admin; employmentId: string; clientAddress?: string }, now: Date): { ok: true; claimCode: string } | { ok: false; error: ClaimRefusal } {
  return changeStatuses(now, (tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current) throw new Error("no such roster row");
    const userId = current.userId;
    if (userId === null) return { ok: false as const, error: "claimNotJoined" as const };
    if (current.endedAt !== null) return { ok: false as const, error: "noLongerHere" as const };
    const claimCode = newClaimCode();
    tx.update(employments).set({ userId: null, claimCode }).where(and(eq(employments.id, current.id), eq(employments.userId, userId))).run();
    tx.delete(quizAttempts).where(and(eq(quizAttempts.employmentId, current.id), eq(quizAttempts.userId, userId), eq(quizAttempts.status, "open"))).run();
    appendAudit(
      tx,
      { action: "roster-claim-undone", actor: input.admin, clientAddress: input.clientAddress, target: { type: "employment", id: current.id }, employerId: input.admin.employerId, detail: { userId } },
      now,
    );
    return { ok: true as const, claimCode };
  });
}

/**
 * The rows an import is compared with: the employer's whole roster (rows without an employee id
 * only match exactly), read a page at a time with `pause()` between pages.
 */
export async function existingForImport(employerId: string, pause: () => Promise<void>): Promise<ExistingRow[]> {
  const out: ExistingRow[] = [];
  let after = "";
  for (;;) {
    const page = getDb()
      .select({
        id: employments.id,
        employeeId: employments.employeeId,
        fullName: employments.fullName,
        jobRole: employments.jobRole,
        siteId: employments.siteId,
        hireDate: employments.hireDate,
        email: employments.email,
        phone: employments.phone,
        language: employments.language,
        endedAt: employments.endedAt,
      })
      .from(employments)
      .where(and(eq(employments.employerId, employerId), gt(employments.id, after)))
      .orderBy(employments.id)
      .limit(EXISTING_PAGE)
      .all();
    for (const e of page) {
      out.push({
        employmentId: e.id,
        employeeId: e.employeeId,
        fullName: e.fullName,
        jobRole: e.jobRole,
        siteId: e.siteId,
        hireDate: e.hireDate,
        email: e.email,
        phone: e.phone,
        language: e.language,
        former: e.endedAt !== null,
      });
    }
    if (page.length < EXISTING_PAGE) return out;
    after = page[page.length - 1]!.id;
    await pause();
  }
}
const EXISTING_PAGE = 2_000;

/** Rows written per transaction: each batch holds the event loop for a few milliseconds. */
const IMPORT_BATCH = 50;
/** Employers with an import being written (one at a time per employer, in this process). */
const importing = new Set<string>();

export type ImportResult = { ok: true; added: number; changed: number } | { ok: false; error: "importRunning" };

/**
 * Applies an import plan: new rows added, changed rows updated, then one audit row for the
 * import. Rows missing from the file are only reported (terminating is the admin's decision,
 * per worker). Written in batches of IMPORT_BATCH rows, each a transaction of its own, with
 * `pause()` between them, so an 18,000-row file does not hold up other requests for seconds.
 * The file was validated in full before (nothing is written for a file with any bad row), and
 * each batch checks its rows again against the roster as it then is: a row whose employee id
 * someone added meanwhile is not added twice. Should a batch fail, the batches before it stay
 * written and the audit row says how far the import got; importing the same file again
 * finishes it (rows are matched by employee id).
 */
export async function applyImport(
  input: { admin: Admin; plan: ImportPlan; fileName: string; fileSha256: string; clientAddress?: string },
  now: Date,
  pause: () => Promise<void>,
): Promise<ImportResult> {
  const { admin, plan } = input;
  if (importing.has(admin.employerId)) return { ok: false, error: "importRunning" };
  importing.add(admin.employerId);
  const fields = ({ line: _line, ...row }: ImportRow): WorkerFields => row;
  const work: ({ add: ImportRow } | { change: ImportPlan["changed"][number] })[] = [...plan.added.map((add) => ({ add })), ...plan.changed.map((change) => ({ change }))];
  let added = 0;
  let changed = 0;
  const record = (incomplete: boolean) =>
    audit(
      {
        action: "roster-imported",
        actor: admin,
        clientAddress: input.clientAddress,
        target: { type: "file", id: input.fileSha256.slice(0, 16) },
        employerId: admin.employerId,
        detail: {
          file: input.fileName.slice(0, 200),
          added,
          changed,
          unchanged: plan.unchanged.length,
          missing: plan.missing.length,
          ...(incomplete ? { incomplete: `stopped after ${added + changed} of ${work.length} rows` } : {}),
        },
      },
      now,
    );
  try {
    for (let i = 0; i < work.length; i += IMPORT_BATCH) {
      if (i > 0) await pause();
      const batch = work.slice(i, i + IMPORT_BATCH);
      const done = changeStatuses(now, (tx) => {
        const adds = batch.flatMap((item) => ("add" in item ? [item.add] : []));
        // Someone may have added one of these employee ids since the plan was made: not twice.
        const taken = new Set(
          adds.length === 0
            ? []
            : tx
                .select({ employeeId: employments.employeeId })
                .from(employments)
                .where(and(eq(employments.employerId, admin.employerId), inArray(employments.employeeId, adds.flatMap((r) => (r.employeeId ? [r.employeeId] : [])))))
                .all()
                .map((r) => r.employeeId),
        );
        const a = addEmployments(
          adds.filter((r) => !taken.has(r.employeeId)).map((r) => ({ userId: null, employerId: admin.employerId, ...fields(r) })),
          now,
          tx,
        ).length;
        let c = 0;
        for (const item of batch) {
          if ("add" in item) continue;
          else {
            const current = getRosterRow(admin.employerId, item.change.employmentId, tx)?.employment;
            if (!current) continue;
            const update: Partial<WorkerFields> = {};
            for (const x of item.change.changes) (update as Record<RosterField, string | null>)[x.field] = x.to;
            applyChanges(tx, admin, current, update, input.clientAddress, now);
            c++;
          }
        }
        return { a, c };
      });
      added += done.a;
      changed += done.c;
    }
  } catch (error) {
    if (added + changed > 0) record(true);
    throw error;
  } finally {
    importing.delete(admin.employerId);
  }
  record(false);
  return { ok: true, added, changed };
}
