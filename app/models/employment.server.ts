/**
 * A worker's jobs (`employments`, the employer's roster rows): joining an employer (claiming a
 * pre-registered row by employee ID, or starting a new one), adding a row, and finding a
 * worker's current job. Writes go through `changeStatuses` (ADR 017).
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { employers, employments, users, type Employer, type Employment, type User } from "#db/schema.ts";
import { getDb, prepared, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { toIsoDate } from "#app/domain/expiry.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import { normalizeUsername } from "./user.server.ts";

export interface JoinTarget {
  employer: Employer;
  siteId: string | null;
}

export type JoinResult =
  | { ok: true; user: User; employment: Employment }
  | { ok: false; reason: "username-taken" | "employee-id-unknown" | "already-employed" | "role-required" };

type JoinJob = { jobRole?: string; employeeId?: string };

/**
 * Gives `user` a job at the target employer, inside `tx`. With an employee id that matches
 * a roster row the employer made and no one has claimed, the worker claims that row (its
 * role, hire date and site are the employer's records); otherwise a new row starts today.
 */
function attachJob(tx: Db, user: User, target: JoinTarget, job: JoinJob, now: Date, clientAddress?: string): JoinResult {
  if (activeEmploymentAt(user.id, target.employer.id, tx)) return { ok: false, reason: "already-employed" };
  let employment: Employment;
  if (job.employeeId) {
    const row = tx
      .select()
      .from(employments)
      .where(and(eq(employments.employerId, target.employer.id), eq(employments.employeeId, job.employeeId), isNull(employments.userId), isNull(employments.endedAt)))
      .get();
    if (!row) return { ok: false, reason: "employee-id-unknown" };
    const claim = { userId: user.id, siteId: row.siteId ?? target.siteId };
    // The worker's certificates now count for this row (changeStatuses recomputes it).
    tx.update(employments).set(claim).where(eq(employments.id, row.id)).run();
    employment = { ...row, ...claim };
  } else {
    if (!job.jobRole) return { ok: false, reason: "role-required" };
    employment = addEmployment({ userId: user.id, employerId: target.employer.id, siteId: target.siteId, jobRole: job.jobRole, fullName: user.name }, now, tx);
  }
  appendAudit(
    tx,
    {
      action: "roster-joined",
      actor: user,
      clientAddress,
      target: { type: "employment", id: employment.id },
      employerId: target.employer.id,
      detail: { jobRole: employment.jobRole, claimedRosterRow: Boolean(job.employeeId) },
    },
    now,
  );
  return { ok: true, user, employment };
}

/**
 * Creates a worker account and its job at the target employer in one transaction. The
 * password is hashed before the transaction so the write lock is held only briefly.
 */
export async function createWorkerFromJoin(
  input: { name: string; username: string; password: string; language?: "en" | "es" } & JoinJob,
  target: JoinTarget,
  now: Date,
  clientAddress?: string,
): Promise<JoinResult> {
  const passwordHash = await hashPassword(input.password);
  const username = normalizeUsername(input.username);
  try {
    return changeStatuses(now, (tx) => createWorker(tx, { ...input, username, passwordHash }, target, now, clientAddress));
  } catch (error) {
    if (error instanceof JoinRefused) return error.result;
    throw error;
  }
}

class JoinRefused extends Error {
  constructor(readonly result: JoinResult) {
    super("join refused");
  }
}

function createWorker(tx: Db, input: { name: string; username: string; passwordHash: string; language?: "en" | "es" } & JoinJob, target: JoinTarget, now: Date, clientAddress?: string): JoinResult {
  const { username, passwordHash } = input;
  if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
    return { ok: false as const, reason: "username-taken" as const };
  }
  {
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
    const result = attachJob(tx, user, target, input, now, clientAddress);
    // Nothing is kept when the job cannot be attached: throwing rolls the account back.
    if (!result.ok) throw new JoinRefused(result);
    appendAudit(
      tx,
      { action: "account-created", actor: user, clientAddress, target: { type: "user", id: user.id }, employerId: target.employer.id, detail: { kind: "worker" } },
      now,
    );
    return result;
  }
}

/** A worker with an account starts a job at another employer. */
export function joinEmployer(input: { user: User; target: JoinTarget; clientAddress?: string } & JoinJob, now: Date): JoinResult {
  return changeStatuses(now, (tx) => attachJob(tx, input.user, input.target, input, now, input.clientAddress));
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

/** A new roster row, inside a `changeStatuses` write. `hireDate` defaults to the day it is made. */
export function addEmployment(input: NewEmployment, now: Date, db: Db): Employment {
  const row = employmentRow(input, now);
  db.insert(employments).values(row).run();
  return row;
}

const EMPLOYMENT_COLUMNS = ["id", "userId", "employerId", "siteId", "fullName", "employeeId", "jobRole", "hireDate", "email", "phone", "language", "startedAt", "endedAt"] as const satisfies readonly (keyof Employment)[];

/**
 * Many new roster rows (an import's batch), inside a `changeStatuses` write, through one
 * statement prepared for the transaction: building the SQL per row cost more than the insert.
 */
export function addEmployments(inputs: NewEmployment[], now: Date, db: Db): Employment[] {
  const rows = inputs.map((input) => employmentRow(input, now));
  if (rows.length === 0) return rows;
  const insert = prepared(db, "employment-insert", (d) =>
    d
      .insert(employments)
      .values(Object.fromEntries(EMPLOYMENT_COLUMNS.map((c) => [c, sql.placeholder(c)])) as never)
      .prepare(),
  );
  for (const row of rows) insert.run(row);
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

