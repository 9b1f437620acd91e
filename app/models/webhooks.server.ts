/**
 * Employers' webhook endpoints and their events (ADR 033). Off unless WEBHOOKS=1: with it off,
 * `enqueueWebhookEvent` writes nothing and the page says webhooks are off.
 *
 * The signing secret is shown once, when it is made; it has to be kept in a form that can
 * sign (an HMAC needs the secret itself, so a hash will not do), and is stored encrypted with
 * AES-256-GCM under a key derived (HKDF) from the session secret: a copy of the database alone
 * does not give it away. Changing SESSION_SECRET makes stored secrets unreadable; deliveries
 * then fail with a clear error until the admin rotates the secret.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { employments, webhookEndpoints } from "#db/schema.ts";
import { isWebhookEvent, newSigningSecret, TEST_EVENT, webhookBody, webhookSignature, type WebhookBody, type WebhookEvent } from "#app/domain/webhooks.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { safePost } from "#app/utils/safe-post.server.ts";
import { openSecret, sealSecret } from "#app/utils/secret.server.ts";
import { appendAudit } from "./audit.server.ts";
import { enqueueEvent, listEvents, type AttemptOutcome, type EventRow } from "./event-outbox.server.ts";
import type { User } from "#db/schema.ts";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
/** At most this many endpoints per employer. */
export const MAX_ENDPOINTS = 10;

export function webhooksEnabled(): boolean {
  return getEnv().WEBHOOKS;
}

/** Sealed for the database by the site's one sealing (AES-256-GCM, app/utils/secret.server.ts). */
const SEAL_PURPOSE = "webhook signing secret";

export function encryptSecret(secret: string): string {
  return sealSecret(secret, SEAL_PURPOSE);
}

export function decryptSecret(stored: string): string {
  const plain = openSecret(stored, SEAL_PURPOSE);
  if (plain === null) throw new Error("unreadable signing secret");
  return plain;
}

type Admin = Pick<User, "id" | "kind">;

export function listEndpoints(employerId: string): WebhookEndpoint[] {
  return getDb()
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.employerId, employerId), isNull(webhookEndpoints.disabledAt)))
    .orderBy(asc(webhookEndpoints.createdAt))
    .all();
}

export function endpointEvents(e: Pick<WebhookEndpoint, "events">): WebhookEvent[] {
  return e.events.split(",").filter(isWebhookEvent);
}

export type CreateEndpointResult = { ok: true; endpoint: WebhookEndpoint; secret: string } | { ok: false; error: "tooMany" };

/** Registers an endpoint (the URL already checked by checkEndpointUrl); returns the secret, shown once. */
export function createEndpoint(
  input: { admin: Admin; employerId: string; url: string; events: readonly WebhookEvent[]; clientAddress?: string },
  now: Date,
): CreateEndpointResult {
  const secret = newSigningSecret();
  return writeTransaction((tx) => {
    const count = tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.employerId, input.employerId), isNull(webhookEndpoints.disabledAt))).all().length;
    if (count >= MAX_ENDPOINTS) return { ok: false as const, error: "tooMany" as const };
    const endpoint: WebhookEndpoint = {
      id: newId(),
      employerId: input.employerId,
      url: input.url,
      events: input.events.join(","),
      secretEnc: encryptSecret(secret),
      createdAt: now.getTime(),
      createdBy: input.admin.id,
      secretRotatedAt: null,
      disabledAt: null,
    };
    tx.insert(webhookEndpoints).values(endpoint).run();
    appendAudit(
      tx,
      { action: "webhook-added", actor: input.admin, clientAddress: input.clientAddress, target: { type: "webhook", id: endpoint.id }, employerId: input.employerId, detail: { url: endpoint.url, events: endpoint.events } },
      now,
    );
    return { ok: true as const, endpoint, secret };
  });
}

function activeEndpoint(tx: Db, employerId: string, endpointId: string) {
  return tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.employerId, employerId), isNull(webhookEndpoints.disabledAt)))
    .get();
}

