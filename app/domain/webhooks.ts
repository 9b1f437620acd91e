/**
 * Webhooks (ADR 033), the rules with no I/O: which events exist, what a delivery carries, how
 * it is signed (the Standard Webhooks convention, https://www.standardwebhooks.com/), how long
 * to wait after a failure, and which endpoint addresses are acceptable.
 */
import crypto from "node:crypto";

/** Events an endpoint can choose. */
export const WEBHOOK_EVENTS = ["certificate.issued", "training.expiring_soon", "training.overdue", "certificate.revoked"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by the admin's "send a test event" button. */
export const TEST_EVENT = "webhook.test";

export function isWebhookEvent(v: string): v is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(v);
}

/**
 * The body of a delivery (Standard Webhooks' payload shape: type, timestamp, data). `data`
 * carries identifiers, never names or email addresses: the roster row's id and the
 * employer's own employee ID let the receiver find the person in its own records.
 */
export interface WebhookBody {
  type: WebhookEvent | typeof TEST_EVENT;
  timestamp: string;
  data: Record<string, string | number | boolean | null>;
}

export function webhookBody(type: WebhookBody["type"], at: Date, data: WebhookBody["data"]): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data } satisfies WebhookBody);
}

/** Attempts before a delivery is given up ("dead"). */
export const MAX_DELIVERY_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 6 * 3600_000;

/**
 * Wait before the next attempt after `attempts` failed ones: 1 min × 2^(attempts−1), at most
 * 6 h, with "equal jitter" (between half and all of it, `random` in [0, 1)), so endpoints
 * that fail together are not retried together.
 */
export function deliveryBackoffMs(attempts: number, random: number): number {
  const full = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
  return Math.round(full / 2 + (full / 2) * Math.min(Math.max(random, 0), 1));
}

/** A new signing secret in Standard Webhooks' form: "whsec_" and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64")}`;
}

/**
 * The Webhook-Signature header value: "v1," and the base64 HMAC-SHA256, keyed by the secret's
 * bytes, of `${id}.${timestamp}.${body}` (Standard Webhooks: the id and the timestamp are
 * signed with the body, so neither can be changed and a receiver can refuse old timestamps).
 */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  return `v1,${crypto.createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

export type EndpointUrlCheck = { ok: true; url: string } | { ok: false; error: "invalid" | "https" | "private" };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An IPv4 or IPv6 literal that is not on the public internet (loopback, private, link-local, CGNAT, unique local, unspecified, mapped). */
export function isPrivateIpLiteral(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  if (!h.includes(":")) return false;
  if (h === "::" || h === "::1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return isPrivateIpLiteral(mapped[1]!);
  if (h.startsWith("::ffff:")) return true;
  return /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith("ff");
}

/**
 * Whether an endpoint address may be registered. https only; in development and tests also
 * http to this machine (localhost). In production a loopback, private or link-local address
 * is refused (SSRF: the server must not be made to call into its own network); names that
 * resolve to such addresses are refused again when delivering (app/utils/safe-post.server.ts).
 */
export function checkEndpointUrl(raw: string, production: boolean): EndpointUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: "invalid" };
  }
  if (url.username || url.password || raw.length > 2000 || !url.hostname) return { ok: false, error: "invalid" };
  const local = LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith(".localhost");
  if (url.protocol === "http:") {
    if (production || !local) return { ok: false, error: "https" };
  } else if (url.protocol !== "https:") return { ok: false, error: "https" };
  if (production && (local || isPrivateIpLiteral(url.hostname))) return { ok: false, error: "private" };
  url.hash = "";
  return { ok: true, url: url.toString() };
}
