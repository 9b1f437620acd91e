/**
 * npm run bench:cluster [-- --seconds 10 --connections 50 --processes N]
 * One server process against several (WEB_CONCURRENCY, ADR 038), in one run: the production
 * server on one database (the demo data), serving a signed-in worker's module page as browsers
 * ask for it (`Accept-Encoding: br`), first with WEB_CONCURRENCY=1, then with N
 * (os.availableParallelism() unless --processes), same wrk connections and duration, each warmed
 * to a steady state first (4-s runs until three in a row agree on CPU per request within 5 %). Nothing is
 * pinned to a core: the point is how the processes use the machine's cores (wrk shares them).
 * Prints req/s, p50, p99, the ratio N / 1, the CPU time per request and the resident memory of
 * all the server's processes summed (peak during the run), with the machine's load average.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureWrk } from "./need-wrk.ts";
import { serveArgs } from "#tests/support/server.ts";
import { cpuMsOfStat, ms, procStat, saveResults, table, untilSteady } from "./results.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seconds = Number(arg("seconds")) || 10;
const connections = Number(arg("connections")) || 50;
const many = Number(arg("processes")) || os.availableParallelism();
const PORT = 3391;
const MODULE_URL = "/learn/recognize-and-respond/what-is-trafficking";
const SECRET = "bench-secret-bench-secret-bench-secret-00";
const PAGE_SIZE = Number(spawnSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).stdout.trim()) || 4096;

if (!fs.existsSync("build/server/index.js")) {
  console.error("No build: run `npm run build` first.");
  process.exit(1);
}
ensureWrk();

/** `pid` and every process below it. */
function tree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = procStat(Number(name));
    if (f) parentOf.set(Number(name), Number(f[1]));
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [child, parent] of parentOf) if (parent === out[i]) out.push(child);
  return out;
}
/** CPU ms (user + system) used by the process tree under `pid`. */
const cpuOf = (pid: number) => tree(pid).reduce((sum, p) => { const f = procStat(p); return sum + (f ? cpuMsOfStat(f) : 0); }, 0);
/** Resident bytes of the process tree under `pid`, summed. */
const rssOf = (pid: number) => tree(pid).reduce((sum, p) => { const f = procStat(p); return sum + (f ? Number(f[21]) * PAGE_SIZE : 0); }, 0);

async function waitFor(url: string) {
  for (let i = 0; i < 3000; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function runWrk(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", () => resolve(out));
  });
}

interface Figures {
  processes: number;
  rps: number;
  p50: number;
  p99: number;
  /** Peak resident memory of all the server's processes, summed, during the run (bytes). */
  rssPeak: number;
  rssAfter: number;
  /** CPU time (user + system) of all the server's processes per request: what other work on the machine disturbs least. */
  cpuMs: number;
  loadBefore: number;
  loadAfter: number;
  /** CPU per request of each warm-up run (ms). */
  warmup: number[];
}

