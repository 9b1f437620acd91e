import { eq, lt } from "drizzle-orm";
import { sessions, users } from "#db/schema.ts";
import { getDb } from "#app/utils/db.server.ts";
import crypto from "node:crypto";
import type { User } from "./user.server.ts";

/** Sessions last 30 days: workers resume a course days later on a shared phone. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export function createSession(userId: string, now: Date) {
  const row = {
    // 256 random bits; the cookie holds only this id.
    id: crypto.randomBytes(32).toString("base64url"),
    userId,
    createdAt: now.getTime(),
    expiresAt: now.getTime() + SESSION_TTL_MS,
  };
  getDb().insert(sessions).values(row).run();
  return row;
}

/** The session's user, or undefined when the session is unknown, expired or the account disabled. */
export function getSessionUser(sessionId: string, now: Date): User | undefined {
  const row = getDb()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return undefined;
  if (row.session.expiresAt <= now.getTime() || row.user.disabledAt !== null) return undefined;
  return row.user;
}

export function deleteSession(sessionId: string) {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function deleteExpiredSessions(now: Date) {
  getDb().delete(sessions).where(lt(sessions.expiresAt, now.getTime())).run();
}
