/**
 * Several server processes on one machine (WEB_CONCURRENCY, ADR 038), for app/serve.ts.
 *
 * - WEB_CONCURRENCY=1 (the default): one process, as before: it starts up, runs the background
 *   jobs and serves HTTP ("single").
 * - N > 1: this process is the cluster's primary. It runs the start-up once (migrations, content
 *   checks, demo seed, status counters) and the background jobs (the only process that does), then
 *   forks N workers (node:cluster) that share the port and only serve HTTP; it restarts a worker
 *   that dies, waiting longer after each quick death, and stops them all on SIGTERM/SIGINT.
 *
 * Imported by app/serve.ts directly (not through the build): it reads only the environment and
 * gets the build's functions passed in.
 */
import cluster, { type Worker } from "node:cluster";
import { getEnv } from "../utils/env.server.ts";

export type ProcessRole = "single" | "primary" | "worker";

/** The build's entry functions the background jobs need (app/entry.server.tsx). */
export interface BackgroundEntry {
  startReminderScheduler(): boolean;
  stopReminderScheduler(): Promise<void>;
  startStatusScheduler(): void;
  stopStatusScheduler(): void;
  startDeliveryWorker(): boolean;
  stopDeliveryWorker(): Promise<void>;
  backfillCertificatePdfs(): Promise<number>;
  shutdown(): void;
}

/** This process's part, from WEB_CONCURRENCY and whether node:cluster forked it. */
export function processRole(): ProcessRole {
  if (cluster.isWorker) return "worker";
  return getEnv().WEB_CONCURRENCY > 1 ? "primary" : "single";
}

/**
 * The jobs exactly one process runs: daily statuses, reminders (and the email outbox), the event
 * outbox's delivery (webhooks, xAPI), and storing the PDFs of earlier certificates. Each is also
 * safe if two processes ever ran it (ADR 038); one process keeps the work and the logs single.
 */
export function startBackgroundJobs(entry: BackgroundEntry) {
  entry.startStatusScheduler();
  const reminders = entry.startReminderScheduler();
  // Webhooks and xAPI statements from the event outbox (when WEBHOOKS=1 or XAPI_ENDPOINT is set).
  const delivery = entry.startDeliveryWorker();
  // PDFs for certificates issued before they were stored (one at a time).
  entry
    .backfillCertificatePdfs()
    .then((n) => n > 0 && console.log(`[frontline] Stored the PDFs of ${n} earlier certificates.`))
    .catch((error: unknown) => console.error("[frontline] storing certificate PDFs failed", error));
  const jobs = ["daily statuses", reminders ? "reminders" : null, delivery ? "event outbox delivery" : null, "certificate PDF backfill"].filter(Boolean);
  console.log(`[frontline] Background jobs (${jobs.join(", ")}) run in process ${process.pid}.`);
}

export async function stopBackgroundJobs(entry: BackgroundEntry) {
  entry.stopStatusScheduler();
  await Promise.all([entry.stopReminderScheduler(), entry.stopDeliveryWorker()]);
}

/** A worker that dies sooner than this after it started counts as a crash in a row. */
const QUICK_DEATH_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long workers get to finish their requests on SIGTERM before they are killed. */
const STOP_GRACE_MS = 10_000;

/** The wait before restarting a worker that died after `quickDeaths` quick deaths in a row (0: it had run a while). */
export function restartDelayMs(quickDeaths: number): number {
  if (quickDeaths <= 0) return 0;
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (quickDeaths - 1));
}

/**
 * The primary: runs the background jobs, forks `WEB_CONCURRENCY` workers and keeps that many
 * alive; on SIGTERM/SIGINT stops the workers (each closes its server and finishes its requests),
 * then the jobs, then exits. The returned promise never settles: the process ends by exiting.
 */
export function runPrimary(entry: BackgroundEntry): Promise<never> {
  const count = getEnv().WEB_CONCURRENCY;
  let stopping = false;
  let listening = 0;
  const slots = Array.from({ length: count }, () => ({ quickDeaths: 0 }));

  startBackgroundJobs(entry);

  function fork(slot: number) {
    const startedAt = Date.now();
    const worker = cluster.fork();
    worker.once("listening", (address) => {
      listening++;
      if (listening === count) console.log(`[frontline] ${count} server processes listening on port ${address.port} (primary ${process.pid}).`);
    });
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      const ranMs = Date.now() - startedAt;
      const s = slots[slot]!;
      s.quickDeaths = ranMs < QUICK_DEATH_MS ? s.quickDeaths + 1 : 0;
      const delay = restartDelayMs(s.quickDeaths);
      console.error(`[frontline] Server process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${delay} ms.`);
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delay);
    });
    return worker;
  }
  for (let i = 0; i < count; i++) fork(i);

  function stop() {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    const exited = Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once("exit", () => resolve())))));
    // Each worker's own SIGTERM handler (app/serve.ts) closes its server and exits.
    for (const w of workers) w.process.kill("SIGTERM");
    const killer = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill("SIGKILL");
    }, STOP_GRACE_MS);
    killer.unref();
    void exited
      .then(() => stopBackgroundJobs(entry))
      .finally(() => {
        entry.shutdown();
        process.exit(0);
      });
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return new Promise<never>(() => {});
}
