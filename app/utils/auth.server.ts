import { createCookie, data, redirect, type AppLoadContext } from "@remix-run/node";
import { getCourseForRole } from "#app/models/content.server.ts";
import { getEmployer } from "#app/models/employer.server.ts";
import { audit } from "#app/models/audit.server.ts";
import { createSession, deleteSession, getSessionUser, SESSION_COOKIE_MAX_MS } from "#app/models/session.server.ts";
import { getCurrentEmployment, type User } from "#app/models/user.server.ts";
// A cycle (i18n.server.ts imports getUser from here): fine in ESM, as neither module uses
// the other at its top level, only inside functions called after both have loaded.
import { getT } from "#app/i18n/i18n.server.ts";
import { now } from "./clock.server.ts";
import { getEnv } from "./env.server.ts";
import { clientAddress } from "./request.server.ts";
import { getSessionSecret } from "./secret.server.ts";

/**
 * Over https the cookie is `__Host-fr_session`: Secure, Path=/ and no Domain, so no
 * subdomain or plain-http page can set or overwrite it. Over plain http (a laptop, the
 * tests) it is `fr_session`.
 */
const cookies = new Map<boolean, ReturnType<typeof createCookie>>();
function sessionCookie(https: boolean) {
  let cookie = cookies.get(https);
  if (!cookie) {
    cookie = createCookie(https ? "__Host-fr_session" : "fr_session", {
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

export function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:" || (getEnv().PUBLIC_URL ?? "").startsWith("https:");
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
    user = readSessionId(request).then((id) => (id ? getSessionUser(id, now()) : undefined));
    usersByRequest.set(request, user);
  }
  return user;
}

/** Signs the user in: a new session id each time, so a planted id is never reused. */
export async function signIn(request: Request, user: Pick<User, "id" | "kind">, redirectTo: string) {
  const old = await readSessionId(request);
  if (old) deleteSession(old);
  const session = createSession(user, now());
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionCookie(isHttps(request)).serialize(session.id) } });
}

export async function signOut(request: Request, context?: AppLoadContext) {
  const id = await readSessionId(request);
  if (id) {
    const user = getSessionUser(id, now());
    deleteSession(id);
    if (user) audit({ action: "sign-out", actor: user, clientAddress: clientAddress(context), target: { type: "user", id: user.id } }, now());
  }
  return redirect("/", { headers: { "Set-Cookie": await sessionCookie(isHttps(request)).serialize("", { maxAge: 0 }) } });
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

type GuardMessage = "guard.notAvailable" | "guard.workersCourse" | "guard.workersOnly" | "guard.noEmployer" | "guard.noCourse";

/** A guard's refusal in the request's language, for the caller to throw. */
async function refusal(request: Request, key: GuardMessage, status: number) {
  const { t } = await getT(request, "auth");
  return data(t(key), { status });
}

/** `throw await forbidden(request)`: a 403 saying why, in the request's language. */
function forbidden(request: Request, key: GuardMessage = "guard.notAvailable") {
  return refusal(request, key, 403);
}

export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) loginRedirect(request);
  return user;
}

/** A signed-in worker with a current job, and the course their role takes. */
export async function requireWorker(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "worker") throw await forbidden(request, "guard.workersCourse");
  const current = getCurrentEmployment(user.id);
  if (!current) throw await forbidden(request, "guard.noEmployer");
  const course = getCourseForRole(current.employment.jobRole);
  if (!course) throw await refusal(request, "guard.noCourse", 404);
  return { user, ...current, course };
}

/** A signed-in worker, employed or not: for their own certificates, which stay theirs. */
export async function requireWorkerAccount(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "worker") throw await forbidden(request, "guard.workersOnly");
  return user;
}

/**
 * An employer admin and the one employer they administer; any other account gets 403.
 * The employer comes from the account, never from the URL, so no URL reaches another's.
 */
export async function requireEmployerAdmin(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "employer_admin" || !user.employerId) throw await forbidden(request);
  const employer = getEmployer(user.employerId);
  if (!employer) throw await forbidden(request);
  return { admin: user as User & { employerId: string }, employer };
}

/** A council auditor, with the one jurisdiction they audit. */
export async function requireCouncil(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "council" || !user.jurisdiction) throw await forbidden(request);
  return user as User & { jurisdiction: string };
}

export async function requirePlatformAdmin(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "platform_admin") throw await forbidden(request);
  return user;
}

/** Where a user lands after signing in. */
export function homeFor(user: Pick<User, "kind" | "employerId">) {
  switch (user.kind) {
    case "worker":
      return "/learn";
    case "employer_admin":
      return user.employerId ? "/employer" : "/account";
    case "council":
      return "/council";
    case "platform_admin":
      return "/admin";
  }
}

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
