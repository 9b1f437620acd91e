/**
 * npm run bench:module [-- --seconds 8 --rounds 1 --variants dirA,dirB --labels a,b --port 3291]
 * A signed-in worker's module page through the production server (node:http + Remix + real
 * SQLite and session) at 50 connections, load from wrk, with the server pinned to one core
 * and wrk to the other, asked for as browsers do (`Accept-Encoding: br`) and uncompressed
 * (`identity`). Baselines in the same run, on the same core (ADR 036):
 * - the floor: a minimal Remix app with the same routes (stubs) on the same adapter (the
 *   app's node:http pipeline, compression and Remix handler), whose module route renders this
 *   page's markup (tests/bench/floor-app.ts), with br and identity;
 * - a server doing only React's renderToString of the same markup;
 * - a bare node:http server sending the same bytes.
 * Every target is first warmed to a steady state (4-s runs until three in a row agree on CPU per request
 * within 5 %), then measured in 4-s slices, the targets taking turns, so a slow spell of a
 * shared machine falls on all of them alike.
 * `--variants` compares builds of other checkouts of the app (directories holding a `build/`
 * and the app's sources, e.g. `git archive` of a commit + `npm run build`) in the same run:
 * every target is measured once per round, in turn (A/B interleaved), and the median of the
 * rounds is printed, then each variant against the first (CPU per request and req/s, same run):
 * e.g. `--variants /tmp/express-build,. --labels express,node:http` for the server before and
 * after ADR 036's "Express → node:http" (the first a `git archive` of the commit before it, its
 * node_modules a link to this checkout's, plus `npm run build`). Then the page's weight on a first load (HTML and every asset it loads,
 * compressed as the server sends them). Goals (issue 17): the module page ≥ 85 % of the floor
 * and ≥ 6 % of renderToString, with br; first load ≤ 100 KB.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { buildFloorApp } from "./floor-app.ts";
import { ensureWrk } from "./need-wrk.ts";
import { serveArgs } from "#tests/support/server.ts";
import { cpuMsOf, median, ms, saveResults, table, untilSteady } from "./results.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seconds = Number(arg("seconds")) || 8;
const rounds = Number(arg("rounds")) || 1;
const variants = (arg("variants") ?? ".").split(",").map((d) => path.resolve(d));
const labels = arg("labels")?.split(",") ?? [];
if (labels.length && labels.length !== variants.length) {
  console.error(`--labels names ${labels.length} variants, --variants gives ${variants.length}.`);
  process.exit(1);
}
// --port moves every port the bench listens on (PORT+1..+3, PORT+10, +20, …), beside other runs.
const PORT = Number(arg("port")) || 3291;
const BARE_PORT = PORT + 1;
const REACT_PORT = PORT + 2;
const FLOOR_PORT = PORT + 3;
const MODULE_URL = "/learn/recognize-and-respond/what-is-trafficking";
const SECRET = "bench-secret-bench-secret-bench-secret-00";

for (const v of variants) {
  if (!fs.existsSync(path.join(v, "build/server/index.js"))) {
    console.error(`No build in ${v}: run \`npm run build\` first.`);
    process.exit(1);
  }
}
ensureWrk();
const pin = (cpu: number, cmd: string, args: string[]) => (os.cpus().length > 1 && !spawnSync("taskset", ["-V"]).error ? ["taskset", ["-c", String(cpu), cmd, ...args]] : [cmd, args]) as [string, string[]];

function start(cmd: string, args: string[], env: Record<string, string> = {}, cwd = process.cwd()): ChildProcess {
  const [c, a] = pin(0, cmd, args);
  const child = spawn(c, a, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout!.resume();
  return child;
}

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

type Run = { rps: number; p50: number; p99: number; cpuMs: number };
type Slice = Run & { requests: number; cpuTotalMs: number; seconds: number };
/**
 * wrk at 50 connections for `seconds`, on core 1; requests/s, latency percentiles, and the
 * server's CPU time per request read from /proc — the figure other work on a shared machine
 * disturbs least (throughput and latency follow how much of the core the server gets).
 */
