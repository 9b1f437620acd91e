/**
 * Changes to an employer's roster: add, edit, terminate, import, claim codes and undoing a
 * claim. Every change is audited in the same transaction; terminating ends the worker's
 * sessions (a shared phone must not stay signed in). Certificates are never touched: they
 * stay the worker's.
 */
import { and, eq, gt, inArray } from "drizzle-orm";
import { employments, quizAttempts, users } from "#db/schema.ts";
import { startOfDayMs } from "#app/domain/dates.ts";
import { parseRosterCsvInSlices, planImportInSlices, rowReader, type ExistingRow, type ImportError, type ImportPlan, type ImportRow } from "#app/domain/roster-import.ts";
import type { RawRow, RosterField, RosterRowInput, RowContext } from "#app/domain/roster-row.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { newClaimCode } from "#app/utils/ids.server.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit, audit, type AuditActor } from "./audit.server.ts";
import { rolesForSector } from "#app/server/content.server.ts";
import { listSites } from "./employer.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { type Employment, type User } from "./user.server.ts";
import { addEmployment, addEmployments } from "./employment.server.ts";

/** Who changes the roster: an admin of the employer, or one of its API tokens (ADR 032). */
type Admin = AuditActor & { employerId: string };
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

export type PlannedFile = { ok: false; errors: ImportError[] } | { ok: true; ctx: RowContext; rows: ImportRow[]; plan: ImportPlan };

/**
 * A roster file read and planned against this employer's roster as it is now (the import's
 * preview and confirmation, and the "not in the file" of the bulk leavers page): every row
 * checked first, then compared; a slice at a time, with `pause()` between.
 */
export async function planRosterFile(employer: { id: string; sector: string }, text: string, today: string, pause: () => Promise<void>): Promise<PlannedFile> {
  const ctx = rosterRowContext(employer, today);
  const parsed = await parseRosterCsvInSlices(text, ctx, pause);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  const planned = await planImportInSlices(await existingForImport(employer.id, pause), parsed.rows, pause);
  if (planned.errors.length > 0) return { ok: false, errors: planned.errors };
  return { ok: true, ctx, rows: parsed.rows, plan: planned.plan };
}

/**
 * Rows given as data (the employer API's JSON body, ADR 032) read and planned exactly as a
 * file's are: each through the roster row's schema, numbered from 1, then compared with the roster.
 */
export async function planRosterRows(employer: { id: string; sector: string }, raws: readonly RawRow[], today: string, pause: () => Promise<void>): Promise<PlannedFile> {
  const ctx = rosterRowContext(employer, today);
  const reader = rowReader(ctx);
  raws.forEach((raw, i) => reader.read(raw, i + 1));
  const parsed = reader.result();
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  const planned = await planImportInSlices(await existingForImport(employer.id, pause), parsed.rows, pause);
  if (planned.errors.length > 0) return { ok: false, errors: planned.errors };
  return { ok: true, ctx, rows: parsed.rows, plan: planned.plan };
}

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
 * finishes it (rows are matched by employee id). `oneTransaction` (the employer API's upsert,
 * at most MAX_API_ROWS rows) writes every row in a single transaction instead: all or nothing.
 */
export async function applyImport(
  input: { admin: Admin; plan: ImportPlan; fileName: string; fileSha256: string; clientAddress?: string; oneTransaction?: boolean },
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
    const batchSize = input.oneTransaction ? Math.max(1, work.length) : IMPORT_BATCH;
    for (let i = 0; i < work.length; i += batchSize) {
      if (i > 0) await pause();
      const batch = work.slice(i, i + batchSize);
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

/** At most this many people are marked as left in one go (the preview lists them all). */
export const MAX_BULK_LEAVERS = 5_000;

export type BulkLeftResult =
  | { ok: true; count: number }
  | { ok: false; error: "rosterChanged"; names: string[] }
  | { ok: false; error: "leftBeforeHire"; names: string[] };

/**
 * The current workers among `employmentIds` (this employer's, not yet left), for a bulk
 * "left on" preview: name, employee ID and hire date, in the order given. Ids of other
 * employers' rows, unknown ids and former staff are left out.
 */
export function currentWorkers(employerId: string, employmentIds: readonly string[]) {
  const out: { id: string; fullName: string; employeeId: string | null; hireDate: string }[] = [];
  const db = getDb();
  for (let i = 0; i < employmentIds.length; i += 500) {
    const rows = db
      .select({ id: employments.id, fullName: employments.fullName, employeeId: employments.employeeId, hireDate: employments.hireDate, endedAt: employments.endedAt })
      .from(employments)
      .where(and(eq(employments.employerId, employerId), inArray(employments.id, employmentIds.slice(i, i + 500))))
      .all();
    for (const r of rows) if (r.endedAt === null) out.push({ id: r.id, fullName: r.fullName, employeeId: r.employeeId, hireDate: r.hireDate });
  }
  const order = new Map(employmentIds.map((id, i) => [id, i]));
  return out.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Marks every one of `employmentIds` as left on `terminationDate`, all or nothing, in one
 * transaction: if any of them is no longer a current worker of this employer (someone marked
 * them or changed the roster since the preview), or was hired after that date, nothing is
 * written and the names are returned. Each is audited as "roster-ended" (as one at a time
 * is), with the size of the batch; every session of their accounts ends.
 */
export function markLeftInBulk(input: { admin: Admin; employmentIds: readonly string[]; terminationDate: string; clientAddress?: string }, now: Date): BulkLeftResult {
  const ids = [...new Set(input.employmentIds)];
  return changeStatuses(now, (tx) => {
    const rows = new Map<string, Employment>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const e of tx.select().from(employments).where(and(eq(employments.employerId, input.admin.employerId), inArray(employments.id, ids.slice(i, i + 500)))).all()) rows.set(e.id, e);
    }
    const gone = ids.filter((id) => rows.get(id)?.endedAt !== null);
    if (gone.length > 0) return { ok: false as const, error: "rosterChanged" as const, names: gone.map((id) => rows.get(id)?.fullName ?? id) };
    const early = [...rows.values()].filter((e) => e.hireDate > input.terminationDate);
    if (early.length > 0) return { ok: false as const, error: "leftBeforeHire" as const, names: early.map((e) => e.fullName) };
    const endedAt = startOfDayMs(input.terminationDate, "terminationDate");
    for (const id of ids) {
      const current = rows.get(id)!;
      tx.update(employments).set({ endedAt }).where(eq(employments.id, id)).run();
      if (current.userId) deleteSessionsOfUser(current.userId, tx);
      appendAudit(
        tx,
        {
          action: "roster-ended",
          actor: input.admin,
          clientAddress: input.clientAddress,
          target: { type: "employment", id },
          employerId: input.admin.employerId,
          detail: { terminationDate: input.terminationDate, jobRole: current.jobRole, bulk: ids.length },
        },
        now,
      );
    }
    return { ok: true as const, count: ids.length };
  });
}
