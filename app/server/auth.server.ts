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

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