function wrk(url: string, headers: Record<string, string>, pid: number, secs: number): Slice {
  const h = Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const [c, a] = pin(1, "wrk", ["-t1", "-c50", `-d${secs}s`, "--timeout", "30s", "--latency", ...h, url]);
  const cpu0 = cpuMsOf(pid);
  const out = spawnSync(c, a, { encoding: "utf8" }).stdout;
  const cpuMs = cpuMsOf(pid) - cpu0;
  const num = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`could not read wrk output:\n${out}`);
    const v = Number(m[1]);
    return m[2] === "s" ? v * 1000 : m[2] === "us" ? v / 1000 : v;
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (non2xx) throw new Error(`${url}: ${non2xx[1]} error responses under load`);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return { rps: num(/Requests\/sec:\s+([\d.]+)/), p50: num(/ 50%\s+([\d.]+)(us|ms|s)/), p99: num(/ 99%\s+([\d.]+)(us|ms|s)/), cpuMs: requests ? cpuMs / requests : NaN, requests, cpuTotalMs: cpuMs, seconds: secs };
}
const mid = (runs: Run[]): Run => ({ rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), cpuMs: median(runs.map((r) => r.cpuMs)) });

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
const children: ChildProcess[] = [];
const appEnv = (port: number, db: string) => ({ PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: db, SESSION_SECRET: SECRET, REMINDERS: "0" });
try {
  // Each variant on its own port and database, all started before the first measurement.
  const apps: { label: string; dir: string; origin: string; cookie: string; pid: number }[] = [];
  for (const [i, v] of variants.entries()) {
    const port = PORT + 10 * (i + 1);
    const child = start("node", serveArgs(v), appEnv(port, path.join(dir, `bench-${i}.db`)), v);
    children.push(child);
    apps.push({ label: labels[i] ?? (variants.length > 1 ? path.basename(v) : "frontline"), dir: v, origin: `http://127.0.0.1:${port}`, cookie: "", pid: child.pid! });
  }
  for (const a of apps) {
    await waitFor(`${a.origin}/healthz`);
    const login = await fetch(`${a.origin}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "demo-worker", password: "frontline-demo" }),
      headers: { Origin: a.origin },
      redirect: "manual",
    });
    a.cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  }
  // A fresh demo database makes each server store its certificates' PDFs at start (a PDF
  // thread in the same process): wait until every server is quiet (< 5 % of a core over 2 s),
  // or its CPU would count against the pages.
  for (const a of apps) {
    for (let i = 0; i < 120; i++) {
      const before = cpuMsOf(a.pid);
      await new Promise((r) => setTimeout(r, 2000));
      if (cpuMsOf(a.pid) - before < 100) break;
    }
  }
  // The checkout the bench runs in (when it is one of the variants) is the one the goals are about.
  const main = apps.find((a) => a.dir === process.cwd()) ?? apps[0]!;
  const html = await (await fetch(`${main.origin}${MODULE_URL}`, { headers: { Cookie: main.cookie, "Accept-Encoding": "identity" } })).text();
  if (!html.includes("<h1")) throw new Error("module page did not render");
  const htmlFile = path.join(dir, "page.html");
  fs.writeFileSync(htmlFile, html);

  const floorDir = buildFloorApp(htmlFile);
  const floorServer = start("node", ["--import", "tsx", "server.ts"], { PORT: String(FLOOR_PORT), NODE_ENV: "production" }, floorDir);
  const bareServer = start("node", ["-e", `const b=require("fs").readFileSync(${JSON.stringify(htmlFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":b.length});s.end(b)}).listen(${BARE_PORT},"127.0.0.1")`]);
  const reactServer = start("node", ["--import", "tsx", "tests/bench/render-only-server.tsx", htmlFile, String(REACT_PORT)], { NODE_ENV: "production" });
  children.push(floorServer, bareServer, reactServer);
  const floorUrl = `http://127.0.0.1:${FLOOR_PORT}${MODULE_URL}`;
  await waitFor(floorUrl);
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`);
  await waitFor(`http://127.0.0.1:${REACT_PORT}/`);

  const encodings = ["br", "identity"] as const;
  const targets: { key: string; url: string; headers: Record<string, string>; pid: number }[] = [];
  for (const enc of encodings) {
    for (const a of apps) targets.push({ key: `${a.label} ${enc}`, url: `${a.origin}${MODULE_URL}`, headers: { Cookie: a.cookie, "Accept-Encoding": enc }, pid: a.pid });
    targets.push({ key: `floor ${enc}`, url: floorUrl, headers: { "Accept-Encoding": enc }, pid: floorServer.pid! });
  }
  targets.push({ key: "renderToString", url: `http://127.0.0.1:${REACT_PORT}/`, headers: {}, pid: reactServer.pid! });
  targets.push({ key: "bare", url: `http://127.0.0.1:${BARE_PORT}/`, headers: {}, pid: bareServer.pid! });
  // Warm-up to a steady state, then the targets measured in turn in short slices. A fresh
  // server's CPU per page falls for tens of seconds under load (the JIT, the heap growing to its
  // working size): on one server in 5-s runs at c50, 6.5 → 4.3 → 4.0 → 4.0 → 3.9 → 3.8 ms with
  // br; a 2-s warm-up charged that to whichever target came first. And on these shared machines
  // the cores slow down for minutes at a time (renderToString itself read 0.16 ms in one round
  // and 0.28 ms in the next): a target measured in one block may meet such a spell that the
  // others miss. So: each target is loaded at c50 in 4-s runs until three in a row agree on CPU
  // per request within 5 % (at most 12 runs); then every round gives each target
  // `seconds` in 4-s slices, the targets taking turns slice by slice, so a slow spell falls on
  // all of them alike. (A slice ends with up to 50 requests in flight whose CPU is counted and
  // which are not: ≤ 50 / requests of the slice, e.g. 5 % for 1,000 requests; more for the
  // slowest targets, which makes their share of a baseline err low, not high.)
  const warmups: Record<string, number[]> = {};
  for (const t of targets) warmups[t.key] = await untilSteady(() => wrk(t.url, t.headers, t.pid, 4).cpuMs);
  const SLICE_SECONDS = Math.min(4, seconds);
  const slicesPerRound = Math.max(1, Math.round(seconds / SLICE_SECONDS));
  const runs = new Map<string, Run[]>(targets.map((t) => [t.key, []]));
  const slices = new Map<string, number[][]>(targets.map((t) => [t.key, []]));
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = new Map<string, Slice[]>(targets.map((t) => [t.key, []]));
    for (let i = 0; i < slicesPerRound; i++) {
      for (const t of targets) {
        round.get(t.key)!.push(wrk(t.url, t.headers, t.pid, SLICE_SECONDS));
        loads.push(os.loadavg()[0]!);
      }
    }
    for (const [key, ss] of round) {
      const requests = ss.reduce((n, x) => n + x.requests, 0);
      const cpu = ss.reduce((n, x) => n + x.cpuTotalMs, 0);
      const secs = ss.reduce((n, x) => n + x.seconds, 0);
      // Latency percentiles cannot be merged from wrk's summaries: the median of the slices'.
      runs.get(key)!.push({ rps: requests / secs, p50: median(ss.map((x) => x.p50)), p99: median(ss.map((x) => x.p99)), cpuMs: cpu / requests });
      slices.get(key)!.push(ss.map((x) => x.cpuMs));
    }
  }
  const res = new Map([...runs].map(([k, v]) => [k, mid(v)]));
  console.log(`Warm-up: CPU per request of each 4-s run at c50, until three in a row agree within 5 % (ms):`);
  for (const [k, v] of Object.entries(warmups)) console.log(`  ${k}: ${v.map((x) => x.toFixed(2)).join(" → ")}`);
  console.log(`Measured: CPU per request of each ${SLICE_SECONDS}-s slice, targets in turn (ms; rounds separated by ";"):`);
  for (const [k, v] of slices) console.log(`  ${k}: ${v.map((round) => round.map((x) => x.toFixed(2)).join(" ")).join("; ")}`);
  const react = res.get("renderToString")!;
  const bare = res.get("bare")!;

  // First-load weight of the first variant.
  const page = await transferred(`${main.origin}${MODULE_URL}`, { Cookie: main.cookie });
  const assets = [...new Set([...html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:js|css))"/g), ...html.matchAll(/import\("(\/assets\/[^"]+\.js)"\)/g)].map((m) => m[1]!))];
  let assetBytes = 0;
  for (const a of assets) assetBytes += (await transferred(`${main.origin}${a}`)).bytes;
  const weight = page.bytes + assetBytes;

  console.log(
    `\nModule page, wrk -c50 for ${seconds} s (${slicesPerRound} slice(s) of ${SLICE_SECONDS} s, targets in turn) × ${rounds} round(s), medians; server on core 0, wrk on core 1 (${process.version}, ${os.cpus().length} cores, load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)})`,
  );
  // Shares are of pages per CPU-second (1 / CPU per request): a share of throughput on an idle core.
  const share = (x: Run, of: Run) => of.cpuMs / x.cpuMs;
  const rows: (string | number)[][] = [["server", "Accept-Encoding", "CPU/req", "req/s", "p50", "p99", "× floor", "× renderToString"]];
  for (const enc of encodings) {
    const floor = res.get(`floor ${enc}`)!;
    for (const a of apps) {
      const x = res.get(`${a.label} ${enc}`)!;
      rows.push([a.label, enc, ms(x.cpuMs), x.rps.toFixed(0), ms(x.p50), ms(x.p99), share(x, floor).toFixed(2), share(x, react).toFixed(3)]);
    }
    rows.push(["floor: minimal Remix, same routes and adapter", enc, ms(floor.cpuMs), floor.rps.toFixed(0), ms(floor.p50), ms(floor.p99), "1.00", share(floor, react).toFixed(3)]);
  }
  rows.push(["React renderToString only, same markup", "identity", ms(react.cpuMs), react.rps.toFixed(0), ms(react.p50), ms(react.p99), "", "1.000"]);
  rows.push(["bare node:http, same bytes", "identity", ms(bare.cpuMs), bare.rps.toFixed(0), ms(bare.p50), ms(bare.p99), "", share(bare, react).toFixed(3)]);
  table(rows);
  // Each variant against the first, in the same run: CPU per request (less is better) and req/s.
  const versus: { variant: string; against: string; encoding: string; cpuRatio: number; rpsRatio: number; cpuRatioPerRound: number[] }[] = [];
  if (apps.length > 1) {
    const base = apps[0]!;
    const vs: (string | number)[][] = [["variant", "against", "Accept-Encoding", "CPU/req", "CPU/req before", "CPU ratio", "pages per CPU-second", "req/s", "req/s before", "req/s ratio", "CPU ratio, each round"]];
    for (const enc of encodings) {
      const b = res.get(`${base.label} ${enc}`)!;
      for (const a of apps.slice(1)) {
        const x = res.get(`${a.label} ${enc}`)!;
        // Within a round the two were measured one after the other: the spread of these is the noise.
        const before = runs.get(`${base.label} ${enc}`)!;
        const perRound = runs.get(`${a.label} ${enc}`)!.map((r, i) => r.cpuMs / before[i]!.cpuMs);
        versus.push({ variant: a.label, against: base.label, encoding: enc, cpuRatio: x.cpuMs / b.cpuMs, rpsRatio: x.rps / b.rps, cpuRatioPerRound: perRound });
        vs.push([a.label, base.label, enc, ms(x.cpuMs), ms(b.cpuMs), (x.cpuMs / b.cpuMs).toFixed(2), `×${(b.cpuMs / x.cpuMs).toFixed(2)}`, x.rps.toFixed(0), b.rps.toFixed(0), (x.rps / b.rps).toFixed(2), perRound.map((r) => r.toFixed(2)).join(" ")]);
      }
    }
    console.log(`\nEach variant against ${base.label}, same run (medians of ${rounds} round(s)):`);
    table(vs);
  }
  console.log(`First load of the module page: ${(weight / 1024).toFixed(1)} KB transferred (HTML ${(page.bytes / 1024).toFixed(1)} KB ${page.encoding}, ${assets.length} assets ${(assetBytes / 1024).toFixed(1)} KB).`);
  const app = res.get(`${main.label} br`)!;
  const floorBr = res.get("floor br")!;
  const goals = [
    `module page ≥ 85 % of the floor, with br: ${(100 * share(app, floorBr)).toFixed(0)} % — ${share(app, floorBr) >= 0.85 ? "met" : "NOT met"}`,
    `module page ≥ 6 % of renderToString-only, with br: ${(100 * share(app, react)).toFixed(1)} % — ${share(app, react) >= 0.06 ? "met" : "NOT met"}`,
    `first load ≤ 100 KB: ${(weight / 1024).toFixed(1)} KB — ${weight <= 100 * 1024 ? "met" : "NOT met"}`,
  ];
  for (const g of goals) console.log(`Goal: ${g}`);
  console.log(
    `p99 at 50 connections, br: ${app.p99.toFixed(0)} ms measured; on a core of its own, 50 requests queue ${(50 * app.cpuMs).toFixed(0)} ms (50 × ${app.cpuMs.toFixed(2)} ms of CPU each): p99 < 100 ms needs CPU per page < 2 ms, or more cores.`,
  );
  saveResults("modulePage", {
    seconds,
    rounds,
    connections: 50,
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    warmups,
    sliceSeconds: SLICE_SECONDS,
    slicesPerRound,
    slices: Object.fromEntries(slices),
    runs: Object.fromEntries(res),
    app,
    appIdentity: res.get(`${main.label} identity`),
    floorBr,
    floorIdentity: res.get("floor identity"),
    renderToStringOnly: react,
    bareNodeHttp: bare,
    versus,
    ratioToFloorBr: share(app, floorBr),
    ratioToRenderToStringBr: share(app, react),
    firstLoadBytes: weight,
    htmlBytes: page.bytes,
    htmlEncoding: page.encoding,
    assetBytes,
    assets: assets.length,
  });
} finally {
  for (const c of children) c.kill("SIGTERM");
}
