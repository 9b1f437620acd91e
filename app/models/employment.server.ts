/**
 * A worker's jobs (`employments`, the employer's roster rows): joining an employer (claiming a
 * pre-registered row by employee ID and claim code, or starting a new one), adding a row, and
 * finding a worker's current job. Writes go through `changeStatuses` (ADR 017).
 */
import crypto from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { employers, employments, users, type Employer, type Employment, type User } from "#db/schema.ts";
import { getDb, insertRow, prepared, type Db } from "#app/utils/db.server.ts";
import { newClaimCode, newId } from "#app/utils/ids.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import { normalizeUsername } from "./user.server.ts";

export interface JoinTarget {
  employer: Employer;
  siteId: string | null;
}

/**
 * Why a join was refused. `claim-refused`: no row of the employer waits to be claimed with that
 * employee ID and claim code (one answer whether the ID is unknown or the code wrong).
 */
export type JoinRefusal = "username-taken" | "claim-refused" | "already-employed" | "role-required";
export type JoinResult = { ok: true; user: User; employment: Employment } | { ok: false; reason: JoinRefusal };

/** The job asked for: a pre-registered row (employee ID and its claim code, canonical), or a role. */
type JoinJob = { jobRole?: string; employeeId?: string; claimCode?: string };

/** Where the worker's job comes from: the roster row they proved is theirs, or a new row in the role they chose. */
type JobPlan = { kind: "claim"; row: Employment } | { kind: "new"; jobRole: string };

