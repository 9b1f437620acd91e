import { data, redirect } from "@remix-run/node";
import { getCourseForRole } from "#app/server/content.server.ts";
import { getEmployer } from "#app/models/employer.server.ts";
import { type User } from "#app/models/user.server.ts";
import { getCurrentEmployment } from "#app/models/employment.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getUser } from "./session.server.ts";

/**
 * Guards for loaders and actions: each returns the signed-in user (and what they work on) or
 * throws the redirect or refusal the page should answer with.
 */
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

const DUMMY_ORIGIN = "http://x.invalid";

/**
 * The path `value` names on this site, as a browser reads it, or null when a browser would
 * leave the site (or the value is no path). A browser first drops every ASCII tab and
 * newline and the C0 controls and spaces at either end ("/\t/evil" is "//evil"), and treats
 * "\" as "/"; the WHATWG URL parser does the same, so the value is resolved against a dummy
 * origin and kept only when it stays there, as a path starting with a single "/". What comes
 * back is the parser's own serialization: no control character, nothing a Location header
 * refuses.
 */
function sameSitePath(value: string): string | null {
  const stripped = value.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (!stripped.startsWith("/") || stripped.startsWith("//") || stripped.startsWith("/\\")) return null;
  let url: URL;
  try {
    url = new URL(stripped, DUMMY_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== DUMMY_ORIGIN) return null;
  // "/.//evil" resolves to the path "//evil", which a browser reads as another host.
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}

/**
 * A same-site path to send the browser to, or null. Refused too: a value that leaves the
 * site once percent-decoded ("/%09/evil", "/%2F/evil"), since a page or proxy that decodes
 * it once would be led off the site.
 */
export function localPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  const path = sameSitePath(value);
  if (path === null) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  return sameSitePath(decoded) === null ? null : path;
}

/**
 * Where to send the browser after sign-in, a language switch…: `to` when it is a path on
 * this site (see localPath), else `fallback`. Call it before any write, so a bad value
 * cannot fail a request half done.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  return localPath(to) ?? fallback;
}
