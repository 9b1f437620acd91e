/**
 * The eight principals of the access matrix, on a server started by startServer(): the
 * demo accounts plus an admin of the second employer and a council of another state.
 */
import Database from "better-sqlite3";
import type { TestServer } from "./server.ts";

export const PRINCIPALS = ["anonymous", "workerA", "workerB", "adminA", "adminB", "councilWI", "councilTX", "platform"] as const;
export type Principal = (typeof PRINCIPALS)[number];

export interface Fixtures {
  cookies: Record<Principal, string | null>;
  ids: {
    employerA: string;
    employerB: string;
    workerA: string;
    workerB: string;
    certificateA: string;
    attemptA: string;
    courseId: string;
    moduleId: string;
  };
}

/** Adds the two extra accounts (metro-admin, tx-council) through the app's own model code, in this process. */
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
  await createUser({ username: "tx-council", name: "Texas Auditor", password: "frontline-demo", kind: "council", jurisdiction: "US-TX" }, t);
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
  db.close();
  await addExtraAccounts(server.dbPath, employerB);
  const usernames: Record<Exclude<Principal, "anonymous">, string> = {
    workerA: "demo-certified",
    workerB: "demo-driver",
    adminA: "demo-employer",
    adminB: "metro-admin",
    councilWI: "demo-council",
    councilTX: "tx-council",
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
      certificateA: cert.code,
      attemptA: cert.attempt_id,
      courseId: cert.course_id,
      // A module every role takes.
      moduleId: "what-is-trafficking",
    },
  };
}