/** Compares a claim code in constant time (the stored code is the employer's to show, so it is kept as is). */
function claimCodeMatches(stored: string | null, given: string | undefined): boolean {
  if (!stored || !given) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Decides the job before anything is written. With an employee ID, the row must be one the
 * employer made that no account holds yet, and the claim code must be that row's: the employee
 * ID says which row, the code proves the worker is the one the employer gave it to.
 */
function planJob(tx: Db, target: JoinTarget, job: JoinJob): { ok: true; plan: JobPlan } | { ok: false; reason: JoinRefusal } {
  if (job.employeeId) {
    const row = tx
      .select()
      .from(employments)
      .where(and(eq(employments.employerId, target.employer.id), eq(employments.employeeId, job.employeeId), isNull(employments.userId), isNull(employments.endedAt)))
      .get();
    if (!row || !claimCodeMatches(row.claimCode, job.claimCode)) return { ok: false, reason: "claim-refused" };
    return { ok: true, plan: { kind: "claim", row } };
  }
  if (!job.jobRole) return { ok: false, reason: "role-required" };
  return { ok: true, plan: { kind: "new", jobRole: job.jobRole } };
}

/**
 * Gives `user` the planned job, inside `tx`. A claimed row keeps the employer's role, hire date
 * and site, and its claim code is spent; a new row starts today.
 */
function attachJob(tx: Db, user: User, target: JoinTarget, plan: JobPlan, now: Date, clientAddress?: string): Employment {
  let employment: Employment;
  if (plan.kind === "claim") {
    const claim = { userId: user.id, siteId: plan.row.siteId ?? target.siteId, claimCode: null };
    // The worker's certificates now count for this row (changeStatuses recomputes it).
    tx.update(employments).set(claim).where(eq(employments.id, plan.row.id)).run();
    employment = { ...plan.row, ...claim };
  } else {
    employment = addEmployment({ userId: user.id, employerId: target.employer.id, siteId: target.siteId, jobRole: plan.jobRole, fullName: user.name }, now, tx);
  }
  appendAudit(
    tx,
    {
      action: "roster-joined",
      actor: user,
      clientAddress,
      target: { type: "employment", id: employment.id },
      employerId: target.employer.id,
      detail: { jobRole: employment.jobRole, claimedRosterRow: plan.kind === "claim" },
    },
    now,
  );
  return employment;
}

/**
 * Creates a worker account and its job at the target employer in one transaction. The
 * password is hashed before the transaction so the write lock is held only briefly.
 *
 * Whether the username is taken is answered last, only for a form that is otherwise good (the
 * job and any claim checked first): a username cannot be probed with a form that would fail
 * anyway, and a probe that finds a free one creates an account.
 */
export async function createWorkerFromJoin(
  input: { name: string; username: string; password: string; language?: "en" | "es" } & JoinJob,
  target: JoinTarget,
  now: Date,
  clientAddress?: string,
): Promise<JoinResult> {
  const username = normalizeUsername(input.username);
  const usernameTaken = (db: Db) => db.select({ id: users.id }).from(users).where(eq(users.username, username)).get() !== undefined;
  // A refusal is answered before the (deliberately slow) password hash: wrong claims and taken
  // usernames cost the server nothing. The transaction checks again, in the same order.
  const early = planJob(getDb(), target, input);
  if (!early.ok) return early;
  if (usernameTaken(getDb())) return { ok: false, reason: "username-taken" };
  const passwordHash = await hashPassword(input.password);
  return changeStatuses(now, (tx): JoinResult => {
    const planned = planJob(tx, target, input);
    if (!planned.ok) return planned;
    if (usernameTaken(tx)) return { ok: false, reason: "username-taken" };
    const user: User = {
      id: newId(),
      username,
      name: input.name.trim(),
      email: null,
      passwordHash,
      kind: "worker",
      employerId: null,
      jurisdiction: null,
      createdAt: now.getTime(),
      disabledAt: null,
      language: input.language ?? null,
    };
    tx.insert(users).values(user).run();
    const employment = attachJob(tx, user, target, planned.plan, now, clientAddress);
    appendAudit(
      tx,
      { action: "account-created", actor: user, clientAddress, target: { type: "user", id: user.id }, employerId: target.employer.id, detail: { kind: "worker" } },
      now,
    );
    return { ok: true, user, employment };
  });
}

/** A worker with an account starts a job at another employer. */
export function joinEmployer(input: { user: User; target: JoinTarget; clientAddress?: string } & JoinJob, now: Date): JoinResult {
  return changeStatuses(now, (tx): JoinResult => {
    if (activeEmploymentAt(input.user.id, input.target.employer.id, tx)) return { ok: false, reason: "already-employed" };
    const planned = planJob(tx, input.target, input);
    if (!planned.ok) return planned;
    return { ok: true, user: input.user, employment: attachJob(tx, input.user, input.target, planned.plan, now, input.clientAddress) };
  });
}

type NewEmployment = {
  userId: string | null;
  employerId: string;
  jobRole: string;
  fullName: string;
  siteId?: string | null;
  employeeId?: string | null;
  hireDate?: string;
  email?: string | null;
  phone?: string | null;
  language?: "en" | "es" | null;
};

/**
 * A new roster row, inside a `changeStatuses` write. `hireDate` defaults to the day it is made;
 * a row without a user (added by hand, imported) gets a claim code.
 */
export function addEmployment(input: NewEmployment, now: Date, db: Db): Employment {
  const row = employmentRow(input, now);
  insertRow(db, "employment-insert", employments, row);
  return row;
}

/**
 * Many new roster rows (an import's batch), inside a `changeStatuses` write, through one
 * statement prepared for the transaction (insertRow): building the SQL per row cost more than the insert.
 */
export function addEmployments(inputs: NewEmployment[], now: Date, db: Db): Employment[] {
  const rows = inputs.map((input) => employmentRow(input, now));
  for (const row of rows) insertRow(db, "employment-insert", employments, row);
  return rows;
}

function employmentRow(input: NewEmployment, now: Date): Employment {
  return {
    id: newId(),
    userId: input.userId,
    employerId: input.employerId,
    siteId: input.siteId ?? null,
    fullName: input.fullName,
    employeeId: input.employeeId ?? null,
    jobRole: input.jobRole,
    hireDate: input.hireDate ?? toIsoDate(now),
    email: input.email ?? null,
    phone: input.phone ?? null,
    language: input.language ?? null,
    // A row no account holds yet waits to be claimed: its code goes to that worker alone.
    claimCode: input.userId === null ? newClaimCode() : null,
    startedAt: now.getTime(),
    endedAt: null,
  };
}

/** The worker's current job: the latest employment that has not ended, with its employer. */
export function getCurrentEmployment(
  userId: string,
  db: Db = getDb(),
): { employment: Employment; employer: Employer } | undefined {
  const row = prepared(db, "current-employment", (d) =>
    d
      .select({ employment: employments, employer: employers })
      .from(employments)
      .innerJoin(employers, eq(employers.id, employments.employerId))
      .where(and(eq(employments.userId, sql.placeholder("userId")), isNull(employments.endedAt)))
      .orderBy(desc(employments.startedAt))
      .prepare(),
  ).get({ userId });
  return row ?? undefined;
}

/** Every employment of a worker at one employer, newest first. */
export function getEmploymentsAt(userId: string, employerId: string, db: Db = getDb()): Employment[] {
  return db
    .select()
    .from(employments)
    .where(and(eq(employments.userId, userId), eq(employments.employerId, employerId)))
    .orderBy(desc(employments.startedAt))
    .all();
}

/** Whether the worker holds a job at the employer now. */
export function activeEmploymentAt(userId: string, employerId: string, db: Db = getDb()): Employment | undefined {
  return getEmploymentsAt(userId, employerId, db).find((e) => e.endedAt === null);
}

