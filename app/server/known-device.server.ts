/**
 * Sign-in throttling that an attacker cannot turn into a lockout of the account's owner.
 *
 * Wrong passwords count per name typed, per account (whichever of its names was typed) and per
 * client address; past a limit the next attempt gets 429. That alone would let anyone lock
 * an account for 15 minutes by typing wrong passwords. So a device the account has signed in
 * from before is remembered in a signed cookie (`fr_device`, over https `__Host-fr_device`:
 * a random device id and the accounts that signed in on it), and an attempt from such a
 * device for one of those accounts is checked only against that device's own limit (5 wrong
 * passwords in 15 minutes). The owner's phone gets in while strangers are held; a stolen
 * device cookie is still limited. The cookie carries no secret of the account: it only
 * picks which counter an attempt is held to, and it is signed so it cannot be made up.
 */
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { signInKey } from "#app/models/user.server.ts";
import { isHttps } from "#app/utils/request.server.ts";
import { getSessionSecret } from "#app/utils/secret.server.ts";
import { checkAll, failAll, throttles, type Throttle, type ThrottleVerdict } from "#app/utils/throttle.server.ts";

const YEAR_SECONDS = 365 * 24 * 3600;
/** A device remembers this many accounts, the most recent first (a tablet in shared-device mode none). */
const MAX_ACCOUNTS = 10;

interface KnownDevice {
  /** A random id of the device (its throttle counter is per device and account). */
  d: string;
  /** Ids of the accounts that signed in on this device. */
  u: string[];
}

/**
 * A signed cookie (a year unless told otherwise), by scheme (`__Host-` only over HTTPS), made
 * once per name: the known-device cookie here, the shared-device cookie
 * (app/server/shared-device.server.ts) and single sign-on's 10-minute flow cookie
 * (app/server/sso.server.ts).
 */
export function signedDeviceCookie(httpName: string, httpsName: string, maxAgeSeconds = YEAR_SECONDS): (https: boolean) => ReturnType<typeof createCookie> {
  const made = new Map<boolean, ReturnType<typeof createCookie>>();
  return (https) => {
    let cookie = made.get(https);
    if (!cookie) {
      cookie = createCookie(https ? httpsName : httpName, {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: https,
        secrets: [getSessionSecret()],
        maxAge: maxAgeSeconds,
      });
      made.set(https, cookie);
    }
    return cookie;
  };
}

const deviceCookie = signedDeviceCookie("fr_device", "__Host-fr_device");

async function readDevice(request: Request): Promise<KnownDevice | undefined> {
  let value: unknown;
  try {
    value = await deviceCookie(isHttps(request)).parse(request.headers.get("Cookie"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { d, u } = value as Partial<KnownDevice>;
  if (typeof d !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(d) || !Array.isArray(u) || !u.every((id) => typeof id === "string")) return undefined;
  return { d, u: u.slice(0, MAX_ACCOUNTS) };
}

/** The Set-Cookie value that remembers `userId` on this device (called at every sign-in). */
export async function rememberDevice(request: Request, userId: string): Promise<string> {
  const known = await readDevice(request);
  const device: KnownDevice = {
    d: known?.d ?? crypto.randomBytes(16).toString("base64url"),
    u: [userId, ...(known?.u ?? []).filter((id) => id !== userId)].slice(0, MAX_ACCOUNTS),
  };
  return deviceCookie(isHttps(request)).serialize(device);
}

/**
 * The Set-Cookie value that clears this device's list: a shared break-room tablet keeps no
 * list of who signed in on it (ADR 028). Its sign-ins are held to the name, account and
 * address limits, like any device the account has not used before.
 */
export function forgetDevice(request: Request): Promise<string> {
  return deviceCookie(isHttps(request)).serialize("", { maxAge: 0 });
}

/** The counters one sign-in attempt is checked against and counted in. */
export interface SignInThrottle {
  /** Whether the attempt may be checked at all. */
  check(now: Date): ThrottleVerdict;
  /** A wrong password: counts in every counter the attempt belongs to. */
  fail(now: Date): void;
  /** A right password: the account's counters start again (the address's do not). */
  succeed(): void;
}

export async function signInThrottle(request: Request, input: { name: string; accountId: string | undefined; address: string }): Promise<SignInThrottle> {
  const counted: [Throttle, string][] = [
    [throttles.signInByName, signInKey(input.name)],
    [throttles.signInByAddress, input.address],
  ];
  let deviceBucket: [Throttle, string] | undefined;
  if (input.accountId) {
    counted.push([throttles.signInByAccount, input.accountId]);
    const device = await readDevice(request);
    if (device?.u.includes(input.accountId)) {
      deviceBucket = [throttles.signInByKnownDevice, `${device.d}:${input.accountId}`];
      counted.push(deviceBucket);
    }
  }
  // A device the account signed in from before is held to its own limit only.
  const checked = deviceBucket ? [deviceBucket] : counted;
  return {
    check: (now) => checkAll(checked, now),
    fail: (now) => failAll(counted, now),
    succeed: () => {
      for (const [throttle, key] of counted) if (throttle !== throttles.signInByAddress) throttle.clear(key);
    },
  };
}
