import { getContent } from "#app/server/content.server.ts";
import { prepareAggregates } from "#app/models/aggregates.server.ts";
import { stopPdfWorker } from "#app/pdf/pool.server.ts";
import { hasAnyEmployer, seedDemo } from "#app/models/seed.server.ts";
import { deleteExpiredSessions } from "#app/models/session.server.ts";
import { deleteExpiredPendingImports } from "#app/models/pending-import.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { closeDb, getDb, openMigratedOnly } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { getSessionSecret } from "#app/utils/secret.server.ts";
import { servesThisMachineOnly } from "#app/utils/public-url.server.ts";

let ready = false;

/**
 * Runs once before the server accepts requests: validates the environment, opens the
 * database and applies migrations, validates content/, and seeds the demo data into an
 * empty database unless SEED_DEMO=0. Any failure stops start-up with the reason.
 *
 * `serving`: the HTTP server (app/serve.ts) is starting, not a command-line tool; in
 * production it needs PUBLIC_URL, the address it prints into certificates, posters and emails,
 * unless no one else can reach it (servesThisMachineOnly: `npm start` on one's own machine).
 *
 * `worker`: a server worker process (WEB_CONCURRENCY > 1, app/server/cluster.server.ts) whose
 * primary already ran this whole start-up: it checks the environment, opens the database without
 * migrating it (checking it is migrated), and reads content/ and the secret; it writes nothing.
 */
export async function initialize(opts: { serving?: boolean; worker?: boolean } = {}) {
  const env = getEnv();
  if (opts.serving && env.NODE_ENV === "production" && !env.PUBLIC_URL && !servesThisMachineOnly(env)) {
    throw new Error(
      "PUBLIC_URL is not set. It is required in production when others can reach the server (HOST or TRUST_PROXY set): " +
        "the site's public address (e.g. PUBLIC_URL=https://training.example.org), printed in certificates' QR codes and verify addresses, " +
        "on posters and in emails. It is never taken from a request. (Without PUBLIC_URL and HOST, the server listens on this machine only.)",
    );
  }
  if (opts.worker) {
    openMigratedOnly();
    getDb();
    getContent();
    getSessionSecret();
    ready = true;
    return;
  }
  getDb();
  const content = getContent();
  getSessionSecret();
  deleteExpiredSessions(now());
  deleteExpiredPendingImports(now());
  if (env.SEED_DEMO && !hasAnyEmployer()) {
    await seedDemo(now());
    console.log("[frontline] Seeded the demo data (SEED_DEMO=0 turns this off).");
  }
  prepareAggregates(now());
  ready = true;
  const courses = [...content.courses.values()].map((c) => `${c.id} (${c.modules.length} modules, ${c.questions.length} questions)`);
  console.log(`[frontline] Database ${env.DATABASE_PATH} migrated; content valid: ${courses.join(", ")}.`);
}

export function isReady() {
  return ready;
}

export function shutdown() {
  ready = false;
  void stopPdfWorker();
  closeDb();
}
