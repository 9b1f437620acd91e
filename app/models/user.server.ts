import { and, desc, eq, isNull } from "drizzle-orm";
import { employers, employments, users } from "#db/schema.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { getDummyHash, hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { appendAudit } from "./audit.server.ts";
import type { Employer } from "./employer.server.ts";

export type User = typeof users.$inferSelect;
export type UserKind = User["kind"];
export type Employment = typeof employments.$inferSelect;

export function normalizeUsername(username: string) {
  return username.trim().toLowerCase();
}

export function getUserById(id: string, db: Db = getDb()): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
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
  };
  db.insert(users).values(row).run();
  return row;
}

export type JoinResult =
  | { ok: true; user: User; employment: Employment }
  | { ok: false; reason: "username-taken" };

/**
 * Creates a worker account and its employment at `employer` in one transaction. The
 * password is hashed before the transaction so the write lock is held only briefly.
 */
export async function createWorkerFromJoin(
  input: { name: string; username: string; password: string; jobRole: string },
  employer: Employer,
  now: Date,
  clientAddress?: string,
): Promise<JoinResult> {
  const passwordHash = await hashPassword(input.password);
  const username = normalizeUsername(input.username);
  return writeTransaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
      return { ok: false as const, reason: "username-taken" as const };
    }
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
    };
    tx.insert(users).values(user).run();
    const employment: Employment = {
      id: newId(),
      userId: user.id,
      employerId: employer.id,
      jobRole: input.jobRole,
      startedAt: now.getTime(),
      endedAt: null,
    };
    tx.insert(employments).values(employment).run();
    appendAudit(
      tx,
      { action: "account-created", actor: user, clientAddress, target: { type: "user", id: user.id }, employerId: employer.id, detail: { kind: "worker" } },
      now,
    );
    appendAudit(
      tx,
      { action: "roster-joined", actor: user, clientAddress, target: { type: "user", id: user.id }, employerId: employer.id, detail: { employmentId: employment.id, jobRole: employment.jobRole } },
      now,
    );
    return { ok: true as const, user, employment };
  });
}

export function addEmployment(
  input: { userId: string; employerId: string; jobRole: string },
  now: Date,
  db: Db = getDb(),
): Employment {
  const row: Employment = { id: newId(), ...input, startedAt: now.getTime(), endedAt: null };
  db.insert(employments).values(row).run();
  return row;
}

/** A worker with an account starts a job at another employer; false when they already work there. */
export function joinEmployer(input: { user: User; employer: Employer; jobRole: string; clientAddress?: string }, now: Date) {
  return writeTransaction((tx) => {
    if (activeEmploymentAt(input.user.id, input.employer.id, tx)) return false;
    const employment = addEmployment({ userId: input.user.id, employerId: input.employer.id, jobRole: input.jobRole }, now, tx);
    appendAudit(
      tx,
      {
        action: "roster-joined",
        actor: input.user,
        clientAddress: input.clientAddress,
        target: { type: "user", id: input.user.id },
        employerId: input.employer.id,
        detail: { employmentId: employment.id, jobRole: employment.jobRole },
      },
      now,
    );
    return true;
  });
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
  const row = db
    .select({ employment: employments, employer: employers })
    .from(employments)
    .innerJoin(employers, eq(employers.id, employments.employerId))
    .where(and(eq(employments.userId, userId), isNull(employments.endedAt)))
    .orderBy(desc(employments.startedAt))
    .get();
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
