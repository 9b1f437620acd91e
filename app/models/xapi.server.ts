/**
 * xAPI statements to a Learning Record Store (ADR 035), off unless XAPI_ENDPOINT is set.
 * Statements are queued in the event outbox (channel "xapi") inside the transaction of the
 * learning record they describe, and sent by the delivery worker with `@xapi/xapi`, through
 * this module's adapter (time limit; no redirects).
 *
 * The learner's account name is an HMAC of the user id under a key derived from the session
 * secret: stable for a deployment, meaningless outside it, never an email or a name.
 */
import crypto from "node:crypto";
import type XAPI from "@xapi/xapi";
import { learner, type XapiAgent, type XapiStatement } from "#app/domain/xapi.ts";
import type { Db } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { safePost } from "#app/utils/safe-post.server.ts";
import { getSessionSecret } from "#app/utils/secret.server.ts";
import { enqueueEvent, type AttemptOutcome, type EventRow } from "./event-outbox.server.ts";

type AdapterFunction = Extract<NonNullable<ConstructorParameters<typeof XAPI>[0]["adapter"]>, (...args: never[]) => unknown>;

export function xapiEnabled(): boolean {
  return getEnv().XAPI_ENDPOINT !== undefined;
}

/** The learner as the LRS sees them: an account on the site's origin with an opaque name. */
export function xapiLearner(userId: string): XapiAgent {
  const key = Buffer.from(crypto.hkdfSync("sha256", getSessionSecret(), "frontline-xapi", "xapi actor names v1", 32));
  return learner(publicOrigin(), crypto.createHmac("sha256", key).update(userId).digest("hex").slice(0, 32));
}

/**
 * Queues statements built by `build` (given the site's origin) when xAPI is on; nothing, not
 * even the building, when it is off. Call inside the transaction of the record it describes.
 */
export function enqueueStatements(tx: Db, employerId: string | null, build: (origin: string) => XapiStatement[], now: Date): number {
  if (!xapiEnabled()) return 0;
  const statements = build(publicOrigin());
  for (const s of statements) enqueueEvent(tx, { channel: "xapi", target: "lrs", employerId, kind: s.verb.display["en-US"] ?? s.verb.id, payload: JSON.stringify(s) }, now);
  return statements.length;
}

/** Sends one queued statement to the LRS. A 2xx (or 409: the LRS holds it already) is delivered. */
export async function deliverStatement(row: EventRow, _now: Date, timeoutMs: number): Promise<AttemptOutcome> {
  const env = getEnv();
  if (!env.XAPI_ENDPOINT) return { ok: false, statusCode: null, error: "XAPI_ENDPOINT is not set" };
  let status: number | null = null;
  const adapter = (async ({ url, method, headers, data }: { url: string; method: string; headers?: Record<string, string>; data?: unknown }) => {
    if (method !== "POST") throw new Error(`unexpected ${method}`);
    const res = await safePost(url, typeof data === "string" ? data : JSON.stringify(data), headers ?? {}, { timeoutMs, allowPrivate: true });
    status = res.status;
    return { data: res.body as never, headers: {}, status: res.status };
  }) as AdapterFunction;
  // Loaded on first use: off by default, and ~11 MB resident once loaded (ADR 036).
  const { default: Xapi } = await import("@xapi/xapi");
  const lrs = new Xapi({ endpoint: env.XAPI_ENDPOINT, auth: Xapi.toBasicAuth(env.XAPI_KEY ?? "", env.XAPI_SECRET ?? ""), adapter });
  try {
    await lrs.sendStatement({ statement: JSON.parse(row.payload) });
  } catch (error) {
    return { ok: false, statusCode: status, error: error instanceof Error ? error.message : String(error) };
  }
  const ok = status !== null && ((status >= 200 && status < 300) || status === 409);
  return { ok, statusCode: status, error: ok ? null : `HTTP ${status}` };
}
