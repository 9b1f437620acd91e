/**
 * Runs the daily reminder job (and, on the first run of each month, the monthly report to
 * admins) inside the server process: once shortly after start, then
 * whenever a day has passed on the server clock (`now()`, so a test that moves the clock
 * forward triggers it), checked every minute. In between, the same minute tick retries
 * pending sends. Timers are unref'd (they never keep the process alive) and nothing throws
 * out of them: errors are logged. Off when REMINDERS=0.
 *
 * Several processes may run it at once: the outbox's dedupe keys and send leases keep every
 * email single (app/models/reminders.server.ts).
 */
import { dailyAggregates } from "#app/models/aggregates.server.ts";
import { runDailyReminders, sendPending } from "#app/models/reminders.server.ts";
import { DAY_MS, toIsoDate } from "#app/domain/dates.ts";
import { now } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";

/** When a daily run fails, try again after this long rather than waiting a day. */
const RETRY_FAILED_RUN_MS = 15 * 60_000;

export interface SchedulerOptions {
  /** The site's public origin for links in emails; defaults to publicOrigin() (PUBLIC_URL, else http://localhost:PORT). */
  origin?: string;
  /** Delay before the first daily run (real time). Default 5 s. */
  firstRunAfterMs?: number;
  /** How often to check the clock and retry sends (real time). Default 1 minute. */
  checkEveryMs?: number;
}

interface State {
  first: NodeJS.Timeout;
  tick: NodeJS.Timeout;
  /** Server-clock time at or after which the next daily run is due; null until the first run. */
  nextDailyAt: number | null;
  busy: Promise<void> | null;
}

let state: State | undefined;

/** Starts the scheduler (a second call does nothing). Returns false when REMINDERS=0. */
export function startReminderScheduler(opts: SchedulerOptions = {}): boolean {
  if (state) return true;
  const env = getEnv();
  if (!env.REMINDERS) {
    console.log("[frontline] Reminders are off (REMINDERS=0).");
    return false;
  }
  const origin = opts.origin ?? publicOrigin();
  if (env.SMTP_URL && !opts.origin && !env.PUBLIC_URL) {
    console.warn(`[frontline] PUBLIC_URL is not set: links in reminder emails will point to ${origin}.`);
  }
  if (!env.SMTP_URL) console.log("[frontline] SMTP_URL is not set: reminders are queued in the outbox but not sent.");

  const s: State = {
    nextDailyAt: null,
    busy: null,
    first: setTimeout(() => run(s, origin, true), opts.firstRunAfterMs ?? 5_000),
    tick: setInterval(() => run(s, origin, false), opts.checkEveryMs ?? 60_000),
  };
  s.first.unref();
  s.tick.unref();
  state = s;
  return true;
}

function run(s: State, origin: string, first: boolean) {
  if (s.busy || state !== s) return; // one run at a time; none after stop
  if (!first && s.nextDailyAt === null) return; // the first daily run has not happened yet
  const t = now();
  const daily = first || (s.nextDailyAt !== null && t.getTime() >= s.nextDailyAt);
  s.busy = (async () => {
    try {
      if (daily) {
        const r = await runDailyReminders(t, origin);
        s.nextDailyAt = t.getTime() + DAY_MS;
        if (r.queued + r.monthly + r.sent + r.retrying + r.failed > 0) {
          console.log(
            `[frontline] Reminders: ${r.queued} queued, ${r.monthly} monthly reports queued, ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed, ${r.held} waiting for SMTP_URL.`,
          );
        }
      } else {
        const r = await sendPending(t);
        if (r.sent + r.retrying + r.failed > 0) console.log(`[frontline] Outbox: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed.`);
      }
    } catch (error) {
      if (daily) s.nextDailyAt = t.getTime() + RETRY_FAILED_RUN_MS;
      console.error(`[frontline] ${daily ? "Daily reminders" : "Sending the outbox"} failed:`, error);
    } finally {
      s.busy = null;
    }
  })();
}

/** Stops the timers and waits for a run in progress to finish (call before closing the database). */
export async function stopReminderScheduler(): Promise<void> {
  const s = state;
  if (!s) return;
  state = undefined;
  clearTimeout(s.first);
  clearInterval(s.tick);
  await s.busy;
}

/**
 * The daily status job, independent of reminders (REMINDERS=0 does not stop it): statuses
 * that time alone changed (a due date passed, a completion entered its last 60 days or
 * lapsed) are recomputed and the counters moved, then this month's snapshot is refreshed
 * (ADR 010). Checked every minute against the server clock; runs when the date changes.
 */
let statusTimer: NodeJS.Timeout | undefined;
let statusBusy = false;
export function startStatusScheduler(checkEveryMs = 60_000) {
  if (statusTimer) return;
  let lastDay = toIsoDate(now());
  statusTimer = setInterval(() => {
    const t = now();
    if (statusBusy || toIsoDate(t) === lastDay) return;
    statusBusy = true;
    try {
      const changed = dailyAggregates(t);
      lastDay = toIsoDate(t);
      if (changed > 0) console.log(`[frontline] Daily statuses: ${changed} changed with time.`);
    } catch (error) {
      console.error("[frontline] The daily status job failed:", error);
    } finally {
      statusBusy = false;
    }
  }, checkEveryMs);
  statusTimer.unref();
}

export function stopStatusScheduler() {
  if (statusTimer) clearInterval(statusTimer);
  statusTimer = undefined;
}
