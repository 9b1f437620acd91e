import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { employers, employments, users } from "#db/schema.ts";
import { getDb, prepared, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { getDummyHash, hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";

export type { User, Employment } from "#db/schema.ts";
import type { Employer, Employment, User } from "#db/schema.ts";
export type UserKind = User["kind"];

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
/**
 * Checks a username (or email address) and password. Unknown names and disabled accounts
 * cost the same scrypt work as known ones, so the response time does not reveal which
 * accounts exist.
 */
export async function verifyLogin(name: string, password: string): Promise<User | undefined> {
  return checkPassword(getUserBySignInName(name), password);
}

/** `account` when `password` is its password and it is not disabled; the same scrypt work when there is no account. */
export async function checkPassword(account: User | undefined, password: string): Promise<User | undefined> {
  if (!account || account.disabledAt !== null) {
    await verifyPassword(password, await getDummyHash());
    return undefined;
  }
  return (await verifyPassword(password, account.passwordHash)) ? account : undefined;
}

/** Remembers the interface language a user chose, on every device they sign in from. */
export function setUserLanguage(userId: string, language: "en" | "es", db: Db = getDb()) {
  db.update(users).set({ language }).where(eq(users.id, userId)).run();
}
