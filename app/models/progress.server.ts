import { and, eq, sql } from "drizzle-orm";
import { moduleProgress } from "#db/schema.ts";
import type { Course, CourseModule } from "#app/domain/content-schema.ts";
import type { ModuleState } from "#app/domain/progress.ts";
import { remainingMs } from "#app/domain/pacing.ts";
import { getDb, prepared, writeTransaction } from "#app/utils/db.server.ts";
import { moduleCompleted } from "#app/domain/xapi.ts";
import { enqueueStatements, xapiLearner } from "./xapi.server.ts";

export function getModuleStates(userId: string, courseId: string): Map<string, ModuleState> {
  const rows = prepared(getDb(), "module-states", (d) =>
    d
      .select()
      .from(moduleProgress)
      .where(and(eq(moduleProgress.userId, sql.placeholder("userId")), eq(moduleProgress.courseId, sql.placeholder("courseId"))))
      .prepare(),
  ).all({ userId, courseId });
  return new Map(rows.map((r) => [r.moduleId, { openedAt: r.openedAt, completedAt: r.completedAt }]));
}

/** Records the first time the worker opened a module (later visits keep the first time). */
export function openModule(userId: string, courseId: string, moduleId: string, now: Date) {
  prepared(getDb(), "open-module", (d) =>
    d
      .insert(moduleProgress)
      .values({ userId: sql.placeholder("userId"), courseId: sql.placeholder("courseId"), moduleId: sql.placeholder("moduleId"), openedAt: sql.placeholder("openedAt") })
      .onConflictDoNothing()
      .prepare(),
  ).run({ userId, courseId, moduleId, openedAt: now.getTime() });
}

export type CompleteResult =
  | { ok: true; alreadyComplete: boolean }
  | { ok: false; reason: "too-early"; remainingMs: number }
  | { ok: false; reason: "not-opened" };

/**
 * Marks a module complete once its minimum time has passed since it was first opened,
 * measured on the server's clock. Completing twice is harmless.
 */
export function completeModule(userId: string, course: Course, module: CourseModule, now: Date): CompleteResult {
  return writeTransaction((tx) => {
    const where = and(
      eq(moduleProgress.userId, userId),
      eq(moduleProgress.courseId, course.id),
      eq(moduleProgress.moduleId, module.id),
    );
    const row = tx.select().from(moduleProgress).where(where).get();
    if (!row) {
      // Never opened (a hand-made POST): nothing is written; opening the page starts the clock.
      return { ok: false, reason: "not-opened" };
    }
    if (row.completedAt !== null) return { ok: true, alreadyComplete: true };
    const left = remainingMs(row.openedAt, module.minutes, now.getTime());
    if (left > 0) return { ok: false, reason: "too-early", remainingMs: left };
    tx.update(moduleProgress)
      .set({ completedAt: now.getTime(), completedOnVersion: course.contentHash })
      .where(where)
      .run();
    enqueueStatements(
      tx,
      null,
      (origin) => [moduleCompleted({ origin, actor: xapiLearner(userId), courseId: course.id, moduleId: module.id, moduleTitle: module.title, progressKey: `${userId}:${course.id}:${module.id}:${course.contentHash}`, at: now })],
      now,
    );
    return { ok: true, alreadyComplete: false };
  });
}