async function measure(processes: number, dbPath: string): Promise<Figures> {
  const origin = `http://127.0.0.1:${PORT}`;
  const child: ChildProcess = spawn("node", serveArgs(), {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", PUBLIC_URL: origin, DATABASE_PATH: dbPath, SESSION_SECRET: SECRET, REMINDERS: "0", WEB_CONCURRENCY: String(processes), FRONTLINE_TEST_CLOCK: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let log = "";
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  try {
    await waitFor(`${origin}/healthz`);
    if (processes > 1) {
      for (let i = 0; i < 1200 && !log.includes(`${processes} server processes listening`); i++) await new Promise((r) => setTimeout(r, 100));
      if (!log.includes(`${processes} server processes listening`)) throw new Error(`the ${processes} workers did not all start:\n${log}`);
    }
    const login = await fetch(`${origin}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "demo-worker", password: "frontline-demo" }),
      headers: { Origin: origin },
      redirect: "manual",
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
    const headers = ["-H", `Cookie: ${cookie}`, "-H", "Accept-Encoding: br"];
    // A fresh demo database stores its certificates' PDFs at start: wait until the server is quiet.
    for (let i = 0; i < 60; i++) {
      const before = cpuOf(child.pid!);
      await new Promise((r) => setTimeout(r, 2000));
      if (cpuOf(child.pid!) - before < 100) break;
    }
    // Warm-up to a steady state, every process: 4-s runs until three in a row agree on CPU per request.
    const warmup = await untilSteady(async () => {
      const c0 = cpuOf(child.pid!);
      const warm = await runWrk(["-t2", `-c${connections}`, "-d4s", ...headers, `${origin}${MODULE_URL}`]);
      return (cpuOf(child.pid!) - c0) / Number(/(\d+) requests in/.exec(warm)?.[1] ?? NaN);
    });
    const loadBefore = os.loadavg()[0]!;
    let rssPeak = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(child.pid!))), 250);
    const cpu0 = cpuOf(child.pid!);
    const out = await runWrk(["-t2", `-c${connections}`, `-d${seconds}s`, "--timeout", "30s", "--latency", ...headers, `${origin}${MODULE_URL}`]);
    const cpuUsed = cpuOf(child.pid!) - cpu0;
    clearInterval(sampler);
    const rssAfter = rssOf(child.pid!);
    rssPeak = Math.max(rssPeak, rssAfter);
    const num = (re: RegExp) => {
      const m = re.exec(out);
      if (!m) throw new Error(`could not read wrk output:\n${out}`);
      const v = Number(m[1]);
      return m[2] === "s" ? v * 1000 : m[2] === "us" ? v / 1000 : v;
    };
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
    if (non2xx) throw new Error(`${non2xx[1]} error responses under load`);
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
    return { processes, rps: num(/Requests\/sec:\s+([\d.]+)/), p50: num(/ 50%\s+([\d.]+)(us|ms|s)/), p99: num(/ 99%\s+([\d.]+)(us|ms|s)/), rssPeak, rssAfter, cpuMs: requests ? cpuUsed / requests : NaN, loadBefore, loadAfter: os.loadavg()[0]!, warmup };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-bench-cluster-"));
const dbPath = path.join(dir, "bench.db");
const one = await measure(1, dbPath);
const n = await measure(many, dbPath);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `\nModule page (signed-in worker, Accept-Encoding: br), wrk -t2 -c${connections} for ${seconds} s, nothing pinned (${process.version}, ${os.availableParallelism()} cores; load average ${one.loadBefore.toFixed(1)}→${one.loadAfter.toFixed(1)} and ${n.loadBefore.toFixed(1)}→${n.loadAfter.toFixed(1)})`,
);
table([
  ["WEB_CONCURRENCY", "req/s", "p50", "p99", "CPU/req, all processes", "RSS, all processes (peak)", "RSS after"],
  ...[one, n].map((f) => [String(f.processes), f.rps.toFixed(0), ms(f.p50), ms(f.p99), ms(f.cpuMs), mb(f.rssPeak), mb(f.rssAfter)]),
]);
console.log(`Warm-up, CPU per request of each 4-s run until three in a row agree within 5 %: 1 process ${one.warmup.map((x) => x.toFixed(2)).join(" → ")} ms; ${many} processes ${n.warmup.map((x) => x.toFixed(2)).join(" → ")} ms.`);
console.log(`Ratio ${many} / 1: ${(n.rps / one.rps).toFixed(2)}× req/s, p99 ${(n.p99 / one.p99).toFixed(2)}×, CPU per request ${(n.cpuMs / one.cpuMs).toFixed(2)}×, memory ${(n.rssPeak / one.rssPeak).toFixed(2)}×.`);
saveResults("cluster", { seconds, connections, one, many: n, ratio: n.rps / one.rps });
fs.rmSync(dir, { recursive: true, force: true });
