import { createCookie, data, redirect } from "@remix-run/node";
import { getCourseForRole } from "#app/models/content.server.ts";
import { createSession, deleteSession, getSessionUser } from "#app/models/session.server.ts";
import { getCurrentEmployment, type User } from "#app/models/user.server.ts";
import { now } from "./clock.server.ts";
import { getSessionSecret } from "./secret.server.ts";
import { SESSION_TTL_MS } from "#app/models/session.server.ts";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("fr_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [getSessionSecret()],
    maxAge: SESSION_TTL_MS / 1000,
  });
  return cookie;
}

function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:";
}

async function readSessionId(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export async function getUser(request: Request): Promise<User | undefined> {
  const id = await readSessionId(request);
  return id ? getSessionUser(id, now()) : undefined;
}

/** Signs the user in: a new session id each time, so a planted id is never reused. */
export async function signIn(request: Request, userId: string, redirectTo: string) {
  const old = await readSessionId(request);
  if (old) deleteSession(old);
  const session = createSession(userId, now());
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await sessionCookie().serialize(session.id, { secure: isHttps(request) }) },
  });
}

export async function signOut(request: Request) {
  const id = await readSessionId(request);
  if (id) deleteSession(id);
  return redirect("/", {
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0, secure: isHttps(request) }) },
  });
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) loginRedirect(request);
  return user;
}

/** A signed-in worker with a current job, and the course their role takes. */
export async function requireWorker(request: Request) {
  const user = await requireUser(request);
  if (user.kind !== "worker") {
    throw data("This page is for workers taking the course.", { status: 403 });
  }
  const current = getCurrentEmployment(user.id);
  if (!current) throw data("Your account is not linked to an employer. Ask your employer for a join link.", { status: 403 });
  const course = getCourseForRole(current.employment.jobRole);
  if (!course) throw data("No course is available for your role yet.", { status: 404 });
  return { user, ...current, course };
}

/** Where a user lands after signing in. */
export function homeFor(user: Pick<User, "kind">) {
  return user.kind === "worker" ? "/learn" : "/account";
}

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
