/**
 * Shared-device (break-room tablet) mode, as a request sees it (ADR 028). A tablet is put in
 * the mode by opening a site's shared-device link (/shared/<site join code>), which sets a
 * signed cookie naming the site: `fr_shared` (over https `__Host-fr_shared`). A request that
 * carries it is in the mode while the site's mode is on (checked on every request, so turning
 * it off on /employer/sites takes every tablet out of it). In the mode a session ends after
 * SHARED_DEVICE_IDLE_MS without a request (enforced on the server, session.server.ts), signing
 * in does not remember the account on the device (known-device.server.ts), signing out goes to
 * the tablet's start page (/shared), and every answer is `no-store` (security.server.ts).
 */
import { sharedDeviceSite, type SharedDeviceSite } from "#app/models/shared-device.server.ts";
import { isHttps } from "#app/utils/request.server.ts";
import { signedDeviceCookie } from "./known-device.server.ts";
import { SHARED_DEVICE_COOKIE_HTTP, SHARED_DEVICE_COOKIE_HTTPS } from "./session-cookie.ts";

/** A session on a shared device ends after this long without a request. */
export const SHARED_DEVICE_IDLE_MS = 6 * 60_000;
/** …and at most this long after signing in, whatever the device says later. */
export const SHARED_DEVICE_SESSION_MAX_MS = 4 * 60 * 60_000;
/** With JavaScript, the warning ("still there?") comes this long before the idle limit. */
export const SHARED_DEVICE_WARN_BEFORE_MS = 60_000;

const deviceCookie = signedDeviceCookie(SHARED_DEVICE_COOKIE_HTTP, SHARED_DEVICE_COOKIE_HTTPS);

async function readSiteId(request: Request): Promise<string | undefined> {
  let value: unknown;
  try {
    value = await deviceCookie(isHttps(request)).parse(request.headers.get("Cookie"));
  } catch {
    return undefined;
  }
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : undefined;
}

const byRequest = new WeakMap<Request, Promise<SharedDeviceSite | undefined>>();

/** The site this request's device is a shared tablet of, while that site's mode is on. */
export function getSharedDevice(request: Request): Promise<SharedDeviceSite | undefined> {
  let found = byRequest.get(request);
  if (!found) {
    found = readSiteId(request).then((id) => (id ? sharedDeviceSite(id) : undefined));
    byRequest.set(request, found);
  }
  return found;
}

/** The Set-Cookie value that makes this device a shared tablet of `siteId`. */
export function markSharedDevice(request: Request, siteId: string): Promise<string> {
  return deviceCookie(isHttps(request)).serialize(siteId);
}

/** The Set-Cookie value that takes this device out of the mode. */
export function unmarkSharedDevice(request: Request): Promise<string> {
  return deviceCookie(isHttps(request)).serialize("", { maxAge: 0 });
}
