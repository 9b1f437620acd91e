/**
 * npm run bench:module [-- --seconds 8]
 * A signed-in worker's module page through the production server (Express + Remix + real
 * SQLite and session) at 50 connections, load from wrk, with the server pinned to one core
 * and wrk to the other. Baselines in the same run, on the same core: a bare node:http server
 * sending the same bytes, and a server doing only React's renderToString of the same markup.
 * Then the page's weight on a first load (HTML and every asset it loads, compressed as the
 * server sends them). Goals: ≥ 50 % of the renderToString server's throughput, p99 ≤ 25 ms,
 * first load ≤ 100 KB.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ensureWrk } from "./need-wrk.ts";
import { ms, saveResults, table } from "./results.ts";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 8;
const PORT = 3291;
const BARE_PORT = 3292;
const REACT_PORT = 3293;
const MODULE_URL = "/learn/recognize-and-respond/what-is-trafficking";

if (!fs.existsSync("build/server/index.js")) {
  console.error("No build: run `npm run build` first.");
  process.exit(1);
}
ensureWrk();
const pin = (cpu: number, cmd: string, args: string[]) => (os.cpus().length > 1 && !spawnSync("taskset", ["-V"]).error ? ["taskset", ["-c", String(cpu), cmd, ...args]] : [cmd, args]) as [string, string[]];

function start(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const [c, a] = pin(0, cmd, args);
  const child = spawn(c, a, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout!.resume();
  return child;
}

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** wrk at 50 connections for `seconds`, on core 1; requests/s and latency percentiles. */
function wrk(url: string, headers: Record<string, string>) {
  spawnSync("wrk", ["-t1", "-c10", "-d2s", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), url]); // warm-up
  const [c, a] = pin(1, "wrk", ["-t1", "-c50", `-d${seconds}s`, "--latency", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), url]);
  const out = spawnSync(c, a, { encoding: "utf8" }).stdout;
  const num = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`could not read wrk output:\n${out}`);
    const v = Number(m[1]);
    return m[2] === "s" ? v * 1000 : m[2] === "us" ? v / 1000 : v;
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (non2xx) throw new Error(`${url}: ${non2xx[1]} error responses under load`);
  return { rps: num(/Requests\/sec:\s+([\d.]+)/), p50: num(/ 50%\s+([\d.]+)(us|ms|s)/), p99: num(/ 99%\s+([\d.]+)(us|ms|s)/) };
}

/** Raw bytes on the wire for a GET with the encodings browsers offer. */
function transferred(url: string, headers: Record<string, string> = {}): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "br, gzip, deflate", ...headers } }, (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ bytes, encoding: String(res.headers["content-encoding"] ?? "identity") }));
      })
      .on("error", reject);
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-bench-"));
const server = start("node", ["--import", "tsx", "app/serve.ts"], {
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATABASE_PATH: path.join(dir, "bench.db"),
  SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
  REMINDERS: "0",
});
const others: ChildProcess[] = [];
try {
  await waitFor(`http://127.0.0.1:${PORT}/healthz`);
  const login = await fetch(`http://127.0.0.1:${PORT}/login`, {
    method: "POST",
    body: new URLSearchParams({ username: "demo-worker", password: "frontline-demo" }),
    headers: { Origin: `http://127.0.0.1:${PORT}` },
    redirect: "manual",
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const headers = { Cookie: cookie, "Accept-Encoding": "identity" };
  const html = await (await fetch(`http://127.0.0.1:${PORT}${MODULE_URL}`, { headers })).text();
  if (!html.includes("<h1")) throw new Error("module page did not render");
  const htmlFile = path.join(dir, "page.html");
  fs.writeFileSync(htmlFile, html);

  const app = wrk(`http://127.0.0.1:${PORT}${MODULE_URL}`, headers);
  server.kill("SIGTERM");
  others.push(
    start("node", ["-e", `const b=require("fs").readFileSync(${JSON.stringify(htmlFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":b.length});s.end(b)}).listen(${BARE_PORT},"127.0.0.1")`]),
  );
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`);
  const bare = wrk(`http://127.0.0.1:${BARE_PORT}/`, {});
  others.push(start("node", ["--import", "tsx", "tests/bench/render-only-server.tsx", htmlFile, String(REACT_PORT)], { NODE_ENV: "production" }));
  await waitFor(`http://127.0.0.1:${REACT_PORT}/`);
  const react = wrk(`http://127.0.0.1:${REACT_PORT}/`, {});

  // First-load weight: restart the app and fetch the page and everything it loads.
  const again = start("node", ["--import", "tsx", "app/serve.ts"], { PORT: String(PORT), HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "bench.db"), SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00", REMINDERS: "0" });
  others.push(again);
  await waitFor(`http://127.0.0.1:${PORT}/healthz`);
  const page = await transferred(`http://127.0.0.1:${PORT}${MODULE_URL}`, { Cookie: cookie });
  const assets = [...new Set([...html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:js|css))"/g), ...html.matchAll(/import\("(\/assets\/[^"]+\.js)"\)/g)].map((m) => m[1]!))];
  let assetBytes = 0;
  for (const a of assets) assetBytes += (await transferred(`http://127.0.0.1:${PORT}${a}`)).bytes;
  const weight = page.bytes + assetBytes;

  console.log(`\nModule page, wrk -c50 for ${seconds} s; server on core 0, wrk on core 1 (${process.version}, ${os.cpus().length} cores)`);
  table([
    ["server", "req/s", "p50", "p99", "× bare", "× renderToString"],
    ["frontline (Express + Remix + SQLite + session)", app.rps.toFixed(0), ms(app.p50), ms(app.p99), (app.rps / bare.rps).toFixed(2), (app.rps / react.rps).toFixed(2)],
    ["React renderToString only, same markup (baseline)", react.rps.toFixed(0), ms(react.p50), ms(react.p99), (react.rps / bare.rps).toFixed(2), "1.00"],
    ["bare node:http, same bytes (baseline)", bare.rps.toFixed(0), ms(bare.p50), ms(bare.p99), "1.00", (bare.rps / react.rps).toFixed(2)],
  ]);
  console.log(`First load of the module page: ${(weight / 1024).toFixed(1)} KB transferred (HTML ${(page.bytes / 1024).toFixed(1)} KB ${page.encoding}, ${assets.length} assets ${(assetBytes / 1024).toFixed(1)} KB).`);
  const goals = [
    `throughput ≥ 50 % of renderToString-only: ${((100 * app.rps) / react.rps).toFixed(0)} % — ${app.rps >= 0.5 * react.rps ? "met" : "NOT met"}`,
    `p99 ≤ 25 ms: ${app.p99.toFixed(1)} ms — ${app.p99 <= 25 ? "met" : "NOT met"}`,
    `first load ≤ 100 KB: ${(weight / 1024).toFixed(1)} KB — ${weight <= 100 * 1024 ? "met" : "NOT met"}`,
  ];
  for (const g of goals) console.log(`Goal: ${g}`);
  saveResults("modulePage", { seconds, connections: 50, app, renderToStringOnly: react, bareNodeHttp: bare, ratioToRenderToString: app.rps / react.rps, ratioToBare: app.rps / bare.rps, firstLoadBytes: weight, htmlBytes: page.bytes, htmlEncoding: page.encoding, assetBytes, assets: assets.length });
} finally {
  server.kill("SIGTERM");
  for (const o of others) o.kill("SIGTERM");
}
