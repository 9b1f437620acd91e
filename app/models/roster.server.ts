/**
 * Changes to an employer's roster: add, edit, terminate, import, claim codes and undoing a
 * claim. Every change is audited in the same transaction; terminating ends the worker's
 * sessions (a shared phone must not stay signed in). Certificates are never touched: they
 * stay the worker's.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { employments, quizAttempts, users } from "#db/schema.ts";
import { startOfDayMs } from "#app/domain/dates.ts";
import type { ExistingRow, ImportPlan, ImportRow } from "#app/domain/roster-import.ts";
import type { RosterField, RosterRowInput, RowContext } from "#app/domain/roster-row.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { newClaimCode } from "#app/utils/ids.server.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import { rolesForSector } from "#app/server/content.server.ts";
import { listSites } from "./employer.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { type Employment, type User } from "./user.server.ts";
import { addEmployment } from "./employment.server.ts";

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

/** The rows an import is compared with: the employer's whole roster (rows without an employee id only match exactly). */
export function existingForImport(employerId: string): ExistingRow[] {
  return getDb()
    .select()
    .from(employments)
    .where(eq(employments.employerId, employerId))
    .all()
    .map((e) => ({
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
    }));
}

/**
 * Applies an import plan in one transaction: new rows added, changed rows updated, one
 * audit row for the import. Rows missing from the file are only reported (terminating
 * is the admin's decision, per worker).
 */
export function applyImport(input: { admin: Admin; plan: ImportPlan; fileName: string; fileSha256: string; clientAddress?: string }, now: Date) {
  const { admin, plan } = input;
  return changeStatuses(now, (tx) => {
    const fields = ({ line: _line, ...row }: ImportRow): WorkerFields => row;
    for (const row of plan.added) addEmployment({ userId: null, employerId: admin.employerId, ...fields(row) }, now, tx);
    for (const change of plan.changed) {
      const current = getRosterRow(admin.employerId, change.employmentId, tx)!.employment;
      const update: Partial<WorkerFields> = {};
      for (const c of change.changes) (update as Record<RosterField, string | null>)[c.field] = c.to;
      applyChanges(tx, admin, current, update, input.clientAddress, now);
    }
    appendAudit(
      tx,
      {
        action: "roster-imported",
        actor: admin,
        clientAddress: input.clientAddress,
        target: { type: "file", id: input.fileSha256.slice(0, 16) },
        employerId: admin.employerId,
        detail: { file: input.fileName.slice(0, 200), added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged.length, missing: plan.missing.length },
      },
      now,
    );
  });
}

/** The SHA-256 of an imported file: the preview and the confirmation must be the same file. */
export function fileDigest(text: string) {
  return crypto.createHash("sha256").update(text).digest("hex");
}
