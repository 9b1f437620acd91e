/**
 * An employer's people, as its admin sees them: workers who joined through its join link,
 * current and former, with their certificates issued there.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { certificates, employments, users } from "#db/schema.ts";
import { certificateStatus } from "#app/domain/expiry.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { appendAudit } from "./audit.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { activeEmploymentAt, type User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind"> & { employerId: string };

export interface RosterRow {
  userId: string;
  name: string;
  username: string;
  jobRole: string;
  startedAt: number;
  endedAt: number | null;
  certificate: { code: string; status: "valid" | "expired" | "revoked"; expiresOn: string } | null;
}

/** Everyone who has held a job at the employer, current staff first, with their newest certificate issued there. */
export function listRoster(employerId: string, now: Date): RosterRow[] {
  const db = getDb();
  const rows = db
    .select({ employment: employments, user: { id: users.id, name: users.name, username: users.username } })
    .from(employments)
    .innerJoin(users, eq(users.id, employments.userId))
    .where(eq(employments.employerId, employerId))
    .orderBy(desc(employments.startedAt))
    .all();
  const certs = db
    .select({ userId: certificates.userId, code: certificates.code, issuedAt: certificates.issuedAt, expiresOn: certificates.expiresOn, revokedAt: certificates.revokedAt })
    .from(certificates)
    .where(eq(certificates.employerId, employerId))
    .orderBy(desc(certificates.issuedAt))
    .all();
  const newest = new Map<string, (typeof certs)[number]>();
  for (const c of certs) if (!newest.has(c.userId)) newest.set(c.userId, c);
  const seen = new Set<string>();
  const out: RosterRow[] = [];
  for (const r of rows) {
    // One line per person: their latest employment here.
    if (seen.has(r.user.id)) continue;
    seen.add(r.user.id);
    const c = newest.get(r.user.id);
    out.push({
      userId: r.user.id,
      name: r.user.name,
      username: r.user.username,
      jobRole: r.employment.jobRole,
      startedAt: r.employment.startedAt,
      endedAt: r.employment.endedAt,
      certificate: c ? { code: c.code, status: certificateStatus(c, now), expiresOn: c.expiresOn } : null,
    });
  }
  return out.sort((a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || a.name.localeCompare(b.name));
}

/**
 * A worker as one employer sees them, or undefined when the worker never worked there:
 * an admin can look up only their own employer's people.
 */
export function getRosterWorker(employerId: string, userId: string) {
  const db = getDb();
  const user = db.select().from(users).where(and(eq(users.id, userId), eq(users.kind, "worker"))).get();
  if (!user) return undefined;
  const jobs = db
    .select()
    .from(employments)
    .where(and(eq(employments.userId, userId), eq(employments.employerId, employerId)))
    .orderBy(desc(employments.startedAt))
    .all();
  if (jobs.length === 0) return undefined;
  const certs = db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.employerId, employerId)))
    .orderBy(desc(certificates.issuedAt))
    .all();
  return { user, employments: jobs, certificates: certs };
}

/**
 * The worker left: their job here ends and every session of their account ends with it
 * (a shared phone must not stay signed in). Certificates stay theirs.
 */
export function endEmployment(input: { employerId: string; userId: string; admin: Admin; clientAddress?: string }, now: Date) {
  return writeTransaction((tx) => {
    const job = activeEmploymentAt(input.userId, input.employerId, tx);
    if (!job) return false;
    tx.update(employments).set({ endedAt: now.getTime() }).where(and(eq(employments.id, job.id), isNull(employments.endedAt))).run();
    deleteSessionsOfUser(input.userId, tx);
    appendAudit(
      tx,
      {
        action: "roster-ended",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "user", id: input.userId },
        employerId: input.employerId,
        detail: { employmentId: job.id, jobRole: job.jobRole },
      },
      now,
    );
    return true;
  });
}

/** Moves a current worker to another job role at the same employer. */
export function changeJobRole(input: { employerId: string; userId: string; jobRole: string; admin: Admin; clientAddress?: string }, now: Date) {
  return writeTransaction((tx) => {
    const job = activeEmploymentAt(input.userId, input.employerId, tx);
    if (!job) return false;
    if (job.jobRole === input.jobRole) return true;
    tx.update(employments).set({ jobRole: input.jobRole }).where(eq(employments.id, job.id)).run();
    appendAudit(
      tx,
      {
        action: "role-changed",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "user", id: input.userId },
        employerId: input.employerId,
        detail: { employmentId: job.id, from: job.jobRole, to: input.jobRole },
      },
      now,
    );
    return true;
  });
}
