/**
 * `npm run bench:exports [-- --base 50]`: what an employer's exports cost as the roster grows
 * (ADR 037). Three employers of base, 10× and 100× workers (default 50 / 500 / 5,000), every
 * worker certified through the app's own path: an attempt drawn (getOrStartAttempt), passed
 * (submitAttempt: graded, audited, certificate issued, statuses settled) and its PDF rendered in
 * the PDF pool and stored (certificatePdf, what storeCertificatePdfSoon runs after the answer).
 * For each size: roster.csv streamed, the compliance report drawn (no stored version) and
 * stored (the roster unchanged), and the audit bundle cold (its report to draw) and warm (stored),
 * with ms per row and growth ratios (1× is linear). Then the 100× report drawn while a small
 * request is asked every 20 ms of this process's HTTP server: its latency with and without.
 * `--report-only N`: only the last part, for one employer of N workers (their certificates issued
 * through the app, their PDFs not stored), which takes minutes instead of most of an hour.
 * Goals: bundle of 500 workers ≤ 5 s cold, ≤ 2 s warm; report of 5,000 rows ≤ 10 s, delaying
 * other requests ≤ 50 ms. A shared 2-core machine: the load average is printed.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ms, percentile, saveResults, table } from "./results.ts";

const at = process.argv.indexOf("--base");
const BASE = at > 0 ? Number(process.argv[at + 1]) : 50;
// `--report-only 5000`: one employer of that many workers, certified through the app's own path
// but without storing their certificate PDFs (the report does not read them; storing 5,000 PDFs
// takes most of the setup), then only the report drawn beside the probe (the last section).
const ro = process.argv.indexOf("--report-only");
const REPORT_ONLY = ro > 0 ? Number(process.argv[ro + 1]) : 0;
if (ro > 0 && !(Number.isInteger(REPORT_ONLY) && REPORT_ONLY > 0)) throw new Error("--report-only takes a number of workers, e.g. --report-only 5000");
const SIZES = REPORT_ONLY ? [REPORT_ONLY] : [BASE, BASE * 10, BASE * 100];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-bench-exports-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.SEED_DEMO = "0";
process.env.SESSION_SECRET = "bench-secret-bench-secret-bench-secret-00";
process.env.NODE_ENV = "production";
process.env.REMINDERS = "0";

const { initialize } = await import("#app/server/startup.server.ts");
await initialize();
const { getDb } = await import("#app/utils/db.server.ts");
const { changeStatuses } = await import("#app/models/status.server.ts");
const { createEmployer } = await import("#app/models/employer.server.ts");
const { addEmployments } = await import("#app/models/employment.server.ts");
const { getOrStartAttempt, submitAttempt } = await import("#app/models/quiz.server.ts");
const { certificatePdf } = await import("#app/models/certificate-pdf.server.ts");
const { getCertificateByCode } = await import("#app/models/certificate.server.ts");
const { getCourseForRole } = await import("#app/server/content.server.ts");
const { getEmployerRoster, readEmployerRoster } = await import("#app/models/compliance.server.ts");
const { auditBundle, employerReport, rosterCsvStream } = await import("#app/models/exports.server.ts");
const { stopPdfWorker } = await import("#app/pdf/pool.server.ts");
const { newId } = await import("#app/utils/ids.server.ts");

const DAY = 86_400_000;
const db = getDb();
const ROLES = ["front-desk", "housekeeping", "maintenance", "food-beverage", "security"];
const FIRST = ["Maria", "José", "Ana", "Chidi", "Lukas", "Mei", "Omar", "Greta", "Samuel", "Ines", "Kwame", "Priya", "Tomás", "Yuki"];
const LAST = ["Lopez", "Núñez", "Torres", "Okafor", "Nowak", "Chen", "Haddad", "Lindqvist", "Park", "Duarte", "Mensah", "Shah", "Ruiz", "Sato"];

/** An employer of `n` workers, each with an account and a certificate issued and stored by the app. */
async function makeEmployer(n: number, options: { storePdfs: boolean } = { storePdfs: true }) {
  const now = new Date();
  const employer = createEmployer({ name: `Hotel of ${n}`, sector: "lodging", jurisdiction: "US-TX", county: "Travis", joinCode: `HOTEL-${n}` }, now);
  // Accounts without a password (signing in is not measured): the roster rows through the app's own insert.
  const insUser = db.$client.prepare("INSERT INTO users (id, username, name, email, password_hash, kind, created_at) VALUES (?, ?, ?, NULL, 'x', 'worker', ?)");
  const people = Array.from({ length: n }, (_, i) => ({ userId: newId(), name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`, role: ROLES[i % ROLES.length]!, i }));
  const rows = changeStatuses(now, (tx) => {
    for (const p of people) insUser.run(p.userId, `h${n}-w${p.i}`, p.name, now.getTime());
    return addEmployments(
      people.map((p) => ({ userId: p.userId, employerId: employer.id, fullName: p.name, employeeId: `E${p.i}`, jobRole: p.role, hireDate: new Date(now.getTime() - ((p.i * 37) % 300) * DAY).toISOString().slice(0, 10) })),
      now,
      tx,
    );
  });
  let stored = 0;
  for (const [i, employment] of rows.entries()) {
    const course = getCourseForRole(employment.jobRole)!;
    const attempt = getOrStartAttempt(employment.userId!, employment, course, now);
    const byId = new Map(course.questions.map((q) => [q.id, q]));
    const answers = Object.fromEntries(attempt.questions.map((aq) => [aq.questionId, byId.get(aq.questionId)!.choices.filter((c) => c.correct).map((c) => c.id)]));
    const result = submitAttempt({ userId: employment.userId!, course, attemptId: attempt.id, answers, attested: true, language: i % 4 === 0 ? "es" : "en" }, now);
    if (result.kind !== "graded" || !result.certificate) throw new Error(`worker ${i}: ${result.kind}`);
    if (!options.storePdfs) continue;
    await certificatePdf(getCertificateByCode(result.certificate.code)!);
    stored++;
  }
  return { employer, stored };
}

async function drain(stream: ReadableStream<Uint8Array>) {
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}
const admin = { id: "bench-admin", kind: "employer_admin" as const, name: "Bench Admin" };
const forget = (employerId: string) => db.$client.prepare("DELETE FROM report_pdfs WHERE employer_id = ?").run(employerId);
async function timed<T>(fn: () => Promise<T>) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

console.log(
  REPORT_ONLY
    ? `Building an employer of ${REPORT_ONLY} workers, certificates issued through the app (their PDFs not stored: the report does not read them)…`
    : `Building employers of ${SIZES.join(", ")} workers, certificates issued and stored through the app…`,
);
const built: { n: number; employer: Awaited<ReturnType<typeof makeEmployer>>["employer"]; setupMs: number }[] = [];
for (const n of SIZES) {
  const t = performance.now();
  const { employer } = await makeEmployer(n, { storePdfs: !REPORT_ONLY });
  built.push({ n, employer, setupMs: performance.now() - t });
}

type Figures = { n: number; csvMs: number; csvBytes: number; reportDrawMs: number; reportStoredMs: number; reportBytes: number; bundleColdMs: number; bundleWarmMs: number; bundleBytes: number; heapMb: number };
const figures: Figures[] = [];
// Warm-up: the PDF pool's threads started, fonts read.
await employerReport(built[0]!.employer, getEmployerRoster(built[0]!.employer, new Date()), admin, new Date());
for (const { n, employer } of REPORT_ONLY ? [] : built) {
  const csv = await timed(async () => drain(rosterCsvStream(getEmployerRoster(employer, new Date()))));
  forget(employer.id);
  const draw = await timed(() => employerReport(employer, getEmployerRoster(employer, new Date()), admin, new Date()));
  const stored = await timed(() => employerReport(employer, getEmployerRoster(employer, new Date()), admin, new Date()));
  if (!stored.value.stored) throw new Error("the report was not stored");
  forget(employer.id);
  const cold = await timed(async () => drain((await auditBundle({ employer, admin }, new Date())).stream));
  const warm = await timed(async () => drain((await auditBundle({ employer, admin }, new Date())).stream));
  figures.push({
    n,
    csvMs: csv.ms,
    csvBytes: csv.value,
    reportDrawMs: draw.ms,
    reportStoredMs: stored.ms,
    reportBytes: draw.value.pdf.length,
    bundleColdMs: cold.ms,
    bundleWarmMs: warm.ms,
    bundleBytes: warm.value,
    heapMb: process.memoryUsage().heapUsed / 1e6,
  });
}

// The 100× report drawn while this process answers a small request every 20 ms.
const big = built[built.length - 1]!;
const probeCode = (db.$client.prepare("SELECT code FROM certificates LIMIT 1").get() as { code: string }).code;
const server = http.createServer((_req, res) => {
  const cert = getCertificateByCode(probeCode);
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify({ code: cert?.code, holder: cert?.holderName }));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const ask = () =>
  new Promise<number>((resolve, reject) => {
    const t = performance.now();
    http
      .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(performance.now() - t));
      })
      .on("error", reject);
  });
async function probe(whileRunning: Promise<unknown>) {
  const latencies: number[] = [];
  let done = false;
  void whileRunning.finally(() => (done = true));
  while (!done) {
    latencies.push(await ask());
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies.sort((a, b) => a - b);
}
const idle = await probe(new Promise((r) => setTimeout(r, 3000)));
forget(big.employer.id);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let concurrentReportMs = 0;
// Started once the probe is running: reading the roster and building the report's data run on
// this thread (the drawing runs in the pool's report thread), and that is the delay to see.
const during = await probe(
  new Promise((r) => setTimeout(r, 100)).then(async () => {
    const t0 = performance.now();
    // As the report route reads it: in pages, with the event loop free between them.
    await employerReport(big.employer, await readEmployerRoster(big.employer, new Date()), admin, new Date());
    concurrentReportMs = performance.now() - t0;
  }),
);
loop.disable();
// The same report with the roster read in one synchronous block (as before ADR 037's paging), for
// the event loop's longest pause in the same run.
forget(big.employer.id);
const loopWhole = monitorEventLoopDelay({ resolution: 5 });
loopWhole.enable();
await new Promise((r) => setTimeout(r, 100));
await employerReport(big.employer, getEmployerRoster(big.employer, new Date()), admin, new Date());
await new Promise((r) => setTimeout(r, 100));
loopWhole.disable();
server.close();
agent.destroy();
await stopPdfWorker();

const load = os.loadavg()[0]!.toFixed(1);
console.log(
  REPORT_ONLY
    ? `\nThe compliance report of ${REPORT_ONLY.toLocaleString("en")} workers (${process.version}, ${os.cpus().length} cores, load average ${load})`
    : `\nExports as the roster grows, every worker certified through the app (${process.version}, ${os.cpus().length} cores, load average ${load})`,
);
const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
if (!REPORT_ONLY) {
  table([
    ["workers", "roster.csv streamed", "report drawn", "report stored", "bundle cold", "bundle warm", "bundle size", "report size", "heap after"],
    ...figures.map((f) => [f.n.toLocaleString("en"), ms(f.csvMs), ms(f.reportDrawMs), ms(f.reportStoredMs), s(f.bundleColdMs), s(f.bundleWarmMs), `${(f.bundleBytes / 1e6).toFixed(1)} MB`, `${(f.reportBytes / 1e6).toFixed(2)} MB`, `${f.heapMb.toFixed(0)} MB`]),
  ]);
  const first = figures[0]!;
  console.log(`\nGrowth against ${first.n} workers (time ratio; ${SIZES.map((n) => `${n / first.n}×`).join(" / ")} would be linear):`);
  table([
    ["workers", "rows ×", "roster.csv", "report drawn", "report stored", "bundle cold", "bundle warm"],
    ...figures.map((f) => [
      f.n.toLocaleString("en"),
      `${f.n / first.n}×`,
      `${(f.csvMs / first.csvMs).toFixed(1)}×`,
      `${(f.reportDrawMs / first.reportDrawMs).toFixed(1)}×`,
      `${(f.reportStoredMs / first.reportStoredMs).toFixed(1)}×`,
      `${(f.bundleColdMs / first.bundleColdMs).toFixed(1)}×`,
      `${(f.bundleWarmMs / first.bundleWarmMs).toFixed(1)}×`,
    ]),
  ]);
  const perRow = (f: Figures, k: keyof Figures) => (f[k] as number) / f.n;
  const last = figures[figures.length - 1]!;
  console.log(
    `ms per row at ${last.n.toLocaleString("en")} ÷ at ${figures[1]!.n.toLocaleString("en")}: roster.csv ${(perRow(last, "csvMs") / perRow(figures[1]!, "csvMs")).toFixed(2)}×, report drawn ${(perRow(last, "reportDrawMs") / perRow(figures[1]!, "reportDrawMs")).toFixed(2)}×, bundle cold ${(perRow(last, "bundleColdMs") / perRow(figures[1]!, "bundleColdMs")).toFixed(2)}×, warm ${(perRow(last, "bundleWarmMs") / perRow(figures[1]!, "bundleWarmMs")).toFixed(2)}× (1× is linear).`,
  );
  const five = figures.find((f) => f.n === 500);
  if (five) {
    console.log(`Goal: audit bundle of 500 workers ≤ 5 s cold: ${s(five.bundleColdMs)} — ${five.bundleColdMs <= 5000 ? "met" : "NOT met"}; ≤ 2 s warm: ${s(five.bundleWarmMs)} — ${five.bundleWarmMs <= 2000 ? "met" : "NOT met"}.`);
  }
}
// A probe is only sent when its timer fires, so one that would have waited out a long pause is
// never sent: the event loop's longest pause is what a request arriving then would wait. The
// delay is the larger of the two.
const delay = Math.max(during[during.length - 1]! - percentile(idle, 50), loop.max / 1e6);
console.log(`\nReport of ${big.n.toLocaleString("en")} rows drawn (no stored version) while a small request (one certificate read, JSON) is asked every 20 ms:`);
table([
  ["small request", "count", "p50", "p99", "max"],
  ["alone", idle.length, ms(percentile(idle, 50)), ms(percentile(idle, 99)), ms(idle[idle.length - 1]!)],
  ["while the report is drawn", during.length, ms(percentile(during, 50)), ms(percentile(during, 99)), ms(during[during.length - 1]!)],
]);
console.log(`Main thread's longest event-loop pause meanwhile: ${ms(loop.max / 1e6)} (roster read in pages); ${ms(loopWhole.max / 1e6)} with the roster read in one block.`);
if (big.n === 5000) {
  console.log(`Goal: report of 5,000 rows ≤ 10 s: ${s(concurrentReportMs)} — ${concurrentReportMs <= 10_000 ? "met" : "NOT met"}; other requests delayed ≤ 50 ms: worst ${ms(delay)} (the longer of a probe over the idle median and the event loop's longest pause) — ${delay <= 50 ? "met" : "NOT met"}.`);
}
saveResults("exports", {
  loadAverage: os.loadavg()[0],
  sizes: figures,
  setupMs: built.map((b) => ({ n: b.n, ms: b.setupMs })),
  concurrent: { rows: big.n, reportMs: concurrentReportMs, idleP50Ms: percentile(idle, 50), duringP50Ms: percentile(during, 50), duringP99Ms: percentile(during, 99), duringMaxMs: during[during.length - 1], loopMaxMs: loop.max / 1e6, loopMaxWholeReadMs: loopWhole.max / 1e6 },
});
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
