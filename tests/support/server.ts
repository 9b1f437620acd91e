/**
 * The production server (app/serve.ts, compiled to build/node/serve.js, on the production build) in a child process, on a
 * fresh temporary database with the demo data, for tests that go through HTTP: security
 * headers, the same-origin check, throttling and the access matrix all live there.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestServer {
  origin: string;
  dbPath: string;
  /** fetch with the site's Origin on writes, no redirects followed. */
  request(pathname: string, init?: RequestOptions): Promise<Response>;
  /** Signs in through POST /login and returns the Cookie header value. */
  signIn(username: string, password?: string): Promise<string>;
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
  /** The server process id (memory figures read /proc/<pid>). */
  pid: number;
  /** Sends a signal without waiting (SIGKILL for the crash test). */
  kill(signal: NodeJS.Signals): void;
  log(): string;
}

export interface RequestOptions {
  method?: string;
  cookie?: string | null;
  form?: Record<string, string>;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Leave out the Origin header that a browser would send. */
  noOrigin?: boolean;
}

/**
 * The node arguments `npm run serve` starts the server with (package.json in `dir`), so tests and
 * benches run it as production does (compiled, with the heap cap, ADR 036): e.g.
 * ["--max-old-space-size=192", "build/node/serve.js"].
 */
export function serveArgs(dir = process.cwd()): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.serve!;
  const args = script.trim().split(/\s+/);
  if (args[0] !== "node") throw new Error(`npm run serve does not start with node: ${script}`);
  return args.slice(1);
}

/**
 * `env` adds to or overrides the server's environment; a variable given as undefined is left out.
 * PUBLIC_URL (required in production) is a made-up origin unless given: nothing the server
 * prints may depend on the address a request came to.
 */
export async function startServer(env: Record<string, string | undefined> = {}, existingDb?: string): Promise<TestServer> {
  const dbPath = existingDb ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "frontline-http-")), "http.db");
  const child: ChildProcess = spawn(process.execPath, serveArgs(), {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: dbPath,
      SEED_DEMO: "1",
      FRONTLINE_TEST_CLOCK: "1",
      SESSION_SECRET: "http-test-secret-http-test-secret-0123456",
      PUBLIC_URL: "http://frontline.test",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/Serving on http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });

  async function request(pathname: string, init: RequestOptions = {}) {
    const method = init.method ?? (init.form || init.body !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers.Cookie = init.cookie;
    if (method !== "GET" && method !== "HEAD" && !init.noOrigin && !("Origin" in headers)) headers.Origin = origin;
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["Content-Type"] ??= "application/x-www-form-urlencoded";
    }
    return fetch(origin + pathname, { method, headers, body, redirect: "manual" });
  }

  async function signIn(username: string, password = "frontline-demo") {
    const res = await request("/login", { form: { username, password } });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
    return cookie;
  }

  return {
    origin,
    dbPath,
    request,
    signIn,
    async advanceClock(ms: number) {
      const res = await fetch(`${origin}/__test/clock`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (!res.ok) throw new Error(`clock: ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
    log: () => output,
    pid: child.pid!,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

export interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  hasComponent: boolean;
}

/**
 * The Remix route manifest of the production build, with each route's full URL pattern.
 * Read in a child process: importing the server build into the test process would load
 * a second copy of the app.
 */
export function routeManifest(): (ManifestRoute & { pattern: string })[] {
  const script = `
    const b = await import(${JSON.stringify(path.resolve("build/server/index.js"))});
    console.log(JSON.stringify(Object.entries(b.routes).map(([id, r]) => ({
      id, parentId: r.parentId, path: r.path, index: !!r.index,
      hasLoader: !!r.module.loader, hasAction: !!r.module.action, hasComponent: !!r.module.default,
    }))));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`reading the route manifest failed:\n${r.stderr}`);
  const routes = JSON.parse(r.stdout.trim().split("\n").pop()!) as ManifestRoute[];
  const byId = new Map(routes.map((x) => [x.id, x]));
  const patternOf = (route: ManifestRoute): string => {
    const parent = route.parentId ? byId.get(route.parentId) : undefined;
    const base = parent ? patternOf(parent) : "";
    const own = route.path ? `/${route.path}` : "";
    return `${base}${own}`.replace(/\/+/g, "/");
  };
  return routes.map((x) => ({ ...x, pattern: patternOf(x) || "/" }));
}

/**
 * The text a reader sees in an HTML page: scripts (where the page's message table is serialized,
 * so every phrase of its namespaces is "in the HTML") and tags removed. Assert on this, not on
 * the raw HTML, when checking that a page says something.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}
