/**
 * The eight principals of the access matrix, on a server started by startServer(): the
 * demo accounts plus an admin of the second employer and a council of another state.
 */
import Database from "better-sqlite3";
import type { TestServer } from "./server.ts";

/** councilA audits employer A's state (demo-council, US-TX); councilOther another state (US-WI). */
export const PRINCIPALS = ["anonymous", "workerA", "workerB", "adminA", "adminB", "councilA", "councilOther", "platform"] as const;
export type Principal = (typeof PRINCIPALS)[number];

export interface Fixtures {
  cookies: Record<Principal, string | null>;
  ids: {
    employerA: string;
    employerB: string;
    workerA: string;
    workerB: string;
    /** workerA's job at employer A, workerB's at B (roster rows), and a site of each. */
    employmentA: string;
    employmentB: string;
    /** A row of employer A no account holds yet (Ana Torres, LI-1003): it has a claim code. */
    pendingA: string;
    siteA: string;
    siteB: string;
    certificateA: string;
    attemptA: string;
    courseId: string;
    moduleId: string;
  };
}

/** Adds the two extra accounts (metro-admin, wi-council) through the app's own model code, in this process. */
export async function addExtraAccounts(dbPath: string, employerB: string) {
  process.env.DATABASE_PATH = dbPath;
  process.env.SESSION_SECRET ??= "http-test-secret-http-test-secret-0123456";
  const { resetEnvCache } = await import("#app/utils/env.server.ts");
  resetEnvCache();
  const { closeDb } = await import("#app/utils/db.server.ts");
  closeDb();
  const { createUser } = await import("#app/models/user.server.ts");
  const t = new Date();
  await createUser({ username: "metro-admin", name: "Morgan Reyes", password: "frontline-demo", kind: "employer_admin", employerId: employerB }, t);
  await createUser({ username: "wi-council", name: "Wisconsin Auditor", password: "frontline-demo", kind: "council", jurisdiction: "US-WI" }, t);
  closeDb();
}

export async function setUpPrincipals(server: TestServer): Promise<Fixtures> {
  const db = new Database(server.dbPath, { readonly: true });
  const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
  const employerA = one<{ id: string }>("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").id;
  const employerB = one<{ id: string }>("SELECT id FROM employers WHERE join_code = 'METRO-TRANSIT'").id;
  const workerA = one<{ id: string }>("SELECT id FROM users WHERE username = 'demo-certified'").id;
  const workerB = one<{ id: string }>("SELECT id FROM users WHERE username = 'demo-driver'").id;
  const cert = one<{ code: string; attempt_id: string; course_id: string }>("SELECT code, attempt_id, course_id FROM certificates WHERE user_id = ?", workerA);
  const employmentA = one<{ id: string }>("SELECT id FROM employments WHERE user_id = ? AND employer_id = ?", workerA, employerA).id;
  const employmentB = one<{ id: string }>("SELECT id FROM employments WHERE user_id = ? AND employer_id = ?", workerB, employerB).id;
  const pendingA = one<{ id: string }>("SELECT id FROM employments WHERE employer_id = ? AND employee_id = 'LI-1003' AND user_id IS NULL", employerA).id;
  const siteA = one<{ id: string }>("SELECT id FROM sites WHERE employer_id = ? ORDER BY name LIMIT 1", employerA).id;
  const siteB = one<{ id: string }>("SELECT id FROM sites WHERE employer_id = ? ORDER BY name LIMIT 1", employerB).id;
  db.close();
  await addExtraAccounts(server.dbPath, employerB);
  const usernames: Record<Exclude<Principal, "anonymous">, string> = {
    workerA: "demo-certified",
    workerB: "demo-driver",
    adminA: "demo-employer",
    adminB: "metro-admin",
    councilA: "demo-council",
    councilOther: "wi-council",
    platform: "demo-admin",
  };
  const cookies = { anonymous: null } as Record<Principal, string | null>;
  for (const [p, u] of Object.entries(usernames)) cookies[p as Principal] = await server.signIn(u);
  return {
    cookies,
    ids: {
      employerA,
      employerB,
      workerA,
      workerB,
      employmentA,
      employmentB,
      pendingA,
      siteA,
      siteB,
      certificateA: cert.code,
      attemptA: cert.attempt_id,
      courseId: cert.course_id,
      // A module every role takes.
      moduleId: "what-is-trafficking",
    },
  };
}
