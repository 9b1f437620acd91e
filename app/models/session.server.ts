import crypto from "node:crypto";
import { eq, lt, or, sql } from "drizzle-orm";
import { sessions, users } from "#db/schema.ts";
import { getDb, prepared, type Db } from "#app/utils/db.server.ts";
import type { User, UserKind } from "./user.server.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * How long a session lasts. Workers resume a course over days on their own phone, so
 * their sessions are long; accounts that see other people's records (employer admins,
 * council auditors, platform admins) end after 2 idle hours and at most 12 hours.
 */
export const SESSION_LIMITS: Record<UserKind, { idleMs: number; absoluteMs: number }> = {
  worker: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
  employer_admin: { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR },
  council: { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR },
  platform_admin: { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR },
};
/** The cookie's own lifetime: the longest any session can last. */
export const SESSION_COOKIE_MAX_MS = 30 * DAY;
/** lastSeenAt is written at most this often, so reading pages is not a write each time. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The row's key: SHA-256 of the id. The id is 256 random bits, so an unsalted fast hash is
 * enough: no one can search for an id that hashes to a stored value.
 */
function hashSessionId(sessionId: string) {
  return crypto.createHash("sha256").update(sessionId).digest("hex");
}

/** A new session; the id goes in the cookie and only its hash in the table. */
export function createSession(user: Pick<User, "id" | "kind">, now: Date, db: Db = getDb(), limits: { absoluteMs?: number } = {}) {
  // 256 random bits; the cookie holds only this id.
  const id = crypto.randomBytes(32).toString("base64url");
  const row = {
    idHash: hashSessionId(id),
    userId: user.id,
    createdAt: now.getTime(),
    expiresAt: now.getTime() + Math.min(SESSION_LIMITS[user.kind].absoluteMs, limits.absoluteMs ?? Infinity),
    lastSeenAt: now.getTime(),
  };
  db.insert(sessions).values(row).run();
  return { ...row, id };
}

/**
 * The session's user, or undefined when the session is unknown, past its absolute or
 * idle limit, or the account is disabled. A live session's lastSeenAt moves forward.
 * `limits.idleMs` shortens the idle limit (a shared tablet's, ADR 028).
 */
export function getSessionUser(sessionId: string, now: Date, limits: { idleMs?: number } = {}): User | undefined {
  const db = getDb();
  const row = prepared(db, "session-user", (d) =>
    d
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.idHash, sql.placeholder("idHash")))
      .prepare(),
  ).get({ idHash: hashSessionId(sessionId) });
  if (!row) return undefined;
  const t = now.getTime();
  const idleMs = Math.min(SESSION_LIMITS[row.user.kind].idleMs, limits.idleMs ?? Infinity);
  if (row.session.expiresAt <= t || row.session.lastSeenAt + idleMs <= t || row.user.disabledAt !== null) {
    deleteSession(sessionId);
    return undefined;
  }
  if (t - row.session.lastSeenAt >= TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: t }).where(eq(sessions.idHash, row.session.idHash)).run();
  }
  return row.user;
}

export function deleteSession(sessionId: string) {
  getDb().delete(sessions).where(eq(sessions.idHash, hashSessionId(sessionId))).run();
}

/** Ends every session of a user: password changed, account disabled, left the employer. */
export function deleteSessionsOfUser(userId: string, db: Db = getDb()) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function deleteExpiredSessions(now: Date) {
  // Idle limits depend on the account kind; those sessions are removed when next read.
  getDb()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now.getTime()), lt(sessions.lastSeenAt, now.getTime() - 7 * DAY)))
    .run();
}
