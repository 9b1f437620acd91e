/**
 * Integration-test harness: a real temporary SQLite database (migrated and seeded with the
 * demo data), the real content/, and helpers that call route loaders and actions with
 * real Request objects, the way Remix does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { approvedContentDir } from "./approved-content.ts";

export const BASE = "http://localhost";

export async function startTestApp(opts: { seed?: boolean; content?: "shipped" | "approved" } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-test-"));
  process.env.DATABASE_PATH = path.join(dir, "test.db");
  process.env.SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
  process.env.SEED_DEMO = opts.seed === false ? "0" : "1";
  // content/ plus a test-only approval under every rule (see approved-content.ts); a test of the
  // shipped content sets CONTENT_DIR=content itself before calling.
  process.env.CONTENT_DIR = opts.content === "shipped" ? "content" : approvedContentDir();
  const { resetEnvCache } = await import("#app/utils/env.server.ts");
  resetEnvCache();
  const { initialize } = await import("#app/server/startup.server.ts");
  await initialize();
  const { getDb } = await import("#app/utils/db.server.ts");
  return { dir, db: getDb() };
}

export interface Result {
  status: number;
  headers: Headers;
  /** Loader/action data (for data() and plain objects) or the text body of a Response. */
  data: unknown;
  location: string | null;
  cookie: string | null;
}

type RouteFn = (args: never) => unknown;

function isDataWithInit(v: unknown): v is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof v === "object" && v !== null && (v as { type?: string }).type === "DataWithResponseInit";
}

async function normalize(value: unknown): Promise<Result> {
  if (value instanceof Response) {
    const ct = value.headers.get("Content-Type") ?? "";
    const body = ct.includes("json") ? await value.json() : ct.includes("pdf") || ct.includes("zip") ? new Uint8Array(await value.arrayBuffer()) : await value.text();
    return {
      status: value.status,
      headers: value.headers,
      data: body,
      location: value.headers.get("Location"),
      cookie: cookieFrom(value.headers),
    };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, headers, data: value.data, location: headers.get("Location"), cookie: cookieFrom(headers) };
  }
  return { status: 200, headers: new Headers(), data: value, location: null, cookie: null };
}

function cookieFrom(headers: Headers): string | null {
  const set = headers.get("Set-Cookie");
  return set ? set.split(";")[0]! : null;
}

export interface CallOptions {
  params?: Record<string, string>;
  cookie?: string | null;
  form?: Record<string, string | string[]> | URLSearchParams;
  body?: string;
  contentType?: string;
  /** A multipart body (file uploads); the boundary header is set by Request. */
  formData?: FormData;
  /** More request headers, e.g. Accept-Language. */
  headers?: Record<string, string>;
  /** What the HTTP server passes to loaders and actions, e.g. the client's address. */
  context?: { clientAddress?: string };
}

/** Calls a route module's loader (GET) or action (POST) and normalises what it returns or throws. */
export async function call(fn: RouteFn | undefined, url: string, opts: CallOptions & { method?: string } = {}): Promise<Result> {
  if (!fn) throw new Error("route has no such export");
  const method = opts.method ?? "GET";
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  let body: string | FormData | undefined;
  if (opts.formData) {
    body = opts.formData;
  } else if (opts.form) {
    const params = opts.form instanceof URLSearchParams ? opts.form : new URLSearchParams();
    if (!(opts.form instanceof URLSearchParams)) {
      for (const [k, v] of Object.entries(opts.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    }
    body = params.toString();
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else if (opts.body !== undefined) {
    body = opts.body;
    if (opts.contentType) headers.set("Content-Type", opts.contentType);
  }
  const request = new Request(new URL(url, BASE), { method, headers, body });
  try {
    return await normalize(await fn({ request, params: opts.params ?? {}, context: opts.context ?? {} } as never));
  } catch (thrown) {
    return normalize(thrown);
  }
}

export const post = (fn: RouteFn | undefined, url: string, opts: CallOptions = {}) => call(fn, url, { ...opts, method: "POST" });

export async function signInAs(username: string, password = "frontline-demo") {
  const login = await import("#app/routes/login.tsx");
  const res = await post(login.action , "/login", { form: { username, password } });
  if (res.status !== 302 || !res.cookie) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return res.cookie;
}

/** Counts rows of a table: tests assert that rejected requests write nothing. */
export async function countRows(table: string): Promise<number> {
  const { getDb } = await import("#app/utils/db.server.ts");
  return (getDb().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export async function snapshotCounts() {
  const tables = ["users", "employments", "sessions", "module_progress", "quiz_attempts", "attempt_answers", "certificates"];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await countRows(t);
  return out;
}

/** Joins Lakeside Inn (or `joinCode`) as a new worker and returns the session cookie. */
export async function joinAsWorker(input: { username: string; role: string; name?: string; joinCode?: string }) {
  const join = await import("#app/routes/join.$joinCode.tsx");
  const joinCode = input.joinCode ?? "LAKESIDE-INN";
  const res = await post(join.action, `/join/${joinCode}`, {
    params: { joinCode },
    form: { name: input.name ?? "Test Worker", username: input.username, password: "correct horse battery", role: input.role },
  });
  if (res.status !== 302 || !res.cookie) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.data)}`);
  return res.cookie;
}

/** Opens and completes every module of the worker's course, moving the clock instead of waiting. */
export async function completeAllModules(cookie: string) {
  const { advanceClock } = await import("#app/utils/clock.server.ts");
  const learn = await import("#app/routes/learn._index.tsx");
  const moduleRoute = await import("#app/routes/learn.$courseId.$moduleId.tsx");
  const page = await call(learn.loader, "/learn", { cookie });
  const d = page.data as { course: { id: string }; modules: { id: string; minutes: number }[] };
  for (const m of d.modules) {
    const params = { courseId: d.course.id, moduleId: m.id };
    await call(moduleRoute.loader, `/learn/${d.course.id}/${m.id}`, { cookie, params });
    advanceClock(m.minutes * 60_000);
    const res = await post(moduleRoute.action, `/learn/${d.course.id}/${m.id}`, { cookie, params, form: { intent: "complete" } });
    if (res.status !== 302) throw new Error(`completing ${m.id} failed: ${res.status}`);
  }
  return d.course.id;
}
