/**
 * npm run bench:module [-- --n 1000]
 * Latency of a signed-in worker's module page through the production server (Express +
 * Remix, real SQLite, real session), one request at a time, against a bare node:http
 * server returning the same bytes in the same run (the baseline). Needs a build
 * (npm run build). For throughput at 50 connections see issue "Measured" (wrk).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ms, percentile, saveResults, table } from "./results.ts";

const n = Number(process.argv[process.argv.indexOf("--n") + 1]) || 1000;
const PORT = 3291;
const BARE_PORT = 3292;
const MODULE_URL = "/learn/recognize-and-respond/what-is-trafficking";

if (!fs.existsSync("build/server/index.js")) {
  console.error("No build: run `npm run build` first.");
  process.exit(1);
}

function start(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout!.resume();
  return child;
}

async function waitFor(url: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function sample(url: string, headers: Record<string, string>) {
  for (let i = 0; i < 100; i++) await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p90: percentile(times, 90), p99: percentile(times, 99), bytes };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-bench-"));
const server = start("node", ["--import", "tsx", "app/serve.ts"], {
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATABASE_PATH: path.join(dir, "bench.db"),
  SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
});
let bare: ChildProcess | undefined;
try {
  await waitFor(`http://127.0.0.1:${PORT}/healthz`);
  const login = await fetch(`http://127.0.0.1:${PORT}/login`, {
    method: "POST",
    body: new URLSearchParams({ username: "demo-worker", password: "frontline-demo" }),
    // Form posts must come from the site itself (same-origin check).
    headers: { Origin: `http://127.0.0.1:${PORT}` },
    redirect: "manual",
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const headers = { Cookie: cookie, "Accept-Encoding": "identity" };
  const html = await (await fetch(`http://127.0.0.1:${PORT}${MODULE_URL}`, { headers })).text();
  if (!html.includes("<h1")) throw new Error("module page did not render");

  const htmlFile = path.join(dir, "page.html");
  fs.writeFileSync(htmlFile, html);
  bare = start(
    "node",
    ["-e", `const b=require("fs").readFileSync(${JSON.stringify(htmlFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":b.length});s.end(b)}).listen(${BARE_PORT},"127.0.0.1")`],
    {},
  );
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`);

  const app = await sample(`http://127.0.0.1:${PORT}${MODULE_URL}`, headers);
  const baseline = await sample(`http://127.0.0.1:${BARE_PORT}/`, {});
  console.log(`Module page, ${n} sequential requests after 100 warm-up (${process.version}, ${os.cpus().length} cores)`);
  table([
    ["server", "p50", "p90", "p99", "bytes"],
    ["frontline (Express + Remix + SQLite)", ms(app.p50), ms(app.p90), ms(app.p99), app.bytes],
    ["bare node:http, same bytes (baseline)", ms(baseline.p50), ms(baseline.p90), ms(baseline.p99), baseline.bytes],
  ]);
  console.log(`ratio of p50 (app / bare): ${(app.p50 / baseline.p50).toFixed(1)}×`);
  saveResults("modulePageLatency", { n, app, bareNodeHttp: baseline, p50Ratio: app.p50 / baseline.p50 });
} finally {
  server.kill("SIGTERM");
  bare?.kill("SIGTERM");
}
