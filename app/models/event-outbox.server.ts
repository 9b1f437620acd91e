/**
 * The event outbox (ADR 033): events for other systems (webhooks, xAPI statements), written by
 * `enqueueEvent` inside the write transaction of the change that causes them, so an event
 * exists exactly when its change committed and survives a restart. The delivery worker
 * (app/server/delivery-worker.server.ts) claims due rows with a lease (their next attempt moved
 * forward, as the email outbox does), sends them outside any transaction, and records the
 * result: delivered, or a retry after a backoff with jitter, or dead after MAX_DELIVERY_ATTEMPTS.
 */
import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import { eventOutbox } from "#db/schema.ts";
import { deliveryBackoffMs, MAX_DELIVERY_ATTEMPTS } from "#app/domain/webhooks.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";

export type EventRow = typeof eventOutbox.$inferSelect;
export type Channel = EventRow["channel"];

/** How long a claimed row is kept from other workers: longer than one request's timeout. */
export const DELIVERY_LEASE_MS = 2 * 60_000;

/** Queues one event. Call inside the transaction of the change that causes it. */
export function enqueueEvent(
  tx: Db,
  e: { channel: Channel; target: string; employerId: string | null; kind: string; payload: string },
  now: Date,
): EventRow {
  const row: EventRow = {
    id: newId(),
    ...e,
    createdAt: now.getTime(),
    status: "pending",
    attempts: 0,
    nextAttemptAt: now.getTime(),
    lastError: null,
    lastStatusCode: null,
    deliveredAt: null,
  };
  tx.insert(eventOutbox).values(row).run();
  return row;
}

const due = (now: Date) => and(eq(eventOutbox.status, "pending"), lte(eventOutbox.nextAttemptAt, now.getTime()));

/** Claims up to `limit` due rows, oldest first, in one short transaction (each leased for DELIVERY_LEASE_MS). */
export function claimDueEvents(now: Date, limit: number): EventRow[] {
  return writeTransaction((tx) => {
    const rows = tx.select().from(eventOutbox).where(due(now)).orderBy(asc(eventOutbox.nextAttemptAt), asc(eventOutbox.createdAt)).limit(limit).all();
    if (rows.length > 0) {
      tx.update(eventOutbox)
        .set({ nextAttemptAt: now.getTime() + DELIVERY_LEASE_MS })
        .where(and(inArray(eventOutbox.id, rows.map((r) => r.id)), due(now)))
        .run();
    }
    return rows;
  });
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * Records one attempt: delivered, or failed (retry after the backoff, or dead when attempts
 * run out; `permanent` gives up at once, e.g. an endpoint that was removed).
 */
export function recordAttempt(row: Pick<EventRow, "id" | "attempts">, outcome: AttemptOutcome & { permanent?: boolean }, now: Date, random = Math.random()): "delivered" | "retrying" | "dead" {
  const attempts = row.attempts + 1;
  const lastStatusCode = outcome.statusCode;
  if (outcome.ok) {
    writeTransaction((tx) =>
      tx.update(eventOutbox).set({ status: "delivered", attempts, lastStatusCode, lastError: null, deliveredAt: now.getTime() }).where(eq(eventOutbox.id, row.id)).run(),
    );
    return "delivered";
  }
  const dead = outcome.permanent === true || attempts >= MAX_DELIVERY_ATTEMPTS;
  const lastError = (outcome.error ?? (lastStatusCode !== null ? `HTTP ${lastStatusCode}` : "failed")).slice(0, 500);
  writeTransaction((tx) =>
    tx
      .update(eventOutbox)
      .set({ status: dead ? "dead" : "pending", attempts, lastStatusCode, lastError, nextAttemptAt: now.getTime() + (dead ? 0 : deliveryBackoffMs(attempts, random)) })
      .where(and(eq(eventOutbox.id, row.id), eq(eventOutbox.status, "pending")))
      .run(),
  );
  return dead ? "dead" : "retrying";
}

/** Rows of one channel for these targets, newest first (the employer's delivery history). */
export function listEvents(channel: Channel, targets: readonly string[], limit = 50): EventRow[] {
  if (targets.length === 0) return [];
  return getDb()
    .select()
    .from(eventOutbox)
    .where(and(eq(eventOutbox.channel, channel), inArray(eventOutbox.target, [...targets])))
    .orderBy(desc(eventOutbox.createdAt), desc(eventOutbox.id))
    .limit(limit)
    .all();
}

export function getEvent(id: string): EventRow | undefined {
  return getDb().select().from(eventOutbox).where(eq(eventOutbox.id, id)).get();
}
