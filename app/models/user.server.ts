import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { employers, employments, users } from "#db/schema.ts";
import { getDb, prepared, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { getDummyHash, hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { toIsoDate } from "#app/domain/expiry.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import type { Employer } from "./employer.server.ts";

export type User = typeof users.$inferSelect;
export type UserKind = User["kind"];
export type Employment = typeof employments.$inferSelect;

export function normalizeUsername(username: string) {
  return username.trim().toLowerCase();
}

export function getUserByUsername(username: string, db: Db = getDb()): User | undefined {
  return db.select().from(users).where(eq(users.username, normalizeUsername(username))).get();
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function getUserByEmail(email: string, db: Db = getDb()): User | undefined {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

/** A sign-in name is an email address when it has an @, else a username. */
export function getUserBySignInName(name: string, db: Db = getDb()): User | undefined {
  return name.includes("@") ? getUserByEmail(name, db) : getUserByUsername(name, db);
}

/** The key sign-in throttling counts by: the same for every spelling of one name. */
export function signInKey(name: string) {
  return name.includes("@") ? normalizeEmail(name) : normalizeUsername(name);
}

export async function createUser(
  input: {
    username: string;
    name: string;
    password: string;
    kind: UserKind;
    employerId?: string;
    jurisdiction?: string;
    email?: string;
    language?: "en" | "es";
  },
  now: Date,
  db: Db = getDb(),
): Promise<User> {
  const row: User = {
    id: newId(),
    username: normalizeUsername(input.username),
    name: input.name.trim(),
    email: input.email ? normalizeEmail(input.email) : null,
    passwordHash: await hashPassword(input.password),
    kind: input.kind,
    employerId: input.employerId ?? null,
    jurisdiction: input.jurisdiction ?? null,
    createdAt: now.getTime(),
    disabledAt: null,
    language: input.language ?? null,
  };
  db.insert(users).values(row).run();
  return row;
}

/** Where a join link leads: an employer, and the site when the link is a site's. */
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

/** A new roster row, inside a `changeStatuses` write. `hireDate` defaults to the day it is made. */
export function addEmployment(
  input: {
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
  },
  now: Date,
  db: Db,
): Employment {
  const row: Employment = {
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
  db.insert(employments).values(row).run();
  return row;
}

/**
 * Checks a username (or email address) and password. Unknown names and disabled accounts
 * cost the same scrypt work as known ones, so the response time does not reveal which
 * accounts exist.
 */
export async function verifyLogin(name: string, password: string): Promise<User | undefined> {
  const user = getUserBySignInName(name);
  if (!user || user.disabledAt !== null) {
    await verifyPassword(password, await getDummyHash());
    return undefined;
  }
  return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
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

/** Remembers the interface language a user chose, on every device they sign in from. */
export function setUserLanguage(userId: string, language: "en" | "es", db: Db = getDb()) {
  db.update(users).set({ language }).where(eq(users.id, userId)).run();
}
