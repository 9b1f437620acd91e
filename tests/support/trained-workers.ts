/**
 * A fresh database with `count` workers of one Texas hotel who have finished every module,
 * made through the app's own functions in this process, before a server opens the file
 * (test:crash and bench:quiz drive their quiz submissions).
 */
export async function prepareTrainedWorkers(dbPath: string, opts: { count: number; prefix: string; password: string; joinCode: string }) {
  process.env.DATABASE_PATH = dbPath;
  process.env.SEED_DEMO = "0";
  process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
  const { resetEnvCache } = await import("#app/utils/env.server.ts");
  resetEnvCache();
  const { closeDb, getDb } = await import("#app/utils/db.server.ts");
  closeDb();
  getDb();
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { createWorkerFromJoin } = await import("#app/models/employment.server.ts");
  const { getCourseForRole } = await import("#app/server/content.server.ts");
  const { openModule, completeModule } = await import("#app/models/progress.server.ts");
  const { modulesForRole } = await import("#app/domain/content-schema.ts");
  const start = new Date(Date.now() - 2 * 86_400_000);
  const employer = createEmployer({ name: `${opts.prefix} Inn`, sector: "lodging", jurisdiction: "US-TX", joinCode: opts.joinCode }, start);
  const course = getCourseForRole("housekeeping")!;
  for (let i = 0; i < opts.count; i++) {
    const r = await createWorkerFromJoin({ name: `${opts.prefix} ${i}`, username: `${opts.prefix.toLowerCase()}-${i}`, password: opts.password, jobRole: "housekeeping" }, { employer, siteId: null }, start);
    if (!r.ok) throw new Error(r.reason);
    let t = start.getTime();
    for (const m of modulesForRole(course, "housekeeping")) {
      openModule(r.user.id, course.id, m.id, new Date(t));
      t += m.minutes * 60_000 + 1000;
      completeModule(r.user.id, course, m, new Date(t));
    }
  }
  closeDb();
  return course.id;
}
