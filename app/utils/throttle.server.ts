import { tFor } from "#app/i18n/messages.server.ts";
import type { Lang } from "#app/i18n/translate.ts";
import { data, type HeadersFunction } from "@remix-run/node";
import { addThrottleHit, clearThrottleHits, recentThrottleHits, sweepThrottleHits } from "#app/models/throttle.server.ts";

/**
 * Sliding-window counters of failures (wrong passwords, unknown join codes, wrong reset
 * codes, employer API requests), kept in the database (app/models/throttle.server.ts): the
 * server may run as several processes (WEB_CONCURRENCY, ADR 038), and a count kept in one
 * process's memory would give an attacker one allowance per process. A check is one indexed
 * read; a failure one insert. See docs/decisions/008-accounts-and-audit.md and 038.
 */
export interface ThrottleVerdict {
  ok: boolean;
  /** Seconds until the next attempt is allowed (when not ok). */
  retryAfterSeconds: number;
}

/** Expired failures are deleted at most this often (per process), on a failure. */
const SWEEP_EVERY_MS = 60_000;
let lastSweepMs = 0;

export class Throttle {
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Whether another attempt is allowed now. */
  check(key: string, now: Date): ThrottleVerdict {
    const nowMs = now.getTime();
    // The newest `limit` failures in the window, newest first.
    const list = recentThrottleHits(this.name, key, nowMs - this.windowMs, this.limit);
    if (list.length < this.limit) return { ok: true, retryAfterSeconds: 0 };
    const oldest = list[this.limit - 1]!;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000)) };
  }

  fail(key: string, now: Date) {
    const nowMs = now.getTime();
    addThrottleHit(this.name, key, nowMs, nowMs + this.windowMs);
    if (Math.abs(nowMs - lastSweepMs) >= SWEEP_EVERY_MS) {
      lastSweepMs = nowMs;
      sweepThrottleHits(nowMs);
    }
  }

  clear(key: string) {
    clearThrottleHits(this.name, key);
  }

  reset() {
    clearThrottleHits(this.name);
  }
}

const MINUTE = 60_000;

/** The product's throttles. Per-address limits are higher than per-account ones: many
 * workers share one hotel network or break-room tablet. */
export const throttles = {
  /** Wrong passwords per name typed (username or email address, whether or not it exists). */
  signInByName: new Throttle("sign-in per name", 5, 15 * MINUTE),
  /** Wrong passwords per account, whichever of its names was typed. */
  signInByAccount: new Throttle("sign-in per account", 5, 15 * MINUTE),
  signInByAddress: new Throttle("sign-in per address", 30, 15 * MINUTE),
  /** Wrong passwords from one device the account signed in from before (see app/server/known-device.server.ts). */
  signInByKnownDevice: new Throttle("sign-in per known device", 5, 15 * MINUTE),
  /** Wrong current passwords on /account/password, per account. */
  currentPasswordByAccount: new Throttle("current password per account", 5, 15 * MINUTE),
  joinCodeByAddress: new Throttle("join code per address", 10, 15 * MINUTE),
  resetCodeByAccount: new Throttle("reset code per account", 5, 15 * MINUTE),
  resetCodeByAddress: new Throttle("reset code per address", 30, 15 * MINUTE),
  resetLinkByAddress: new Throttle("reset link per address", 5, 15 * MINUTE),
  /**
   * Wrong roster claims (an employee ID with a claim code that is not its own): per address, and
   * per employer — all of an employer's join links open the same roster, so they count together.
   */
  rosterClaimByAddress: new Throttle("roster claim per address", 10, 15 * MINUTE),
  rosterClaimByEmployer: new Throttle("roster claim per employer", 50, 15 * MINUTE),
  /** "That username is taken" answers on the join form, per address: usernames cannot be listed by trying many. */
  usernameTakenByAddress: new Throttle("taken username per address", 20, 15 * MINUTE),
  /** Reset-link emails to one address (known or not), so no one can flood a mailbox. */
  resetLinkByEmail: new Throttle("reset link per email", 3, 60 * MINUTE),
  /** Employer API requests per token (every request counts, not only failures; ADR 032). */
  apiByToken: new Throttle("API requests per token", 120, MINUTE),
  /** Employer API requests with a wrong, malformed or revoked token, per address. */
  apiAuthByAddress: new Throttle("API bad tokens per address", 30, 15 * MINUTE),
};

/** The strictest verdict of several throttles. */
export function checkAll(pairs: [Throttle, string][], now: Date): ThrottleVerdict {
  let worst: ThrottleVerdict = { ok: true, retryAfterSeconds: 0 };
  for (const [t, key] of pairs) {
    const v = t.check(key, now);
    if (!v.ok && v.retryAfterSeconds > worst.retryAfterSeconds) worst = v;
  }
  return worst;
}

export function failAll(pairs: [Throttle, string][], now: Date) {
  for (const [t, key] of pairs) t.fail(key, now);
}

export function minutesText(seconds: number, lang: Lang = "en") {
  return tFor(lang)("time.wait", { count: Math.max(1, Math.ceil(seconds / 60)) });
}

/** The 429 answer for a form: the form shows the message; Retry-After says when to retry. */
export function tooManyAttempts<T extends object>(verdict: ThrottleVerdict, extra: T, lang: Lang = "en") {
  const message = tFor(lang)("errors.tooManyAttempts", { wait: minutesText(verdict.retryAfterSeconds, lang) });
  return data(
    { ...extra, errors: { form: message } as Record<string, string> },
    { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } },
  );
}

/**
 * Route `headers` export for throttled routes: Remix sends a loader's or action's own
 * headers on a document response only through this, and a 429 needs its Retry-After.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) => {
  const out = new Headers();
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    const value = source?.get("Retry-After");
    if (value) out.set("Retry-After", value);
  }
  return out;
};
