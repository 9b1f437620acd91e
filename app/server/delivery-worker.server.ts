/**
 * The delivery worker of the event outbox (ADR 033): every few seconds, claims due rows and
 * sends them, a few at a time (bounded concurrency), each request with its own time limit,
 * and records each result. It runs on timers in the server process, never inside a request:
 * a request only writes the outbox row in its own transaction. Its database work is a few
 * short transactions per batch; the sending is network I/O that does not hold the event loop.
 * Timers are unref'd and nothing throws out of them. Runs when WEBHOOKS=1 or XAPI_ENDPOINT is set.
 */
import { claimDueEvents, recordAttempt, type AttemptOutcome, type Channel, type EventRow } from "#app/models/event-outbox.server.ts";
import { deliverWebhook } from "#app/models/webhooks.server.ts";
import { deliverStatement } from "#app/models/xapi.server.ts";
import { now as clockNow } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

export type Sender = (row: EventRow, now: Date, timeoutMs: number) => Promise<AttemptOutcome & { permanent?: boolean }>;

const senders: Partial<Record<Channel, Sender>> = { webhook: deliverWebhook, xapi: deliverStatement };

/** Lets another channel (xAPI) plug its sender in. */
export function registerSender(channel: Channel, sender: Sender) {
  senders[channel] = sender;
}

export interface DeliveryOptions {
  /** Rows sent at the same time. Default 4. */
  concurrency?: number;
  /** Rows claimed per run. Default 50. */
  batch?: number;
  /** Time limit of one request. Default 10 s. */
  timeoutMs?: number;
  /** For tests: the jitter's random number. */
  random?: () => number;
}

export interface DeliveryResult {
  delivered: number;
  retrying: number;
  dead: number;
}

/** One run: claims the due rows (up to `batch`) and sends them, `concurrency` at a time. */
export async function deliverDue(now: Date = clockNow(), opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: 0, retrying: 0, dead: 0 };
  const rows = claimDueEvents(now, opts.batch ?? 50);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const send = senders[row.channel];
      let outcome: AttemptOutcome & { permanent?: boolean };
      try {
        outcome = send ? await send(row, now, opts.timeoutMs ?? 10_000) : { ok: false, statusCode: null, error: `no sender for ${row.channel}` };
      } catch (error) {
        outcome = { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
      }
      result[recordAttempt(row, outcome, clockNow(), opts.random?.())] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, rows.length)) }, lane));
  return result;
}

interface State {
  timer: NodeJS.Timeout;
  busy: Promise<void> | null;
}
let state: State | undefined;

export function deliveryWanted(): boolean {
  const env = getEnv();
  return env.WEBHOOKS || env.XAPI_ENDPOINT !== undefined;
}

/** Starts the worker (a second call does nothing). Returns false when nothing is configured to deliver. */
export function startDeliveryWorker(opts: DeliveryOptions & { everyMs?: number } = {}): boolean {
  if (state) return true;
  if (!deliveryWanted()) return false;
  const s: State = {
    busy: null,
    timer: setInterval(() => {
      if (s.busy || state !== s) return;
      s.busy = deliverDue(clockNow(), opts)
        .then((r) => {
          if (r.retrying + r.dead > 0) console.log(`[frontline] Event outbox: ${r.delivered} delivered, ${r.retrying} to retry, ${r.dead} given up.`);
        })
        .catch((error: unknown) => console.error("[frontline] Delivering the event outbox failed:", error))
        .finally(() => {
          s.busy = null;
        });
    }, opts.everyMs ?? 5_000),
  };
  s.timer.unref();
  state = s;
  return true;
}

/** Stops the timer and waits for a run in progress (call before closing the database). */
export async function stopDeliveryWorker(): Promise<void> {
  const s = state;
  if (!s) return;
  state = undefined;
  clearInterval(s.timer);
  await s.busy;
}
