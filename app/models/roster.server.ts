/**
 * Changes to an employer's roster: add, edit, terminate, import. Every change is audited
 * in the same transaction; terminating ends the worker's sessions (a shared phone must
 * not stay signed in). Certificates are never touched: they stay the worker's.
 */
import crypto from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { employments, users } from "#db/schema.ts";
import type { ExistingRow, ImportPlan, ImportRow, RosterField } from "#app/domain/roster-import.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { refreshEmployments } from "./aggregates.server.ts";
import { appendAudit } from "./audit.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { addEmployment, type Employment, type User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind"> & { employerId: string };
export type WorkerFields = {
  fullName: string;
  employeeId: string | null;
  jobRole: string;
  siteId: string | null;
  hireDate: string;
  email: string | null;
  phone: string | null;
  /** The language the worker reads, as far as the employer knows (for reminders); undefined: unchanged. */
  language?: "en" | "es" | null;
};

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
  return writeTransaction((tx) => {
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
  return writeTransaction((tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current) throw new Error("no such roster row");
    if (employeeIdTaken(tx, input.admin.employerId, input.fields.employeeId, current.id)) {
      return { ok: false as const, field: "employeeId" as const, error: "employeeIdTaken" as const };
    }
    applyChanges(tx, input.admin, current, input.fields, input.clientAddress, now);
    return { ok: true as const, employment: { ...current, ...input.fields } };
  });
}

function applyChanges(tx: Db, admin: Admin, current: Employment, fields: Partial<WorkerFields>, clientAddress: string | undefined, now: Date) {
  const changed = (Object.keys(fields) as (keyof WorkerFields)[]).filter((k) => fields[k] !== undefined && fields[k] !== current[k]);
  if (changed.length === 0) return;
  tx.update(employments).set(fields).where(eq(employments.id, current.id)).run();
  refreshEmployments(tx, [current.id], now);
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
  return writeTransaction((tx) => {
    const current = getRosterRow(input.admin.employerId, input.employmentId, tx)?.employment;
    if (!current || current.endedAt !== null) return false;
    tx.update(employments).set({ endedAt: Date.parse(`${input.terminationDate}T00:00:00Z`) }).where(eq(employments.id, current.id)).run();
    refreshEmployments(tx, [current.id], now);
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

/** The rows an import is compared with: every row that has an employee id. */
export function existingForImport(employerId: string): ExistingRow[] {
  return getDb()
    .select()
    .from(employments)
    .where(and(eq(employments.employerId, employerId), isNotNull(employments.employeeId)))
    .all()
    .map((e) => ({
      employmentId: e.id,
      employeeId: e.employeeId!,
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
  return writeTransaction((tx) => {
    const fields = (row: ImportRow): WorkerFields => ({
      fullName: row.fullName,
      employeeId: row.employeeId,
      jobRole: row.jobRole,
      siteId: row.siteId,
      hireDate: row.hireDate,
      email: row.email ?? null,
      phone: row.phone ?? null,
      language: row.language ?? null,
    });
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