/** A new secret for an endpoint (the old one stops signing at once); null when the endpoint is not this employer's. */
export function rotateEndpointSecret(input: { admin: Admin; employerId: string; endpointId: string; clientAddress?: string }, now: Date): string | null {
  const secret = newSigningSecret();
  return writeTransaction((tx) => {
    const e = activeEndpoint(tx, input.employerId, input.endpointId);
    if (!e) return null;
    tx.update(webhookEndpoints).set({ secretEnc: encryptSecret(secret), secretRotatedAt: now.getTime() }).where(eq(webhookEndpoints.id, e.id)).run();
    appendAudit(tx, { action: "webhook-secret-rotated", actor: input.admin, clientAddress: input.clientAddress, target: { type: "webhook", id: e.id }, employerId: input.employerId, detail: { url: e.url } }, now);
    return secret;
  });
}

/** Removes an endpoint: it receives nothing more (pending deliveries to it are given up); its history stays. */
export function removeEndpoint(input: { admin: Admin; employerId: string; endpointId: string; clientAddress?: string }, now: Date): boolean {
  return writeTransaction((tx) => {
    const e = activeEndpoint(tx, input.employerId, input.endpointId);
    if (!e) return false;
    tx.update(webhookEndpoints).set({ disabledAt: now.getTime() }).where(eq(webhookEndpoints.id, e.id)).run();
    appendAudit(tx, { action: "webhook-removed", actor: input.admin, clientAddress: input.clientAddress, target: { type: "webhook", id: e.id }, employerId: input.employerId, detail: { url: e.url } }, now);
    return true;
  });
}

/** Queues a test event to one endpoint; false when it is not this employer's or webhooks are off. */
export function sendTestEvent(input: { employerId: string; endpointId: string }, now: Date): boolean {
  if (!webhooksEnabled()) return false;
  return writeTransaction((tx) => {
    const e = activeEndpoint(tx, input.employerId, input.endpointId);
    if (!e) return false;
    enqueueEvent(tx, { channel: "webhook", target: e.id, employerId: e.employerId, kind: TEST_EVENT, payload: webhookBody(TEST_EVENT, now, { employerId: e.employerId }) }, now);
    return true;
  });
}

/**
 * Queues an event to every endpoint of the employer that chose it. Call inside the
 * transaction of the change that causes it. Does nothing (not even a query) when webhooks are
 * off. Returns how many deliveries were queued.
 */
export function enqueueWebhookEvent(tx: Db, employerId: string, type: WebhookEvent, data: WebhookBody["data"], now: Date, employmentId?: string): number {
  if (!webhooksEnabled()) return 0;
  const endpoints = tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.employerId, employerId), isNull(webhookEndpoints.disabledAt)))
    .all()
    .filter((e) => endpointEvents(e).includes(type));
  if (endpoints.length === 0) return 0;
  // The roster row is named by its id and the employer's own employee ID, never by name or email.
  const worker: WebhookBody["data"] = employmentId
    ? { employmentId, employeeId: tx.select({ v: employments.employeeId }).from(employments).where(eq(employments.id, employmentId)).get()?.v ?? null }
    : {};
  const payload = webhookBody(type, now, { employerId, ...worker, ...data });
  for (const e of endpoints) enqueueEvent(tx, { channel: "webhook", target: e.id, employerId, kind: type, payload }, now);
  return endpoints.length;
}

/** The employer's deliveries, newest first, across its endpoints (removed ones included). */
export function listWebhookDeliveries(employerId: string, limit = 50): EventRow[] {
  const ids = getDb().select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.employerId, employerId)).all().map((e) => e.id);
  return listEvents("webhook", ids, limit);
}

/**
 * Sends one queued delivery: the stored body, signed now (Webhook-Id is the outbox row's id,
 * the same on every retry, so a receiver can drop a duplicate). A 2xx is delivered; anything
 * else, a timeout or a refused address is a failed attempt.
 */
export async function deliverWebhook(row: EventRow, now: Date, timeoutMs: number): Promise<AttemptOutcome & { permanent?: boolean }> {
  const e = getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.target)).get();
  if (!e || e.disabledAt !== null) return { ok: false, statusCode: null, error: "endpoint removed", permanent: true };
  let secret: string;
  try {
    secret = decryptSecret(e.secretEnc);
  } catch {
    return { ok: false, statusCode: null, error: "signing secret unreadable (SESSION_SECRET changed?): rotate the secret" };
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    "Webhook-Id": row.id,
    "Webhook-Timestamp": String(timestamp),
    "Webhook-Signature": webhookSignature(secret, row.id, timestamp, row.payload),
  };
  try {
    const res = await safePost(e.url, row.payload, headers, { timeoutMs, allowPrivate: getEnv().NODE_ENV !== "production" });
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
  }
}
