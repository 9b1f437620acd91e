/**
 * Who is signed in: the session cookie, the request's user, signing in and out. The guards
 * (auth.server.ts) and the language choice (i18n.server.ts) both read the user from here, so
 * neither imports the other.
 */
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { audit } from "#app/models/audit.server.ts";
import { createSession, deleteSession, getSessionUser, SESSION_COOKIE_MAX_MS } from "#app/models/session.server.ts";
import type { User } from "#db/schema.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress, isHttps } from "#app/utils/request.server.ts";
import { forgetDevice, rememberDevice } from "./known-device.server.ts";
import { getSharedDevice, SHARED_DEVICE_IDLE_MS, SHARED_DEVICE_SESSION_MAX_MS } from "./shared-device.server.ts";
import { getSessionSecret } from "#app/utils/secret.server.ts";
import { SESSION_COOKIE_HTTP, SESSION_COOKIE_HTTPS } from "./session-cookie.ts";

/**
 * Over https the cookie is `__Host-fr_session`: Secure, Path=/ and no Domain, so no
 * subdomain or plain-http page can set or overwrite it. Over plain http (a laptop, the
 * tests) it is `fr_session`.
 */
const cookies = new Map<boolean, ReturnType<typeof createCookie>>();
function sessionCookie(https: boolean) {
  let cookie = cookies.get(https);
  if (!cookie) {
    cookie = createCookie(https ? SESSION_COOKIE_HTTPS : SESSION_COOKIE_HTTP, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: https,
      secrets: [getSessionSecret()],
      maxAge: SESSION_COOKIE_MAX_MS / 1000,
    });
    cookies.set(https, cookie);
  }
  return cookie;
}

async function readSessionId(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie(isHttps(request)).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The root loader and the page's loader both ask: one session lookup per request. */
const usersByRequest = new WeakMap<Request, Promise<User | undefined>>();

export function getUser(request: Request): Promise<User | undefined> {
  let user = usersByRequest.get(request);
  if (!user) {
    // On a shared tablet the session ends after a few idle minutes, here on the server (ADR 028).
    user = Promise.all([readSessionId(request), getSharedDevice(request)]).then(([id, shared]) =>
      id ? getSessionUser(id, now(), shared ? { idleMs: SHARED_DEVICE_IDLE_MS } : {}) : undefined,
    );
    usersByRequest.set(request, user);
  }
  return user;
}

/**
 * Signs the user in: a new session id each time, so a planted id is never reused. The device
 * is remembered as one this account signs in from (see known-device.server.ts), except a
 * shared tablet, which remembers no one and whose sessions are short (ADR 028). `redirectTo`
 * comes from safeRedirect or homeFor (auth.server.ts), never straight from a request.
 */
export async function signIn(request: Request, user: Pick<User, "id" | "kind">, redirectTo: string) {
  const old = await readSessionId(request);
  if (old) deleteSession(old);
  const shared = await getSharedDevice(request);
  const session = createSession(user, now(), undefined, shared ? { absoluteMs: SHARED_DEVICE_SESSION_MAX_MS } : {});
  const headers = new Headers();
  // The session cookie first: tests and tools that read one cookie read this one.
  headers.append("Set-Cookie", await sessionCookie(isHttps(request)).serialize(session.id));
  headers.append("Set-Cookie", shared ? await forgetDevice(request) : await rememberDevice(request, user.id));
  return redirect(redirectTo, { headers });
}

/** Why a shared tablet's session ended, as its start page says it (/shared?ended=…). */
export type SharedEnd = "done" | "idle" | "passed";

/**
 * Signs out: the session is deleted and its cookie cleared. A shared tablet goes back to its
 * start page (/shared), saying why the last session ended; any other device to the home page.
 */
export async function signOut(request: Request, context?: AppLoadContext, ended: SharedEnd = "done") {
  const id = await readSessionId(request);
  if (id) {
    const user = getSessionUser(id, now());
    deleteSession(id);
    if (user) audit({ action: "sign-out", actor: user, clientAddress: clientAddress(context), target: { type: "user", id: user.id } }, now());
  }
  const shared = await getSharedDevice(request);
  return redirect(shared ? `/shared?ended=${ended}` : "/", { headers: { "Set-Cookie": await sessionCookie(isHttps(request)).serialize("", { maxAge: 0 }) } });
}

