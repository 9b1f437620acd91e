/**
 * Several server processes (WEB_CONCURRENCY, ADR 038), through the real production server: which
 * process answered a connection is read from /proc (the process holding the connection's socket),
 * so the server sends nothing extra.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restartDelayMs } from "#app/server/cluster.server.ts";
import { startServer, type TestServer } from "#tests/support/server.ts";

/** The node processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => a - b);
}

function alive(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The socket inode of the server side of the TCP connection from local port `clientPort` to `serverPort`. */
function serverSocketInode(serverPort: number, clientPort: number): string | undefined {
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = parseInt(f[1]!.split(":")[1]!, 16);
      const remote = parseInt(f[2]!.split(":")[1]!, 16);
      if (local === serverPort && remote === clientPort) return f[9];
    }
  }
  return undefined;
}

/** Which of `pids` holds the socket `inode`. */
function ownerOf(inode: string, pids: number[]): number | undefined {
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

interface Answer {
  status: number;
  body: string;
  /** The process that held the connection while the answer arrived. */
  pid: number | undefined;
}

/** One request on a connection of its own, kept open until the process holding it is found. */
function requestOnNewConnection(server: TestServer, pathname: string, opts: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(server.origin + pathname);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: opts.method ?? (body ? "POST" : "GET"),
        headers: body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)), Origin: server.origin } : {},
      },
      (res) => {
        const candidates = [server.pid, ...childrenOf(server.pid)];
        const inode = serverSocketInode(Number(url.port), res.socket.localPort!);
        const pid = inode ? ownerOf(inode, candidates) : undefined;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          agent.destroy();
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), pid });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (e) => {
      agent.destroy();
      reject(e);
    });
    req.end(body);
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a worker's database", () => {
  it("is opened without migrating: a database that is not migrated is refused, and left as it was", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-cluster-"));
    const file = path.join(dir, "fresh.db");
    process.env.DATABASE_PATH = file;
    const { resetEnvCache } = await import("#app/utils/env.server.ts");
    resetEnvCache();
    const { getDb, openMigratedOnly } = await import("#app/utils/db.server.ts");
    openMigratedOnly();
    expect(() => getDb()).toThrow(/has 0 of \d+ migrations applied/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe("restart back-off", () => {
  it("restarts at once after a worker that ran a while, and waits twice as long after each quick death, up to 30 s", () => {
    expect(restartDelayMs(0)).toBe(0);
    expect([1, 2, 3, 4].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(restartDelayMs(20)).toBe(30_000);
  });
});

describe("WEB_CONCURRENCY=2", () => {
  let server: TestServer;
  let workers: number[];

  beforeAll(async () => {
    // The test clock is one process's: refused with several (checked below), so off here.
    server = await startServer({ WEB_CONCURRENCY: "2", FRONTLINE_TEST_CLOCK: undefined });
    await waitFor("both workers listening", () => /2 server processes listening/.test(server.log()));
    workers = childrenOf(server.pid);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("runs two worker processes under the primary, and connections are served by both, never by the primary", async () => {
    expect(workers).toHaveLength(2);
    const served = new Set<number | undefined>();
    for (let i = 0; i < 6; i++) {
      const a = await requestOnNewConnection(server, "/healthz");
      expect(a.status).toBe(200);
      served.add(a.pid);
    }
    expect([...served].sort((a, b) => a! - b!)).toEqual(workers);
  });

  it("holds a throttle across processes: wrong passwords sent to both workers at once reach the 429 at the same count as one process", async () => {
    const wrong = { username: "cluster-probe", password: "not-the-password-123" };
    // signInByName allows 5 wrong passwords per name (app/utils/throttle.server.ts).
    const first = await Promise.all(Array.from({ length: 5 }, () => requestOnNewConnection(server, "/login", { form: wrong })));
    expect(first.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(first.map((a) => a.pid)).size).toBe(2);
    const sixth = await requestOnNewConnection(server, "/login", { form: wrong });
    expect(sixth.status).toBe(429);
    // And the other worker says the same.
    const seventh = await requestOnNewConnection(server, "/login", { form: wrong });
    expect(seventh.status).toBe(429);
    expect(new Set([sixth.pid, seventh.pid]).size).toBe(2);
  });

  it("lets both processes write at once: every failure is recorded, none is refused as busy", async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => requestOnNewConnection(server, "/login", { form: { username: `busy-probe-${i}`, password: "not-the-password-123" } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(401));
    expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
    const db = new Database(server.dbPath, { readonly: true });
    try {
      const n = db.prepare("SELECT count(*) AS n FROM throttle_hits WHERE throttle = 'sign-in per name' AND key LIKE 'busy-probe-%'").get() as { n: number };
      expect(n.n).toBe(16);
    } finally {
      db.close();
    }
  });

  it("runs the background jobs (statuses, reminders, outbox, PDF backfill) in the primary alone", () => {
    const lines = server.log().match(/Background jobs \([^)]*\) run in process \d+\./g) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`run in process ${server.pid}.`);
    expect(lines[0]).toMatch(/daily statuses, reminders, .*certificate PDF backfill/);
    // Start-up work (the seed, the migration message) happened once, in the primary.
    expect(server.log().match(/Database .* migrated/g)).toHaveLength(1);
  });

  it("restarts a worker that dies, and the other keeps answering meanwhile", async () => {
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, "SIGKILL");
    await waitFor("the worker to die", () => !alive(victim));
    await sleep(200);
    const during: Answer[] = [];
    const replacement = await waitFor("a new worker", async () => {
      during.push(await requestOnNewConnection(server, "/healthz"));
      const fresh = childrenOf(server.pid).filter((p) => p !== survivor && p !== victim && alive(p));
      return fresh.length === 1 ? fresh[0] : undefined;
    });
    expect(during.every((a) => a.status === 200)).toBe(true);
    expect(server.log()).toMatch(new RegExp(`Server process ${victim} exited \\(SIGKILL\\); starting another`));
    // The new worker serves too.
    const servedBy = await waitFor("the new worker to answer", async () => {
      const a = await requestOnNewConnection(server, "/healthz");
      return a.status === 200 && a.pid === replacement ? a.pid : undefined;
    });
    expect(servedBy).toBe(replacement);
    workers = childrenOf(server.pid);
    expect(workers).toHaveLength(2);
  }, 90_000);

  it("stops every process on SIGTERM", async () => {
    const all = [server.pid, ...childrenOf(server.pid)];
    expect(all).toHaveLength(3);
    const exited = new Promise<number | null>((resolve) => {
      const check = setInterval(() => {
        if (!alive(server.pid)) {
          clearInterval(check);
          resolve(0);
        }
      }, 50);
    });
    await server.stop();
    await exited;
    await waitFor("every process gone", () => all.every((p) => !alive(p)), 15_000);
    expect(all.filter(alive)).toEqual([]);
  }, 30_000);
});

describe("WEB_CONCURRENCY", () => {
  it("refuses to start several processes with the test clock on, saying why", async () => {
    await expect(startServer({ WEB_CONCURRENCY: "2", FRONTLINE_TEST_CLOCK: "1" })).rejects.toThrow(/exited \(1\)[\s\S]*FRONTLINE_TEST_CLOCK=1 moves the clock of one process only/);
  }, 90_000);

  it("refuses a value that is not a number of processes", async () => {
    await expect(startServer({ WEB_CONCURRENCY: "many" })).rejects.toThrow(/WEB_CONCURRENCY/);
  }, 90_000);

  it("is one process by default: no primary, no workers, and it runs the background jobs itself", async () => {
    const single = await startServer({ WEB_CONCURRENCY: undefined });
    try {
      const a = await requestOnNewConnection(single, "/healthz");
      expect(a.status).toBe(200);
      expect(a.pid).toBe(single.pid);
      expect(childrenOf(single.pid).filter((p) => /node/.test(fs.readFileSync(`/proc/${p}/cmdline`, "utf8")))).toEqual([]);
      expect(single.log().match(/Background jobs \([^)]*\) run in process \d+\./g)).toEqual([expect.stringContaining(`process ${single.pid}.`)]);
    } finally {
      await single.stop();
    }
  }, 120_000);
});
